import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOTP_PARAMS, totpCode } from '../../../electron/core/mfa';
import {
  decodeJwtPart,
  srnOf,
  startFakeSoracom,
  trustPolicyFor,
  type FakeSoracom,
  type FakeSoracomIdentity,
} from '../../fakes/soracom';

/** Mid-step, so ±1-step codes are unambiguous. */
const T0 = 1_700_000_010;
const PERIOD = DEFAULT_TOTP_PARAMS.period;

interface Reply {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
}

interface Session {
  apiKey: string;
  token: string;
}

let fake: FakeSoracom;

async function call(
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; session?: Session; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (options.session) {
    headers['x-soracom-api-key'] = options.session.apiKey;
    headers['x-soracom-token'] = options.session.token;
  }
  const response = await fetch(fake.url(path), { method, headers, body });
  const text = await response.text();
  const parsed: unknown = text === '' ? {} : JSON.parse(text);
  return {
    status: response.status,
    body: parsed as Record<string, unknown>,
    text,
    headers: response.headers,
  };
}

async function auth(body: Record<string, unknown>, headers?: Record<string, string>): Promise<Reply> {
  return call('POST', '/v1/auth', { body, headers: headers ?? {} });
}

async function login(body: Record<string, unknown>): Promise<Session & { operatorId: string }> {
  const reply = await auth(body);
  expect(reply.status, reply.text).toBe(200);
  return {
    apiKey: String(reply.body.apiKey),
    token: String(reply.body.token),
    operatorId: String(reply.body.operatorId),
  };
}

function expectError(reply: Reply, status: number, code: string) {
  expect(reply.status, reply.text).toBe(status);
  expect(Object.keys(reply.body).sort()).toEqual(['code', 'message']);
  expect(reply.body.code).toBe(code);
  expect(typeof reply.body.message).toBe('string');
}

function jwtClaims(token: string) {
  const parts = token.split('.');
  expect(parts).toHaveLength(3);
  expect(parts.every((part) => part.length > 0 && /^[A-Za-z0-9_-]+$/.test(part))).toBe(true);
  const header = decodeJwtPart(token, 0);
  const payload = decodeJwtPart(token, 1);
  const operator = payload.operator as Record<string, unknown>;
  return { header, payload, operator, iat: Number(payload.iat), exp: Number(payload.exp) };
}

// Seed shared by most tests.
let root: FakeSoracomIdentity;
let alice: FakeSoracomIdentity; // SAM, password, no permissions
let ops: FakeSoracomIdentity; // SAM, switch-user source with Auth:switchUser
let target: FakeSoracomIdentity; // SAM, switch target trusting root + ops
const ROOT_EMAIL = 'soracomapi@example.com';
const ROOT_PASSWORD = 'p@$$w0rd';

beforeAll(async () => {
  fake = await startFakeSoracom({ now: T0 });
  root = fake.addOperator({ email: ROOT_EMAIL, password: ROOT_PASSWORD, coverageTypes: ['jp', 'g'] });
  alice = fake.addSamUser({ operatorId: root.operatorId, userName: 'alice', password: 'alice-pw' });
  ops = fake.addSamUser({
    operatorId: root.operatorId,
    userName: 'ops',
    password: 'ops-pw',
    permissions: ['Auth:switchUser', 'Operator:generateAuthToken'],
  });
  target = fake.addSamUser({
    operatorId: root.operatorId,
    userName: 'target',
    trustPolicy: trustPolicyFor([root, ops]),
  });
});

afterEach(() => {
  fake.setNow(T0);
});

afterAll(async () => {
  // The fake never crashed (every failure was a deliberate 4xx or failNext).
  expect(fake.errors).toEqual([]);
  await fake.close();
});

