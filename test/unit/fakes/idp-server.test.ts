import { createHash, createPublicKey, createVerify, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  evaluateCondition,
  internalOtpConfig,
  passwordAndOtpPolicy,
  selectPolicy,
  startFakeIdpServer,
  type FakeIdpServer,
} from '../../fakes/idp-server';

const REDIRECT = 'http://127.0.0.1/callback';
const PASSWORD = 'pw-1';
let fake: FakeIdpServer;
let tenant: string;
let bare: string;

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    headers: response.headers,
  };
}

interface Started {
  id: string;
  cookie: string;
  verifier: string;
  tenant: string;
}

async function start(onTenant = tenant, extra: Record<string, string> = {}): Promise<Started> {
  const verifier = randomBytes(32).toString('base64url');
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: 'app',
    redirect_uri: REDIRECT,
    scope: 'openid profile',
    state: 'st-1',
    nonce: 'n-1',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...extra,
  });
  const reply = await call(`${fake.issuer(onTenant)}/v1/authorizations?${params}`);
  expect(reply.status).toBe(302);
  const location = new URL(reply.headers.get('location') ?? '');
  expect(location.pathname).toBe('/auth-views/signin/index.html');
  expect(location.searchParams.get('tenant_id')).toBe(onTenant);
  const setCookie = reply.headers.getSetCookie()[0] ?? '';
  expect(setCookie).toMatch(
    new RegExp(`^IDP_AUTH_SESSION=[^;]+; Path=/${onTenant}/; Max-Age=1800; HttpOnly`),
  );
  return {
    id: location.searchParams.get('id') ?? '',
    cookie: setCookie.split(';')[0] ?? '',
    verifier,
    tenant: onTenant,
  };
}

