import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  jwtPayload,
  MANAGEMENT_SCOPES,
  PASSWORD_REALM,
  standardTenant,
  startFakeAuth0,
  type FakeAuth0,
} from '../../fakes/auth0';

const MGMT_SECRET = 'mgmt-secret-0123456789';

let fake: FakeAuth0;
let tenant: ReturnType<typeof standardTenant>;
let adminToken: string;

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  options: { json?: unknown; form?: Record<string, string>; token?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(fake.url(path), { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
    headers: response.headers,
  };
}

const token = (form: Record<string, string>) => call('POST', '/oauth/token', { form });

function mgmtToken(scopes?: string): Promise<Reply> {
  return token({
    grant_type: 'client_credentials',
    client_id: tenant.managementClientId,
    client_secret: MGMT_SECRET,
    audience: fake.managementAudience,
    ...(scopes !== undefined ? { scope: scopes } : {}),
  });
}

async function createKeyUser(id: string, password = 'Secret1234abcdEF'): Promise<Reply> {
  return call('POST', '/api/v2/users', {
    token: adminToken,
    json: {
      connection: tenant.connection,
      user_id: id,
      email: `${id}@apikey.invalid`,
      email_verified: true,
      verify_email: false,
      password,
      name: `key ${id}`,
      app_metadata: { tobira: { name: `key ${id}` } },
    },
  });
}

function exchange(id: string, password: string, extra: Record<string, string> = {}): Promise<Reply> {
  return token({
    grant_type: PASSWORD_REALM,
    client_id: tenant.exchangerClientId,
    username: `${id}@apikey.invalid`,
    password,
    realm: tenant.connection,
    audience: tenant.audience,
    ...extra,
  });
}

beforeAll(async () => {
  fake = await startFakeAuth0();
  tenant = standardTenant(fake, { managementSecret: MGMT_SECRET });
  adminToken = String((await mgmtToken()).body.access_token);
});
afterAll(async () => fake.close());

describe('fake Auth0: client credentials', () => {
  it('issues a Management API token with the granted scopes, in the documented shape', async () => {
    const reply = await mgmtToken();
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
    expect(String(reply.body.scope).split(' ').sort()).toEqual([...MANAGEMENT_SCOPES].sort());
    const claims = jwtPayload(String(reply.body.access_token));
    expect(claims).toMatchObject({
      sub: `${tenant.managementClientId}@clients`,
      aud: fake.managementAudience,
    });
  });

  it('accepts a JSON body as well as a form, and narrows scopes on request', async () => {
    const reply = await call('POST', '/oauth/token', {
      json: {
        grant_type: 'client_credentials',
        client_id: tenant.managementClientId,
        client_secret: MGMT_SECRET,
        audience: fake.managementAudience,
        scope: 'read:users',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.scope).toBe('read:users');
  });

  it('rejects a wrong secret (401 access_denied), an unknown API, a missing client grant and a disabled grant type', async () => {
    const base = { grant_type: 'client_credentials', client_id: tenant.managementClientId };
    expect(await token({ ...base, client_secret: 'wrong', audience: fake.managementAudience })).toMatchObject(
      { status: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } },
    );
    const unknown = await token({ ...base, client_secret: MGMT_SECRET, audience: 'https://nope' });
    expect(unknown).toMatchObject({
      status: 403,
      body: { error: 'access_denied', error_description: 'Service not found: https://nope' },
    });
    const noGrant = await token({ ...base, client_secret: MGMT_SECRET, audience: tenant.audience });
    expect(noGrant.status).toBe(403);
    expect(String(noGrant.body.error_description)).toMatch(/not authorized to access/);
    const wrongGrant = await token({
      grant_type: 'client_credentials',
      client_id: tenant.exchangerClientId,
      audience: tenant.audience,
    });
    expect(wrongGrant).toMatchObject({ status: 403, body: { error: 'unauthorized_client' } });
  });
});

describe('fake Auth0: Management API', () => {
  it('checks the bearer token and the scope, in the management error shape', async () => {
    expect(await call('GET', '/api/v2/users/auth0%7Cx')).toMatchObject({
      status: 401,
      body: { statusCode: 401, error: 'Unauthorized', message: 'Missing authentication' },
    });
    expect((await call('GET', '/api/v2/users/auth0%7Cx', { token: 'forged.token.x' })).status).toBe(401);
    const readOnly = String((await mgmtToken('read:users')).body.access_token);
    const denied = await call('DELETE', '/api/v2/users/auth0%7Cx', { token: readOnly });
    expect(denied).toMatchObject({
      status: 403,
      body: {
        statusCode: 403,
        error: 'Forbidden',
        message: 'Insufficient scope, expected any of: delete:users',
        errorCode: 'insufficient_scope',
      },
    });
    // A password-realm token is not a Management API token.
    await createKeyUser('scopecheck001');
    const userToken = String((await exchange('scopecheck001', 'Secret1234abcdEF')).body.access_token);
    expect((await call('GET', '/api/v2/users/auth0%7Cscopecheck001', { token: userToken })).status).toBe(401);
  });

  it('creates a user (201, auth0|id, identities), refuses duplicates (409) and bad payloads (400)', async () => {
    const created = await createKeyUser('create0000001');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      user_id: 'auth0|create0000001',
      email: 'create0000001@apikey.invalid',
      identities: [{ connection: tenant.connection, provider: 'auth0', user_id: 'create0000001' }],
      app_metadata: { tobira: { name: 'key create0000001' } },
    });
    expect(await createKeyUser('create0000001')).toMatchObject({
      status: 409,
      body: { statusCode: 409, message: 'The user already exists.' },
    });
    const extra = await call('POST', '/api/v2/users', {
      token: adminToken,
      json: { connection: tenant.connection, email: 'a@b.invalid', password: 'Secret1234abcdEF', bogus: 1 },
    });
    expect(extra).toMatchObject({ status: 400, body: { errorCode: 'invalid_body' } });
    expect(String(extra.body.message)).toMatch(/Additional properties not allowed: bogus/);
    const noConnection = await call('POST', '/api/v2/users', {
      token: adminToken,
      json: { connection: 'nope', email: 'a@b.invalid', password: 'Secret1234abcdEF' },
    });
    expect(noConnection).toMatchObject({ status: 400, body: { errorCode: 'inexistent_connection' } });
    expect((await createKeyUser('weak000000001', 'short')).body).toMatchObject({
      statusCode: 400,
      errorCode: 'invalid_password',
    });
    const username = await call('POST', '/api/v2/users', {
      token: adminToken,
      json: {
        connection: tenant.connection,
        email: 'u@b.invalid',
        username: 'u',
        password: 'Secret1234abcdEF',
      },
    });
    expect(username.status).toBe(400);
  });

  it('gets (404 when missing), patches blocked and app_metadata, and deletes idempotently (204)', async () => {
    await createKeyUser('patch00000001');
    const path = '/api/v2/users/auth0%7Cpatch00000001';
    const patched = await call('PATCH', path, {
      token: adminToken,
      json: { blocked: true, app_metadata: { extra: 'x' } },
    });
    expect(patched.body).toMatchObject({
      blocked: true,
      app_metadata: { tobira: { name: 'key patch00000001' }, extra: 'x' },
    });
    expect((await call('DELETE', path, { token: adminToken })).status).toBe(204);
    expect(await call('GET', path, { token: adminToken })).toMatchObject({
      status: 404,
      body: { statusCode: 404, message: 'The user does not exist.', errorCode: 'inexistent_user' },
    });
    expect((await call('DELETE', path, { token: adminToken })).status).toBe(204);
    expect((await call('PATCH', path, { token: adminToken, json: { blocked: false } })).status).toBe(404);
  });

  it('lists users of a connection with totals and pages', async () => {
    const query = (page: number) =>
      `/api/v2/users?q=${encodeURIComponent(`identities.connection:"${tenant.connection}"`)}&search_engine=v3&per_page=2&page=${page}&include_totals=true`;
    const first = await call('GET', query(0), { token: adminToken });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ start: 0, limit: 2 });
    expect((first.body.users as unknown[]).length).toBeLessThanOrEqual(2);
    expect(first.body.total).toBe(
      [...fake.users.values()].filter((u) => u.connection === tenant.connection).length,
    );
    expect((await call('GET', '/api/v2/users?per_page=101', { token: adminToken })).status).toBe(400);
    expect((await call('GET', '/api/v2/users?search_engine=v2', { token: adminToken })).status).toBe(400);
  });

  it('assigns, lists and removes permissions; refuses unknown ones and empty lists', async () => {
    await createKeyUser('perms00000001');
    const path = '/api/v2/users/auth0%7Cperms00000001/permissions';
    const permission = (name: string) => ({
      resource_server_identifier: tenant.audience,
      permission_name: name,
    });
    expect(
      (
        await call('POST', path, {
          token: adminToken,
          json: { permissions: [permission('read:things'), permission('write:things')] },
        })
      ).status,
    ).toBe(201);
    const listed = await call('GET', `${path}?per_page=50&page=0&include_totals=true`, { token: adminToken });
    expect(listed.body).toMatchObject({ total: 2 });
    expect(
      (listed.body.permissions as Array<{ permission_name: string }>).map((p) => p.permission_name),
    ).toEqual(['read:things', 'write:things']);
    expect(
      (await call('DELETE', path, { token: adminToken, json: { permissions: [permission('write:things')] } }))
        .status,
    ).toBe(204);
    expect(fake.user('auth0|perms00000001')?.permissions.map((p) => p.permission_name)).toEqual([
      'read:things',
    ]);
    expect(
      (await call('POST', path, { token: adminToken, json: { permissions: [permission('fly:things')] } }))
        .status,
    ).toBe(400);
    expect((await call('POST', path, { token: adminToken, json: { permissions: [] } })).status).toBe(400);
    expect(
      (
        await call('POST', '/api/v2/users/auth0%7Cmissing/permissions', {
          token: adminToken,
          json: { permissions: [permission('read:things')] },
        })
      ).status,
    ).toBe(404);
  });
});

