import { describe, expect, it } from 'vitest';
import { Auth0Domain } from '../../../../../electron/core/providers/auth0/domain';
import { tokenRejected, managementRejected } from '../../../../../electron/core/providers/auth0/errors';
import {
  rejectionFrom,
  requestedWaitMs,
  retryTuning,
} from '../../../../../electron/core/providers/auth0/api';
import { auth0AdminProfile, auth0ApiKeyProfile } from '../../../../../electron/core/providers/auth0/profile';
import { generateKey } from '../../../../../electron/core/providers/auth0/key';
import { parsePermissions, userIdOf } from '../../../../../electron/core/providers/auth0/apikeys';

describe('--domain', () => {
  it('takes a host (https implied) or a loopback http origin; refuses paths and plain http elsewhere', () => {
    expect(Auth0Domain.parse('Tenant.JP.auth0.com')).toBe('https://tenant.jp.auth0.com');
    expect(Auth0Domain.parse('https://login.example.com:8443')).toBe('https://login.example.com:8443');
    expect(Auth0Domain.parse('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    for (const bad of ['http://tenant.auth0.com', 'https://tenant.auth0.com/api', 'tenant', 'ftp://x.y']) {
      expect(Auth0Domain.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('profiles', () => {
  const base = { domain: 'tenant.jp.auth0.com', clientId: 'abc', audience: 'https://api.example.com' };

  it('auth0-admin keeps the client secret as a secret and the rest as fields', () => {
    const built = auth0AdminProfile.build({ ...base, connection: 'api-keys' }, 's3cret');
    expect(built.fields).toEqual({ ...base, domain: 'https://tenant.jp.auth0.com', connection: 'api-keys' });
    expect(built.secrets).toEqual({ clientSecret: 's3cret' });
  });

  it('auth0-apikey checks the key before storing it and records its public id', () => {
    const { key, id } = generateKey();
    const built = auth0ApiKeyProfile.build({ ...base, realm: 'api-keys' }, `${key}`);
    expect(built.fields).toMatchObject({ keyId: id, realm: 'api-keys' });
    expect(JSON.stringify(built.fields)).not.toContain(key.slice(17));
    expect(() =>
      auth0ApiKeyProfile.build(
        { ...base, realm: 'api-keys' },
        key.slice(0, -1) + (key.endsWith('0') ? '1' : '0'),
      ),
    ).toThrow(/checksum|not a Tobira/);
    expect(() => auth0ApiKeyProfile.build({ ...base, realm: 'bad realm' }, key)).toThrow(/realm/);
  });
});

describe('rate-limit waits', () => {
  it('prefers Retry-After (seconds or date), else X-RateLimit-Reset (epoch seconds)', () => {
    const now = 1_700_000_000_000;
    expect(requestedWaitMs(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(requestedWaitMs(new Headers({ 'retry-after': new Date(now + 5000).toUTCString() }), now)).toBe(
      5000,
    );
    expect(requestedWaitMs(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 7) }), now)).toBe(7000);
    expect(requestedWaitMs(new Headers({ 'x-ratelimit-reset': String(now / 1000 - 7) }), now)).toBe(0);
    expect(requestedWaitMs(new Headers(), now)).toBeUndefined();
  });

  it('tuning comes from the environment for tests, with safe defaults', () => {
    expect(retryTuning({})).toMatchObject({ baseDelayMs: 500, maxWaitMs: 30_000, rateLimitAttempts: 5 });
    expect(
      retryTuning({ TOBIRA_AUTH0_RETRY_BASE_MS: '1', TOBIRA_AUTH0_RETRY_MAX_WAIT_MS: 'x' }),
    ).toMatchObject({
      baseDelayMs: 1,
      maxWaitMs: 30_000,
    });
  });
});

describe('Auth0 error shapes', () => {
  it('maps authentication API errors to clear exit-3 messages', () => {
    const map = (status: number, body: unknown) =>
      tokenRejected(rejectionFrom(status, body), { what: 'ci', keyId: 'abc' });
    expect(map(403, { error: 'invalid_grant', error_description: 'Wrong email or password.' }).key).toBe(
      'auth0.token.wrongKey',
    );
    expect(map(401, { error: 'unauthorized', error_description: 'user is blocked' }).key).toBe(
      'auth0.token.blocked',
    );
    expect(map(403, { error: 'invalid_grant', error_description: 'user is blocked' }).key).toBe(
      'auth0.token.blocked',
    );
    expect(map(429, { error: 'too_many_attempts', error_description: 'blocked' }).key).toBe(
      'auth0.token.bruteForce',
    );
    expect(map(403, { error: 'access_denied', error_description: 'Service not found: x' }).key).toBe(
      'auth0.token.unknownAudience',
    );
    expect(map(401, { error: 'access_denied', error_description: 'Unauthorized' }).key).toBe(
      'auth0.token.clientRejected',
    );
    expect(
      map(403, { error: 'mfa_required', error_description: 'Multifactor authentication required' }).key,
    ).toBe('auth0.token.mfaRequired');
    const error = map(403, {
      error: 'unauthorized_client',
      error_description: "Grant type 'x' not allowed.",
    });
    expect(error.exitCode).toBe(3);
    expect(error.render('ja')).toMatch(/Password/);
  });

  it('maps management API errors by status and errorCode', () => {
    const map = (status: number, body: unknown) =>
      managementRejected(rejectionFrom(status, body), { id: 'k' });
    const scope = map(403, {
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: delete:users',
      errorCode: 'insufficient_scope',
    });
    expect(scope.key).toBe('auth0.mgmt.scope');
    expect(scope.render('en')).toContain('delete:users');
    expect(
      map(404, { statusCode: 404, error: 'Not Found', message: 'The user does not exist.' }),
    ).toMatchObject({
      key: 'auth0.key.notFound',
      exitCode: 1,
    });
    expect(
      map(409, { statusCode: 409, error: 'Conflict', message: 'The user already exists.' }).exitCode,
    ).toBe(3);
    expect(map(400, '<html>').key).toBe('auth0.mgmt.badRequest');
  });
});

describe('CLI input helpers', () => {
  it('parses permission lists and key ids', () => {
    expect(parsePermissions('read:things, write:things,read:things,')).toEqual([
      'read:things',
      'write:things',
    ]);
    expect(() => parsePermissions('read things')).toThrow(/not valid/);
    expect(userIdOf('abcdefghijkl')).toBe('auth0|abcdefghijkl');
    expect(userIdOf('auth0|abcdefghijkl')).toBe('auth0|abcdefghijkl');
    expect(() => userIdOf('a/b')).toThrow();
  });
});