function step(
  flow: Started,
  name: string,
  body: unknown = {},
  cookie: string | null = flow.cookie,
): Promise<Reply> {
  return call(`${fake.issuer(flow.tenant)}/v1/authorizations/${flow.id}/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie !== null ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

function token(onTenant: string, form: Record<string, string>): Promise<Reply> {
  return call(`${fake.issuer(onTenant)}/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

beforeAll(async () => {
  fake = await startFakeIdpServer();
  tenant = fake.addTenant().id;
  fake.addClient(tenant, { clientId: 'app' });
  fake.addUser(tenant, {
    username: 'alice',
    password: PASSWORD,
    phoneNumber: '+819011112222',
    email: 'alice@example.com',
  });
  fake.addUser(tenant, { username: 'nophone', password: PASSWORD });
  fake.putAuthConfig(tenant, internalOtpConfig('sms'));
  fake.putAuthConfig(tenant, internalOtpConfig('email', { expireSeconds: 60, retryLimit: 2 }));
  fake.putPolicy(tenant, passwordAndOtpPolicy('sms'));
  bare = fake.addTenant().id; // no configuration, no policy
  fake.addClient(bare, { clientId: 'app' });
  fake.addUser(bare, { username: 'alice', password: PASSWORD, phoneNumber: '+819011112222' });
});
afterAll(async () => fake.close());
afterEach(() => {
  fake.resetClock();
  fake.failChallenges = undefined;
});

describe('authorization request and session cookie', () => {
  it('publishes discovery with the tenant issuer and PKCE methods', async () => {
    const reply = await call(`${fake.issuer(tenant)}/.well-known/openid-configuration`);
    expect(reply.body).toMatchObject({
      issuer: fake.issuer(tenant),
      authorization_endpoint: `${fake.issuer(tenant)}/v1/authorizations`,
      token_endpoint: `${fake.issuer(tenant)}/v1/tokens`,
      code_challenge_methods_supported: ['S256', 'plain'],
    });
    expect(reply.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('refuses unknown clients and unregistered redirect URIs on the error page, other errors at the redirect_uri', async () => {
    const unknown = await call(
      `${fake.issuer(tenant)}/v1/authorizations?response_type=code&client_id=nope&scope=openid`,
    );
    expect(unknown.headers.get('location')).toMatch(
      /\/error\/\?error=invalid_request&error_description=client_id is not registered/,
    );
    const badRedirect = await call(
      `${fake.issuer(tenant)}/v1/authorizations?response_type=code&client_id=app&scope=openid&redirect_uri=${encodeURIComponent('http://evil.example/cb')}`,
    );
    expect(badRedirect.headers.get('location')).toMatch(/\/error\/\?error=invalid_request/);
    const badType = await call(
      `${fake.issuer(tenant)}/v1/authorizations?response_type=token&client_id=app&scope=openid&state=s&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    );
    const location = new URL(badType.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location.searchParams.get('state')).toBe('s');
  });

  it('answers 401 auth_session_mismatch without or with a foreign cookie, 404 for unknown transactions', async () => {
    const flow = await start();
    const missing = await step(
      flow,
      'password-authentication',
      { username: 'alice', password: PASSWORD },
      null,
    );
    expect(missing.status).toBe(401);
    expect(missing.body.error_description).toMatch(/^auth_session_mismatch: Missing AUTH_SESSION cookie/);
    const other = await start();
    const foreign = await step(
      flow,
      'password-authentication',
      { username: 'alice', password: PASSWORD },
      other.cookie,
    );
    expect(foreign.status).toBe(401);
    expect(foreign.body.error_description).toMatch(/does not match/);
    const unknown = await step({ ...flow, id: 'no-such-id' }, 'password-authentication', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_description).toBe(
      'Authentication transaction not found for authorization identifier: no-such-id',
    );
    expect((await step(flow, 'totp-authentication')).body.error_description).toBe(
      'Unsupported interaction type: totp-authentication',
    );
  });

  it('expires the transaction after 1800 s', async () => {
    const flow = await start();
    fake.advance(1801);
    expect(
      (await step(flow, 'password-authentication', { username: 'alice', password: PASSWORD })).status,
    ).toBe(404);
  });
});

describe('password AND sms policy', () => {
  it('refuses password alone at authorize, then issues a code after the SMS step', async () => {
    const flow = await start();
    const wrong = await step(flow, 'password-authentication', { username: 'alice', password: 'nope' });
    expect(wrong).toMatchObject({
      status: 400,
      body: { error: 'invalid_credentials', error_description: 'Invalid username or password' },
    });
    const password = await step(flow, 'password-authentication', { username: 'alice', password: PASSWORD });
    expect(password.status).toBe(200);
    expect(password.body).toMatchObject({ username: 'alice', user: { status: 'REGISTERED' } });
    const early = await step(flow, 'authorize');
    expect(early).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: 'authentication is required' },
    });

    const sent = await step(flow, 'sms-authentication-challenge', { template: 'authentication' });
    expect(sent).toMatchObject({ status: 200, body: {} });
    const message = fake.outbox.at(-1);
    expect(message).toMatchObject({ method: 'sms', to: '+819011112222', template: 'authentication' });
    expect(message?.body).toBe(`Your code is ${message?.code} (300s)`);
    expect((await step(flow, 'sms-authentication', { verification_code: message?.code })).status).toBe(200);

    const done = await step(flow, 'authorize');
    expect(done.status).toBe(200);
    const redirect = new URL(String(done.body.redirect_uri));
    expect(redirect.searchParams.get('state')).toBe('st-1');
    expect(redirect.searchParams.get('iss')).toBe(fake.issuer(tenant));
    expect(done.headers.getSetCookie()[0]).toMatch(/^IDP_AUTH_SESSION=; .*Max-Age=0/);
    // The transaction is gone after authorize.
    expect((await step(flow, 'authorize')).status).toBe(404);

    const code = redirect.searchParams.get('code') ?? '';
    const base = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app' };
    const noVerifier = await token(tenant, base);
    expect(noVerifier.body.error_description).toBe(
      'authorization request has code_challenge, but token request does not contains code verifier',
    );
    const badVerifier = await token(tenant, { ...base, code_verifier: 'x'.repeat(43) });
    expect(badVerifier.body).toMatchObject({
      error: 'invalid_grant',
      error_description:
        'code_verifier of token request does not match code_challenge of authorization request',
    });
    const tokens = await token(tenant, { ...base, code_verifier: flow.verifier });
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: 1800, scope: 'openid profile' });
    const [header, payload, signature] = String(tokens.body.id_token).split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: fake.issuer(tenant),
      aud: 'app',
      nonce: 'n-1',
      amr: ['password', 'sms'],
    });
    const jwks = (await call(`${fake.issuer(tenant)}/v1/jwks`)).body.keys as Record<string, unknown>[];
    const key = createPublicKey({ key: jwks[0] as never, format: 'jwk' });
    expect(
      createVerify('RSA-SHA256')
        .update(`${header}.${payload}`)
        .verify(key, Buffer.from(signature ?? '', 'base64url')),
    ).toBe(true);
    // A code works once.
    expect((await token(tenant, { ...base, code_verifier: flow.verifier })).body.error_description).toBe(
      'not found authorization code.',
    );

    const refreshed = await token(tenant, {
      grant_type: 'refresh_token',
      refresh_token: String(tokens.body.refresh_token),
      client_id: 'app',
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(tokens.body.access_token);
    const replay = await token(tenant, {
      grant_type: 'refresh_token',
      refresh_token: String(tokens.body.refresh_token),
      client_id: 'app',
    });
    expect(replay.body.error).toBe('invalid_grant');
  });

  it('freezes the policy into the transaction when it starts', async () => {
    const flow = await start(bare); // no policy: password alone is enough
    fake.putPolicy(bare, passwordAndOtpPolicy('sms'));
    try {
      await step(flow, 'password-authentication', { username: 'alice', password: PASSWORD });
      expect((await step(flow, 'authorize')).status).toBe(200);
      const later = await start(bare);
      await step(later, 'password-authentication', { username: 'alice', password: PASSWORD });
      expect((await step(later, 'authorize')).body.error_description).toBe('authentication is required');
    } finally {
      fake.tenant(bare).policies.clear();
    }
  });
});

describe('one-time codes', () => {
  async function challenged(username = 'alice', method: 'sms' | 'email' = 'sms'): Promise<[Started, string]> {
    const flow = await start();
    await step(flow, 'password-authentication', { username, password: PASSWORD });
    const reply = await step(flow, `${method}-authentication-challenge`, { template: 'authentication' });
    expect(reply.status).toBe(200);
    return [flow, fake.lastCode() ?? ''];
  }

  it('a new challenge invalidates the previous code', async () => {
    const [flow, first] = await challenged();
    await step(flow, 'sms-authentication-challenge', { template: 'authentication' });
    const second = fake.lastCode() ?? '';
    if (first !== second) {
      const old = await step(flow, 'sms-authentication', { verification_code: first });
      expect(old.body).toEqual({ error: 'invalid_request', error_description: 'Invalid verification code' });
    }
    expect((await step(flow, 'sms-authentication', { verification_code: second })).status).toBe(200);
    // Success deletes the challenge: the same code cannot be replayed.
    const replay = await step(flow, 'sms-authentication', { verification_code: second });
    expect(replay.status).toBe(404);
    expect(replay.body.error_description).toMatch(
      /Authentication interaction is Not Found .*\(sms-authentication-challenge-request\)/,
    );
  });

  it('expires after expire_seconds', async () => {
    const [flow, code] = await challenged();
    fake.advance(301);
    const reply = await step(flow, 'sms-authentication', { verification_code: code });
    expect(reply).toMatchObject({ status: 400, body: { error_description: 'SMS challenge is expired' } });
  });

  it('stops at the retry limit, even for the right code', async () => {
    const [flow, code] = await challenged();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(
        (await step(flow, 'sms-authentication', { verification_code: wrong })).body.error_description,
      ).toBe('Invalid verification code');
    }
    const limited = await step(flow, 'sms-authentication', { verification_code: code });
    expect(limited.body.error_description).toBe('SMS challenge is reached limited to 5 attempts');
  });

  it('email uses its own configuration (60 s, 2 attempts) and messages', async () => {
    const [flow, code] = await challenged('alice', 'email');
    expect(fake.outbox.at(-1)).toMatchObject({ method: 'email', to: 'alice@example.com' });
    await step(flow, 'email-authentication', { verification_code: 'abc' });
    await step(flow, 'email-authentication', { verification_code: 'abc' });
    expect(
      (await step(flow, 'email-authentication', { verification_code: code })).body.error_description,
    ).toBe('email challenge is reached limited to 2 attempts');
    const [other, otherCode] = await challenged('alice', 'email');
    fake.advance(61);
    expect(
      (await step(other, 'email-authentication', { verification_code: otherCode })).body.error_description,
    ).toBe('email challenge is expired');
  });

  it('answers {} for a failed verification when the configuration maps no error fields', async () => {
    const silent = fake.addTenant().id;
    fake.addClient(silent, { clientId: 'app' });
    fake.addUser(silent, { username: 'alice', password: PASSWORD, phoneNumber: '+81900' });
    fake.putAuthConfig(silent, internalOtpConfig('sms', { mapErrors: false }));
    const flow = await start(silent);
    await step(flow, 'password-authentication', { username: 'alice', password: PASSWORD });
    await step(flow, 'sms-authentication-challenge', {});
    expect(await step(flow, 'sms-authentication', { verification_code: 'x' })).toMatchObject({
      status: 400,
      body: {},
    });
  });

  it('reports a missing configuration, a missing phone number, and a failing sender', async () => {
    const flow = await start(bare);
    await step(flow, 'password-authentication', { username: 'alice', password: PASSWORD });
    const missing = await step(flow, 'sms-authentication-challenge', {});
    expect(missing).toMatchObject({
      status: 404,
      body: { error_description: `Authentication Configuration is Not Found (${bare}) (sms)` },
    });

    const nophone = await start();
    await step(nophone, 'password-authentication', { username: 'nophone', password: PASSWORD });
    const noPhone = await step(nophone, 'sms-authentication-challenge', { phone_number: '+81999' });
    // requires_user: the request's phone number is ignored; the user has none.
    expect(noPhone).toMatchObject({
      status: 400,
      body: { error_description: 'phone_number is unspecified or invalid format.' },
    });

    fake.failChallenges = {
      status: 502,
      body: {
        error: 'external_service_error',
        error_description: 'Failed to authenticate with the external service.',
      },
    };
    const alice = await start();
    await step(alice, 'password-authentication', { username: 'alice', password: PASSWORD });
    expect((await step(alice, 'sms-authentication-challenge', {})).status).toBe(502);
  });

  it('a 2nd-factor SMS needs a signed-in user first', async () => {
    const flow = await start();
    const reply = await step(flow, 'sms-authentication-challenge', { phone_number: '+819011112222' });
    expect(reply.body.error).toBe('user_not_found');
  });

  it('exposes the latest code and the clock over HTTP for helper scripts', async () => {
    await challenged();
    const latest = await fetch(fake.url('/__fake/outbox/latest?to=%2B819011112222'));
    expect(await latest.text()).toBe(fake.lastCode('+819011112222'));
    const before = fake.now();
    await fetch(fake.url('/__fake/advance?seconds=100'), { method: 'POST' });
    expect(fake.now() - before).toBeGreaterThanOrEqual(100_000);
  });
});

describe('policy evaluation (docs/protocols/idp-server.md, “mfa-setup”)', () => {
  const context = { 'password-authentication': { success_count: 1 }, user: { roles: ['a'], sub: 'x' } };
  it('implements the operations', () => {
    const at = (operation: string, value: unknown, path = '$.password-authentication.success_count') =>
      evaluateCondition({ path, operation, value }, context);
    expect(at('gte', 1)).toBe(true);
    expect(at('gte', '1')).toBe(true);
    expect(at('gt', 1)).toBe(false);
    expect(at('gte', 1, '$.sms-authentication.success_count')).toBe(false);
    expect(at('missing', null, '$.sms-authentication.success_count')).toBe(true);
    expect(at('exists', null, '$.user.sub')).toBe(true);
    expect(at('contains', 'a', '$.user.roles')).toBe(true);
    expect(at('in', ['x', 'y'], '$.user.sub')).toBe(true);
    expect(at('nin', 'x', '$.user.sub')).toBe(false);
    expect(at('regex', 'x+', '$.user.sub')).toBe(true);
    expect(at('EQ', 1)).toBe(true);
    expect(at('between', 1)).toBe(false);
  });

  it('selects the matching policy with the highest priority, else the first', () => {
    const configuration = {
      policies: [
        { description: 'first', priority: 1, conditions: {} },
        { description: 'admin', priority: 20, conditions: { client_ids: ['admin'] } },
        { description: 'openid', priority: 10, conditions: { scopes: ['openid'] } },
      ],
    };
    const pick = (clientId: string, scopes: string[]) =>
      selectPolicy(configuration, { clientId, scopes, acrValues: [] })?.description;
    expect(pick('admin', ['openid'])).toBe('admin');
    expect(pick('app', ['openid'])).toBe('openid');
    expect(pick('app', ['profile'])).toBe('first');
    expect(
      selectPolicy(
        { policies: [{ description: 'only', conditions: { client_ids: ['x'] } }] },
        { clientId: 'y', scopes: [], acrValues: [] },
      )?.description,
    ).toBe('only');
  });
});

describe('Management API', () => {
  let admin: string;
  let token: string;
  let orgToken: string;

  beforeAll(async () => {
    admin = fake.addTenant().id;
    fake.addClient(admin, {
      clientId: 'admin-cli',
      grantTypes: ['password'],
      scopes: ['openid', 'management', 'org-management'],
    });
    const root = fake.addUser(admin, { username: 'root', password: 'root-pw' });
    fake.addOrganization({ id: 'org-1', tenants: [tenant], members: [root.sub] });
    const grant = async (scope: string) =>
      (
        await call(`${fake.issuer(admin)}/v1/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'password',
            client_id: 'admin-cli',
            username: 'root',
            password: 'root-pw',
            scope,
          }).toString(),
        })
      ).body.access_token as string;
    token = await grant('management');
    orgToken = await grant('org-management');
  });

  const mgmt = (path: string, init: RequestInit = {}, bearer = token) =>
    call(fake.url(`/v1/management${path}`), {
      ...init,
      headers: {
        authorization: `Bearer ${bearer}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });

  it('needs a bearer token with the right scope and organization membership', async () => {
    expect((await mgmt(`/tenants/${bare}/authentication-configurations`, {}, 'nope')).status).toBe(401);
    expect((await mgmt(`/tenants/${bare}/authentication-configurations`, {}, orgToken)).status).toBe(403);
    expect(
      (await mgmt(`/organizations/org-1/tenants/${tenant}/authentication-configurations`, {}, token)).status,
    ).toBe(403);
    const listed = await mgmt(
      `/organizations/org-1/tenants/${tenant}/authentication-configurations`,
      {},
      orgToken,
    );
    expect(listed.status).toBe(200);
    expect((listed.body.list as unknown[]).length).toBe(2);
    expect(
      (await mgmt(`/organizations/org-1/tenants/${bare}/authentication-configurations`, {}, orgToken)).status,
    ).toBe(404);
  });

  it('validates, supports dry_run, keeps one configuration per type and one policy per flow', async () => {
    const scratch = fake.addTenant().id;
    const invalid = await mgmt(`/tenants/${scratch}/authentication-configurations`, {
      method: 'POST',
      body: JSON.stringify({ type: 'sms' }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error_messages).toContain('id must be a UUID');
    const config = internalOtpConfig('sms');
    const dry = await mgmt(`/tenants/${scratch}/authentication-configurations?dry_run=true`, {
      method: 'POST',
      body: JSON.stringify(config),
    });
    expect(dry.body).toMatchObject({ dry_run: true, result: { id: config.id } });
    expect(fake.tenant(scratch).authConfigs.size).toBe(0);
    const created = await mgmt(`/tenants/${scratch}/authentication-configurations`, {
      method: 'POST',
      body: JSON.stringify(config),
    });
    expect(created).toMatchObject({
      status: 201,
      body: { dry_run: false, result: { id: config.id, enabled: true } },
    });
    const duplicate = await mgmt(`/tenants/${scratch}/authentication-configurations`, {
      method: 'POST',
      body: JSON.stringify(internalOtpConfig('sms')),
    });
    expect(duplicate.status).toBe(409);
    const changed = internalOtpConfig('sms', { retryLimit: 3 });
    changed.id = config.id;
    const put = await mgmt(`/tenants/${scratch}/authentication-configurations/${String(config.id)}`, {
      method: 'PUT',
      body: JSON.stringify(changed),
    });
    expect(put.status).toBe(200);
    expect(JSON.stringify(fake.tenant(scratch).authConfigs.get(String(config.id)))).toContain(
      '"retry_count_limitation":3',
    );

    const broken = passwordAndOtpPolicy('sms');
    for (const entry of broken.policies as Array<Record<string, unknown>>) {
      entry.success_conditions = { any_of: [[{ path: '$.x', operation: 'between' }]] };
    }
    const refused = await mgmt(`/tenants/${scratch}/authentication-policies`, {
      method: 'POST',
      body: JSON.stringify(broken),
    });
    expect(refused.status).toBe(400);
    expect(String(refused.body.error_messages)).toMatch(/operation is not supported/);
    const policy = passwordAndOtpPolicy('sms');
    expect(
      (
        await mgmt(`/tenants/${scratch}/authentication-policies`, {
          method: 'POST',
          body: JSON.stringify(policy),
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await mgmt(`/tenants/${scratch}/authentication-policies`, {
          method: 'POST',
          body: JSON.stringify(passwordAndOtpPolicy('sms')),
        })
      ).status,
    ).toBe(409);
  });
});