describe('fake Auth0: password-realm exchange', () => {
  it('exchanges a key user for a JWT carrying its permissions (RBAC), scope = intersection, id_token with openid', async () => {
    await createKeyUser('exchange00001');
    fake.user('auth0|exchange00001')?.permissions.push({
      resource_server_identifier: tenant.audience,
      permission_name: 'read:things',
    });
    const reply = await exchange('exchange00001', 'Secret1234abcdEF', {
      scope: 'openid read:things write:things',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid read:things' });
    expect(jwtPayload(String(reply.body.access_token))).toMatchObject({
      sub: 'auth0|exchange00001',
      aud: tenant.audience,
      permissions: ['read:things'],
    });
    expect(jwtPayload(String(reply.body.id_token))).toMatchObject({ aud: tenant.exchangerClientId });
  });

  it('answers a wrong password, a blocked user, a bad realm and a missing realm like Auth0', async () => {
    await createKeyUser('refuse0000001');
    expect(await exchange('refuse0000001', 'Wrong1234abcdEF')).toMatchObject({
      status: 403,
      body: { error: 'invalid_grant', error_description: 'Wrong email or password.' },
    });
    expect((await exchange('nobody0000001', 'Secret1234abcdEF')).status).toBe(403);
    fake.block('auth0|refuse0000001');
    expect(await exchange('refuse0000001', 'Secret1234abcdEF')).toMatchObject({
      status: 401,
      body: { error: 'unauthorized', error_description: 'user is blocked' },
    });
    expect((await exchange('refuse0000001', 'Secret1234abcdEF', { realm: 'other' })).status).toBe(400);
    const noRealm = await token({
      grant_type: PASSWORD_REALM,
      client_id: tenant.exchangerClientId,
      username: 'refuse0000001@apikey.invalid',
      password: 'Secret1234abcdEF',
      audience: tenant.audience,
    });
    expect(noRealm).toMatchObject({ status: 500, body: { error: 'server_error' } });
  });

  it('blocks a user after 10 failures (429 too_many_attempts) even with the right password', async () => {
    await createKeyUser('brute00000001');
    for (let index = 0; index < 10; index += 1) await exchange('brute00000001', 'Wrong1234abcdEF');
    expect(await exchange('brute00000001', 'Secret1234abcdEF')).toMatchObject({
      status: 429,
      body: { error: 'too_many_attempts' },
    });
  });

  it('a confidential exchanger needs its client secret', async () => {
    fake.addClient({
      clientId: 'confidential0001',
      clientSecret: 'conf-secret',
      grantTypes: [PASSWORD_REALM],
      connections: [tenant.connection],
    });
    await createKeyUser('confid0000001');
    const form = {
      grant_type: PASSWORD_REALM,
      client_id: 'confidential0001',
      username: 'confid0000001@apikey.invalid',
      password: 'Secret1234abcdEF',
      realm: tenant.connection,
      audience: tenant.audience,
    };
    expect(await token(form)).toMatchObject({ status: 401, body: { error: 'access_denied' } });
    expect((await token({ ...form, client_secret: 'conf-secret' })).status).toBe(200);
  });
});

describe('fake Auth0: rate limits and injected failures', () => {
  it('answers 429 with X-RateLimit-* (and Retry-After when asked), then serves again', async () => {
    fake.rateLimit({ api: 'management', count: 1, retryAfterSeconds: 2, resetInSeconds: 2 });
    const limited = await call('GET', '/api/v2/users/auth0%7Cx', { token: adminToken });
    expect(limited).toMatchObject({ status: 429, body: { statusCode: 429, error: 'Too Many Requests' } });
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(
      Math.floor(Date.now() / 1000),
    );
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await call('GET', '/api/v2/users/auth0%7Cx', { token: adminToken })).status).toBe(404);
    fake.rateLimit({ api: 'authentication', count: 1 });
    expect((await mgmtToken()).body).toMatchObject({ error: 'too_many_requests' });
    expect((await mgmtToken()).status).toBe(200);
  });

  it('failOn makes exactly the chosen call fail, the given number of times', async () => {
    fake.failOn({ method: 'DELETE', path: /^\/api\/v2\/users\/auth0\|fail/, status: 503, times: 1 });
    expect((await call('DELETE', '/api/v2/users/auth0%7Cfail1', { token: adminToken })).status).toBe(503);
    expect((await call('DELETE', '/api/v2/users/auth0%7Cfail1', { token: adminToken })).status).toBe(204);
    fake.clearFailures();
    expect(fake.tokensIssued('client_credentials')).toBeGreaterThan(0);
  });
});