describe('POST /v1/auth', () => {
  it('logs a root user in (§1.2 shape, JWT with operator.operatorId, exp - iat = tokenTimeoutSeconds)', async () => {
    const reply = await auth({ email: ROOT_EMAIL, password: ROOT_PASSWORD, tokenTimeoutSeconds: 3600 });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual(['apiKey', 'operatorId', 'token']);
    expect(reply.body.apiKey).toMatch(/^api-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(reply.body.operatorId).toBe(root.operatorId);
    expect(root.operatorId).toMatch(/^OP00\d{8}$/);
    const { header, payload, operator, iat, exp } = jwtClaims(String(reply.body.token));
    expect(header).toEqual({ alg: 'RS256', kid: 'fake' });
    expect(payload).toMatchObject({ iss: 'soracom.io', aud: 'Operator', sub: 'soracom', iat: T0 });
    expect(exp - iat).toBe(3600);
    expect(payload.nbf).toBe(iat - 120);
    expect(operator.operatorId).toBe(root.operatorId);
    expect(operator.coverageTypes).toEqual(['jp', 'g']);
  });

  it('defaults tokenTimeoutSeconds to 86400 and accepts the bounds 180 and 172800', async () => {
    const byDefault = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    const claims = jwtClaims(byDefault.token);
    expect(claims.exp - claims.iat).toBe(86400);
    for (const ttl of [180, 172800]) {
      const reply = await auth({ email: ROOT_EMAIL, password: ROOT_PASSWORD, tokenTimeoutSeconds: ttl });
      expect(reply.status).toBe(200);
      const c = jwtClaims(String(reply.body.token));
      expect(c.exp - c.iat).toBe(ttl);
    }
  });

  it.each([179, 172801, 0, -1])('rejects tokenTimeoutSeconds %i with 400', async (ttl) => {
    const reply = await auth({ email: ROOT_EMAIL, password: ROOT_PASSWORD, tokenTimeoutSeconds: ttl });
    expectError(reply, 400, 'COM0001');
  });

  it('logs a SAM user in and returns userName', async () => {
    const reply = await auth({ operatorId: root.operatorId, userName: 'alice', password: 'alice-pw' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ operatorId: root.operatorId, userName: 'alice' });
    expect(jwtClaims(String(reply.body.token)).operator.operatorId).toBe(root.operatorId);
  });

  it('logs in with a root AuthKey (no userName) and a SAM AuthKey (userName)', async () => {
    const rootKey = fake.addAuthKey(root);
    expect(rootKey.authKeyId).toMatch(/^keyId-[a-z0-9]{32}$/);
    expect(rootKey.authKey).toMatch(/^secret-[A-Za-z0-9]{64}$/);
    const rootReply = await auth({ ...rootKey, tokenTimeoutSeconds: 600 });
    expect(rootReply.status).toBe(200);
    expect(Object.keys(rootReply.body).sort()).toEqual(['apiKey', 'operatorId', 'token']);

    const samKey = fake.addAuthKey(alice);
    const samReply = await auth(samKey);
    expect(samReply.status).toBe(200);
    expect(samReply.body).toMatchObject({ operatorId: root.operatorId, userName: 'alice' });
  });

  it('gives authKey precedence over email/password, and email/password over operatorId/userName', async () => {
    const key = fake.addAuthKey(alice);
    // Right key, wrong root password: the AuthKey mode wins and succeeds as alice.
    const keyWins = await auth({ ...key, email: ROOT_EMAIL, password: 'wrong' });
    expect(keyWins.status).toBe(200);
    expect(keyWins.body.userName).toBe('alice');
    // Wrong key, right root password: the AuthKey mode still wins, so it fails.
    const keyFails = await auth({
      authKeyId: key.authKeyId,
      authKey: 'secret-nope',
      email: ROOT_EMAIL,
      password: ROOT_PASSWORD,
    });
    expectError(keyFails, 401, 'AUM0002');
    // email + password beats operatorId + userName: the root logs in (no userName).
    const emailWins = await auth({
      email: ROOT_EMAIL,
      password: ROOT_PASSWORD,
      operatorId: root.operatorId,
      userName: 'alice',
    });
    expect(emailWins.status).toBe(200);
    expect(emailWins.body.userName).toBeUndefined();
  });

  it('answers bad credentials with 401 AUM0002 and the observed message', async () => {
    const cases = [
      { email: ROOT_EMAIL, password: 'wrong' },
      { email: 'nobody@example.com', password: ROOT_PASSWORD },
      { operatorId: root.operatorId, userName: 'alice', password: 'wrong' },
      { operatorId: root.operatorId, userName: 'nobody', password: 'alice-pw' },
      { operatorId: root.operatorId, userName: 'target', password: '' }, // a user without a password
      { authKeyId: 'keyId-00000000000000000000000000000000', authKey: 'secret-x' },
      {},
    ];
    for (const body of cases) {
      const reply = await auth(body);
      expectError(reply, 401, 'AUM0002');
      expect(reply.body.message).toBe('Invalid username/password supplied.');
    }
  });

  it('does not read a lower-case `username` (the profile-file spelling) as userName', async () => {
    const reply = await auth({ operatorId: root.operatorId, username: 'alice', password: 'alice-pw' });
    expectError(reply, 401, 'AUM0002');
  });

  it('rejects a body that is not JSON, not an object, or has wrong types with 400', async () => {
    expectError(
      await call('POST', '/v1/auth', {
        raw: 'email=a&password=b',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'COM0001',
    );
    expectError(
      await call('POST', '/v1/auth', {
        raw: JSON.stringify({ email: ROOT_EMAIL, password: ROOT_PASSWORD }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      400,
      'COM0001',
    );
    expectError(await call('POST', '/v1/auth', { body: [ROOT_EMAIL] }), 400, 'COM0001');
    expectError(await call('POST', '/v1/auth', {}), 400, 'COM0001');
    expectError(await auth({ email: 5, password: ROOT_PASSWORD }), 400, 'COM0001');
    expectError(
      await auth({ email: ROOT_EMAIL, password: ROOT_PASSWORD, tokenTimeoutSeconds: '3600' }),
      400,
      'COM0001',
    );
    expectError(
      await auth({ email: ROOT_EMAIL, password: ROOT_PASSWORD, tokenTimeoutSeconds: 3600.5 }),
      400,
      'COM0001',
    );
    expectError(
      await auth({ email: ROOT_EMAIL, password: ROOT_PASSWORD, mfaOTPCode: 123456 }),
      400,
      'COM0001',
    );
  });

  it('counts sessions issued', async () => {
    const before = fake.sessionsIssued;
    await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    await auth({ email: ROOT_EMAIL, password: 'wrong' });
    expect(fake.sessionsIssued).toBe(before + 1);
  });
});

describe('MFA on /v1/auth', () => {
  let mfaRoot: FakeSoracomIdentity;
  let secret: string;
  const email = 'mfa@example.com';
  const password = 'mfa-pw';

  beforeAll(() => {
    mfaRoot = fake.addOperator({ email, password });
    secret = fake.enableMfa(mfaRoot).secret;
  });

  it('requires mfaOTPCode once MFA is ACTIVE (401, configurable code)', async () => {
    expectError(await auth({ email, password }), 401, 'AUM0063');
  });

  it('checks the password before the code', async () => {
    expectError(await auth({ email, password: 'wrong', mfaOTPCode: fake.totp(mfaRoot) }), 401, 'AUM0002');
  });

  it('rejects a wrong or malformed code with 401', async () => {
    const right = totpCode(secret, DEFAULT_TOTP_PARAMS, T0);
    const wrong = right === '000000' ? '111111' : '000000';
    for (const code of [
      wrong,
      '',
      '12345',
      'abcdef',
      totpCode(secret, DEFAULT_TOTP_PARAMS, T0 + 2 * PERIOD),
    ]) {
      expectError(await auth({ email, password, mfaOTPCode: code }), 401, 'AUM0064');
    }
  });

  it('accepts the right code once per time step and rejects its replay', async () => {
    fake.setNow(T0 + 10 * PERIOD);
    const code = fake.totp(mfaRoot);
    expect(code).toBe(totpCode(secret, DEFAULT_TOTP_PARAMS, T0 + 10 * PERIOD));
    const first = await auth({ email, password, mfaOTPCode: code });
    expect(first.status).toBe(200);
    expectError(await auth({ email, password, mfaOTPCode: code }), 401, 'AUM0064');
    // The next step's code works.
    fake.advance(PERIOD);
    expect((await auth({ email, password, mfaOTPCode: fake.totp(mfaRoot) })).status).toBe(200);
  });

  it('accepts codes of the previous and next step (±1) but not ±2', async () => {
    fake.setNow(T0 + 20 * PERIOD);
    const now = fake.now();
    expect(
      (await auth({ email, password, mfaOTPCode: totpCode(secret, DEFAULT_TOTP_PARAMS, now - PERIOD) }))
        .status,
    ).toBe(200);
    expect(
      (await auth({ email, password, mfaOTPCode: totpCode(secret, DEFAULT_TOTP_PARAMS, now + PERIOD) }))
        .status,
    ).toBe(200);
    expectError(
      await auth({ email, password, mfaOTPCode: totpCode(secret, DEFAULT_TOTP_PARAMS, now - 2 * PERIOD) }),
      401,
      'AUM0064',
    );
  });

  it('does not apply MFA to AuthKey logins', async () => {
    const key = fake.addAuthKey(mfaRoot);
    expect((await auth(key)).status).toBe(200);
  });

  it('applies MFA to SAM password logins', async () => {
    const bob = fake.addSamUser({ operatorId: mfaRoot.operatorId, userName: 'bob', password: 'bob-pw' });
    const bobSecret = fake.enableMfa(bob);
    expect(bobSecret.backupCodes).toBeUndefined();
    const body = { operatorId: bob.operatorId, userName: 'bob', password: 'bob-pw' };
    expectError(await auth(body), 401, 'AUM0063');
    fake.setNow(T0 + 40 * PERIOD);
    const ok = await auth({ ...body, mfaOTPCode: fake.totp(bob) });
    expect(ok.status).toBe(200);
    expect(ok.body.userName).toBe('bob');
  });

  it('takes configurable error codes and replay policy', async () => {
    const custom = await startFakeSoracom({
      now: T0,
      rejectOtpReplay: false,
      errors: { mfaRequired: { code: 'AUM9001' }, mfaInvalid: { code: 'AUM9002', status: 400 } },
    });
    try {
      const op = custom.addOperator({ email: 'c@example.com', password: 'pw' });
      custom.enableMfa(op);
      const post = async (body: unknown) => {
        const response = await fetch(custom.url('/v1/auth'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      expect(await post({ email: 'c@example.com', password: 'pw' })).toMatchObject({
        status: 401,
        body: { code: 'AUM9001', message: 'MFA OTP code required' },
      });
      expect(
        await post({
          email: 'c@example.com',
          password: 'pw',
          mfaOTPCode: '000000' === custom.totp(op) ? '111111' : '000000',
        }),
      ).toMatchObject({
        status: 400,
        body: { code: 'AUM9002' },
      });
      const code = custom.totp(op);
      expect((await post({ email: 'c@example.com', password: 'pw', mfaOTPCode: code })).status).toBe(200);
      expect((await post({ email: 'c@example.com', password: 'pw', mfaOTPCode: code })).status).toBe(200);
    } finally {
      await custom.close();
    }
  });
});

describe('POST /v1/auth/switch_user', () => {
  it('switches a root source to a SAM user that trusts it (default TTL 3600)', async () => {
    const source = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    const reply = await call('POST', '/v1/auth/switch_user', {
      session: source,
      body: { operatorId: target.operatorId, userName: 'target' },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual(['apiKey', 'operatorId', 'token', 'userName']);
    expect(reply.body).toMatchObject({ operatorId: target.operatorId, userName: 'target' });
    expect(reply.body.apiKey).not.toBe(source.apiKey);
    const claims = jwtClaims(String(reply.body.token));
    expect(claims.exp - claims.iat).toBe(3600);
    expect(fake.session(String(reply.body.apiKey))).toMatchObject({ via: 'switch_user', identity: target });
    // The source stays logged in.
    expect((await call('GET', `/v1/operators/${root.operatorId}`, { session: source })).status).toBe(200);
  });

  it('switches a SAM source with Auth:switchUser listed as User:<name>, honouring TTL 180..3600', async () => {
    const source = await login({ operatorId: ops.operatorId, userName: 'ops', password: 'ops-pw' });
    const switchTo = (tokenTimeoutSeconds?: number) =>
      call('POST', '/v1/auth/switch_user', {
        session: source,
        body: { operatorId: target.operatorId, userName: 'target', tokenTimeoutSeconds },
      });
    for (const ttl of [180, 900, 3600]) {
      const reply = await switchTo(ttl);
      expect(reply.status).toBe(200);
      const claims = jwtClaims(String(reply.body.token));
      expect(claims.exp - claims.iat).toBe(ttl);
    }
    expectError(await switchTo(179), 400, 'COM0001');
    expectError(await switchTo(3601), 400, 'COM0001');
  });

  it('denies a destination without a trust policy (400)', async () => {
    const source = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    const reply = await call('POST', '/v1/auth/switch_user', {
      session: source,
      body: { operatorId: alice.operatorId, userName: 'alice' },
    });
    expectError(reply, 400, 'AUM0052');
    expect(reply.body.message).toBe('Switch user not allowed');
  });

  it('denies a source the trust policy does not list (400)', async () => {
    const other = fake.addOperator({ email: 'other@example.com', password: 'other-pw' });
    fake.addSamUser({
      operatorId: other.operatorId,
      userName: 'guarded',
      trustPolicy: trustPolicyFor([`srn:soracom:${root.operatorId}::User:someone-else`]),
    });
    const source = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    const body = { operatorId: other.operatorId, userName: 'guarded' };
    expectError(await call('POST', '/v1/auth/switch_user', { session: source, body }), 400, 'AUM0052');
    // Listing the root SRN of the source operator lets it in (cross-operator switch).
    fake.setTrustPolicy({ ...body, trustPolicy: trustPolicyFor([srnOf(root)]) });
    const allowed = await call('POST', '/v1/auth/switch_user', { session: source, body });
    expect(allowed.status).toBe(200);
    expect(allowed.body.operatorId).toBe(other.operatorId);
    // A root user is never a switch target; unknown users are "not allowed" too.
    expectError(
      await call('POST', '/v1/auth/switch_user', {
        session: source,
        body: { operatorId: other.operatorId, userName: 'nobody' },
      }),
      400,
      'AUM0052',
    );
  });

  it('denies a SAM source without Auth:switchUser (403 AUM0017) even when trusted', async () => {
    fake.setTrustPolicy({ ...target, userName: 'target', trustPolicy: trustPolicyFor([root, ops, alice]) });
    const source = await login({ operatorId: alice.operatorId, userName: 'alice', password: 'alice-pw' });
    const reply = await call('POST', '/v1/auth/switch_user', {
      session: source,
      body: { operatorId: target.operatorId, userName: 'target' },
    });
    expectError(reply, 403, 'AUM0017');
    expect(reply.body.message).toContain('Auth:switchUser');
    fake.setTrustPolicy({ ...target, userName: 'target', trustPolicy: trustPolicyFor([root, ops]) });
  });

  it('needs a session and a body with operatorId and userName', async () => {
    expectError(
      await call('POST', '/v1/auth/switch_user', {
        body: { operatorId: target.operatorId, userName: 'target' },
      }),
      401,
      'AUM0001',
    );
    const source = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    expectError(
      await call('POST', '/v1/auth/switch_user', {
        session: source,
        body: { operatorId: target.operatorId, username: 'target' },
      }),
      400,
      'COM0001',
    );
  });
});

describe('session lifetime', () => {
  it('answers AUM0001 401 without headers, or with only one of them', async () => {
    const path = `/v1/operators/${root.operatorId}`;
    const noHeaders = await call('GET', path);
    expectError(noHeaders, 401, 'AUM0001');
    expect(noHeaders.body.message).toBe('Token is required in the request header');
    const session = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    expectError(
      await call('GET', path, { headers: { 'x-soracom-api-key': session.apiKey } }),
      401,
      'AUM0001',
    );
    expectError(await call('GET', path, { headers: { 'x-soracom-token': session.token } }), 401, 'AUM0001');
  });

  it('refuses an unknown key, or a token of another session, with 401', async () => {
    const a = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    const b = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    const path = `/v1/operators/${root.operatorId}`;
    expect((await call('GET', path, { session: { apiKey: a.apiKey, token: b.token } })).status).toBe(401);
    expect((await call('GET', path, { session: { apiKey: 'api-nope', token: a.token } })).status).toBe(401);
  });

  it('logs out with 204 and then refuses the key and token with 401', async () => {
    const session = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    const logout = await call('POST', '/v1/auth/logout', { session });
    expect(logout.status).toBe(204);
    expect(logout.text).toBe('');
    expect(fake.session(session.apiKey)?.revoked).toBe(true);
    expectError(await call('GET', `/v1/operators/${root.operatorId}`, { session }), 401, 'AUM0001');
    expect((await call('POST', '/v1/auth/logout', { session })).status).toBe(401);
    expect((await call('POST', `/v1/operators/${root.operatorId}/token`, { session, body: {} })).status).toBe(
      401,
    );
  });

  it('refuses a token past its exp with 401', async () => {
    const session = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD, tokenTimeoutSeconds: 180 });
    const path = `/v1/operators/${root.operatorId}`;
    fake.advance(179);
    expect((await call('GET', path, { session })).status).toBe(200);
    fake.advance(1);
    expect((await call('GET', path, { session })).status).toBe(401);
  });

  it('refreshes the token keeping the apiKey; an expired session gets 400', async () => {
    const session = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD, tokenTimeoutSeconds: 600 });
    fake.advance(60);
    const reply = await call('POST', `/v1/operators/${root.operatorId}/token`, {
      session,
      body: { tokenTimeoutSeconds: 7200 },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(Object.keys(reply.body)).toEqual(['token']);
    const fresh = String(reply.body.token);
    expect(fresh).not.toBe(session.token);
    const claims = jwtClaims(fresh);
    expect(claims.exp - claims.iat).toBe(7200);
    expect(claims.iat).toBe(T0 + 60);
    expect(fake.session(session.apiKey)).toMatchObject({ token: fresh, exp: T0 + 60 + 7200 });
    // Same apiKey, new token.
    const withNew = { apiKey: session.apiKey, token: fresh };
    expect((await call('GET', `/v1/operators/${root.operatorId}`, { session: withNew })).status).toBe(200);
    // Without a body it defaults to 86400; bounds as /auth.
    const byDefault = await call('POST', `/v1/operators/${root.operatorId}/token`, { session: withNew });
    expect(byDefault.status).toBe(200);
    const defaultClaims = jwtClaims(String(byDefault.body.token));
    expect(defaultClaims.exp - defaultClaims.iat).toBe(86400);
    expectError(
      await call('POST', `/v1/operators/${root.operatorId}/token`, {
        session: withNew,
        body: { tokenTimeoutSeconds: 172801 },
      }),
      400,
      'COM0001',
    );

    fake.expireSession(session.apiKey);
    expectError(
      await call('POST', `/v1/operators/${root.operatorId}/token`, { session: withNew, body: {} }),
      400,
      'AUM0007',
    );
    expect((await call('GET', `/v1/operators/${root.operatorId}`, { session: withNew })).status).toBe(401);
  });

  it('needs Operator:generateAuthToken for a SAM user to refresh', async () => {
    const aliceSession = await login({
      operatorId: alice.operatorId,
      userName: 'alice',
      password: 'alice-pw',
    });
    expectError(
      await call('POST', `/v1/operators/${alice.operatorId}/token`, { session: aliceSession, body: {} }),
      403,
      'AUM0017',
    );
    const opsSession = await login({ operatorId: ops.operatorId, userName: 'ops', password: 'ops-pw' });
    const reply = await call('POST', `/v1/operators/${ops.operatorId}/token`, {
      session: opsSession,
      body: {},
    });
    expect(reply.status).toBe(200);
    expect(jwtClaims(String(reply.body.token)).operator.operatorId).toBe(ops.operatorId);
  });

  it('revokes every root session with DELETE /operators/{id}/tokens', async () => {
    const other = fake.addOperator({ email: 'revoke@example.com', password: 'pw' });
    const a = await login({ email: 'revoke@example.com', password: 'pw' });
    const b = await login({ email: 'revoke@example.com', password: 'pw' });
    expect((await call('DELETE', `/v1/operators/${other.operatorId}/tokens`, { session: a })).status).toBe(
      204,
    );
    expect((await call('GET', `/v1/operators/${other.operatorId}`, { session: b })).status).toBe(401);
  });
});

describe('operator and user reads', () => {
  it('GET /operators/{id} answers the root with the §5.3 shape', async () => {
    const session = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    const reply = await call('GET', `/v1/operators/${root.operatorId}`, { session });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ operatorId: root.operatorId, email: ROOT_EMAIL, description: '' });
    expect(Object.keys(reply.body).sort()).toEqual(
      ['createDate', 'description', 'email', 'operatorId', 'rootOperatorId', 'updateDate'].sort(),
    );
  });

  it('GET /operators/{id} denies a SAM user without Operator:getOperator (403 AUM0017)', async () => {
    const session = await login({ operatorId: alice.operatorId, userName: 'alice', password: 'alice-pw' });
    const reply = await call('GET', `/v1/operators/${alice.operatorId}`, { session });
    expectError(reply, 403, 'AUM0017');
    expect(reply.body.message).toBe(
      "SAM user 'alice' doesn't have permission 'Operator:getOperator' to perform this action.",
    );
    fake.setPermissions({ ...alice, userName: 'alice', permissions: ['Operator:*'] });
    expect((await call('GET', `/v1/operators/${alice.operatorId}`, { session })).status).toBe(200);
    fake.setPermissions({ ...alice, userName: 'alice', permissions: [] });
  });

  it('GET /operators/{id} of another operator is 400', async () => {
    const session = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    expectError(await call('GET', '/v1/operators/OP0000000000', { session }), 400, 'AUM0018');
  });

  it('GET /operators/{id}/users/{user} answers the user detail shape', async () => {
    const session = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    const reply = await call('GET', `/v1/operators/${root.operatorId}/users/ops`, { session });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ userName: 'ops', hasPassword: true, roleList: [], authKeyList: [] });
    expect(JSON.parse(String(reply.body.permission))).toEqual({
      statements: [{ effect: 'allow', api: ['Auth:switchUser', 'Operator:generateAuthToken'] }],
    });
    expect(typeof reply.body.createDateTime).toBe('number');
    expectError(
      await call('GET', `/v1/operators/${root.operatorId}/users/nobody`, { session }),
      404,
      'AUM0010',
    );
  });
});

describe('MFA management endpoints', () => {
  it('enables, verifies (±1 step, 5 × 8-digit backup codes), reports and revokes root MFA', async () => {
    const op = fake.addOperator({ email: 'enable@example.com', password: 'pw' });
    const session = await login({ email: 'enable@example.com', password: 'pw' });
    const base = `/v1/operators/${op.operatorId}/mfa`;
    expect((await call('GET', base, { session })).body).toEqual({ status: 'INACTIVE' });

    const enabled = await call('POST', base, { session });
    expect(enabled.status).toBe(200);
    const uri = String(enabled.body.totpUri);
    const match = /^otpauth:\/\/totp\/SORACOM:(OP\d{10})\?secret=([A-Z2-7]{16})&issuer=SORACOM$/.exec(uri);
    expect(match?.[1]).toBe(op.operatorId);
    const secret = match?.[2] ?? '';
    expect((await call('GET', base, { session })).body).toEqual({ status: 'UNCONFIRMED' });
    // Still UNCONFIRMED, so password login works without a code.
    expect((await auth({ email: 'enable@example.com', password: 'pw' })).status).toBe(200);

    expectError(
      await call('POST', `${base}/verify`, {
        session,
        body: { mfaOTPCode: totpCode(secret, DEFAULT_TOTP_PARAMS, T0 - 2 * PERIOD) },
      }),
      400,
      'AUM0065',
    );
    expectError(await call('POST', `${base}/verify`, { session, body: {} }), 400, 'COM0001');
    const verified = await call('POST', `${base}/verify`, {
      session,
      body: { mfaOTPCode: totpCode(secret, DEFAULT_TOTP_PARAMS, T0 - PERIOD) },
    });
    expect(verified.status).toBe(200);
    const codes = verified.body.backupCodes as string[];
    expect(codes).toHaveLength(5);
    for (const code of codes) expect(code).toMatch(/^\d{8}$/);
    expect((await call('GET', base, { session })).body).toEqual({ status: 'ACTIVE' });
    expectError(await call('POST', base, { session }), 400, 'AUM0066');
    expectError(await auth({ email: 'enable@example.com', password: 'pw' }), 401, 'AUM0063');

    expectError(await call('DELETE', base, { session }), 400, 'COM0001');
    expectError(await call('DELETE', base, { session, body: { password: 'wrong' } }), 403, 'AUM0002');
    expect((await call('DELETE', base, { session, body: { password: 'pw' } })).status).toBe(204);
    expect((await call('GET', base, { session })).body).toEqual({ status: 'INACTIVE' });
    expect((await auth({ email: 'enable@example.com', password: 'pw' })).status).toBe(200);
  });

  it('manages SAM user MFA: verify answers 204 without backup codes', async () => {
    const carol = fake.addSamUser({ operatorId: root.operatorId, userName: 'carol', password: 'carol-pw' });
    const session = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    const base = `/v1/operators/${carol.operatorId}/users/carol/mfa`;
    const enabled = await call('POST', base, { session });
    expect(enabled.status).toBe(200);
    const secret = new URL(String(enabled.body.totpUri)).searchParams.get('secret') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16}$/);
    expect(String(enabled.body.totpUri)).toMatch(
      /^otpauth:\/\/totp\/SORACOM:OP\d{10}:carol\?secret=[A-Z2-7]{16}&issuer=SORACOM$/,
    );
    const verified = await call('POST', `${base}/verify`, {
      session,
      body: { mfaOTPCode: totpCode(secret, DEFAULT_TOTP_PARAMS, T0) },
    });
    expect(verified.status).toBe(204);
    expect(verified.text).toBe('');
    expect((await call('GET', base, { session })).body).toEqual({ status: 'ACTIVE' });
    expect(fake.samUser(carol.operatorId, 'carol')?.mfa.status).toBe('ACTIVE');

    // carol cannot manage her own MFA without User:* permissions.
    fake.setNow(T0 + 5 * PERIOD);
    const own = await login({
      ...carol,
      password: 'carol-pw',
      mfaOTPCode: totpCode(secret, DEFAULT_TOTP_PARAMS, T0 + 5 * PERIOD),
    });
    expectError(await call('DELETE', base, { session: own }), 403, 'AUM0017');

    expect((await call('DELETE', base, { session })).status).toBe(204);
    expect((await call('GET', base, { session })).body).toEqual({ status: 'INACTIVE' });
  });
});

describe('trust policy endpoints', () => {
  it('stores, returns and deletes the trust policy string', async () => {
    const dave = fake.addSamUser({ operatorId: root.operatorId, userName: 'dave' });
    const session = await login({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    const path = `/v1/operators/${dave.operatorId}/users/dave/trust_policy`;
    const policy = JSON.stringify(trustPolicyFor([ops]));
    expect((await call('PUT', path, { session, body: { trustPolicy: policy } })).status).toBe(204);
    expect((await call('GET', path, { session })).body).toEqual({ trustPolicy: policy });
    expect(fake.samUser(dave.operatorId, 'dave')?.trustPolicy).toBe(policy);

    const opsSession = await login({ operatorId: ops.operatorId, userName: 'ops', password: 'ops-pw' });
    const body = { operatorId: dave.operatorId, userName: 'dave' };
    expect((await call('POST', '/v1/auth/switch_user', { session: opsSession, body })).status).toBe(200);

    expectError(await call('PUT', path, { session, body: { trustPolicy: 'not json' } }), 400, 'COM0001');
    expectError(
      await call('PUT', path, { session, body: { trustPolicy: { statements: [] } } }),
      400,
      'COM0001',
    );
    expect((await call('DELETE', path, { session })).status).toBe(204);
    expect((await call('GET', path, { session })).body).toEqual({});
    expectError(await call('POST', '/v1/auth/switch_user', { session: opsSession, body }), 400, 'AUM0052');
  });
});

describe('service behaviour', () => {
  it('answers unknown paths and methods with 404 {code,message}', async () => {
    expectError(await call('GET', '/v1/nope'), 404, 'COM0404');
    expectError(await call('GET', '/v1/auth'), 404, 'COM0404');
    expectError(
      await call('POST', '/auth', { body: { email: ROOT_EMAIL, password: ROOT_PASSWORD } }),
      404,
      'COM0404',
    );
  });

  it('failNext answers 503 then recovers', async () => {
    fake.failNext(2, 503);
    const body = { email: ROOT_EMAIL, password: ROOT_PASSWORD };
    const first = await auth(body);
    expectError(first, 503, 'COM0503');
    expectError(await auth(body), 503, 'COM0503');
    expect((await auth(body)).status).toBe(200);
  });

  it('failNext supports 429 with Retry-After and 500', async () => {
    fake.failNext(1, 429, { retryAfterSeconds: 2 });
    const limited = await auth({ email: ROOT_EMAIL, password: ROOT_PASSWORD });
    expectError(limited, 429, 'COM0429');
    expect(limited.headers.get('retry-after')).toBe('2');
    fake.failNext(1, 500, { code: 'COM9999' });
    expectError(await call('GET', '/v1/anything'), 500, 'COM9999');
    expect((await auth({ email: ROOT_EMAIL, password: ROOT_PASSWORD })).status).toBe(200);
  });

  it('localises messages for X-Soracom-Lang: ja and falls back to English', async () => {
    const ja = await auth({ email: ROOT_EMAIL, password: 'wrong' }, { 'x-soracom-lang': 'ja' });
    expectError(ja, 401, 'AUM0002');
    expect(ja.body.message).toBe('ユーザー名またはパスワードが正しくありません。');
    const noToken = await call('GET', `/v1/operators/${root.operatorId}`, {
      headers: { 'x-soracom-lang': 'ja' },
    });
    expectError(noToken, 401, 'AUM0001');
    expect(noToken.body.message).toBe('リクエストヘッダーにトークンが必要です');
    const fr = await auth({ email: ROOT_EMAIL, password: 'wrong' }, { 'x-soracom-lang': 'fr' });
    expect(fr.body.message).toBe('Invalid username/password supplied.');
  });

  it('records requests as sent', async () => {
    const before = fake.requests.length;
    await auth({ email: ROOT_EMAIL, password: ROOT_PASSWORD, tokenTimeoutSeconds: 600 });
    const recorded = fake.requests[before];
    expect(recorded?.method).toBe('POST');
    expect(recorded?.path).toBe('/v1/auth');
    expect(JSON.parse(recorded?.body ?? '{}')).toEqual({
      email: ROOT_EMAIL,
      password: ROOT_PASSWORD,
      tokenTimeoutSeconds: 600,
    });
  });
});
