import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, TobiraError } from '../../../../electron/core/errors';
import {
  containerCredentialsJson,
  credentialSource,
  serverChildEnv,
  startCredentialServer,
  type ObtainOptions,
  type RunningCredentialServer,
  type ServedCredentials,
} from '../../../../electron/core/exports';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-07T00:00:00Z');

function creds(serial: number, expiresAt: number): ServedCredentials {
  return {
    accessKeyId: `ASIATESTKEY${String(serial).padStart(9, '0')}`,
    secretAccessKey: `secret-${serial}`,
    sessionToken: `token-${serial}`,
    expiration: new Date(expiresAt).toISOString().replace('.000Z', 'Z'),
    accountId: '123456789012',
  };
}

/** A login that counts its calls; the cache answers `cached` unless forced. */
function fakeLogins(clock: { now: number }, options: { cachedLeft?: number; lifetime?: number } = {}) {
  const calls: ObtainOptions[] = [];
  let serial = 0;
  return {
    calls,
    obtain: async (request: ObtainOptions) => {
      calls.push(request);
      await new Promise((resolve) => setTimeout(resolve, 5));
      serial += 1;
      const left = request.force ? (options.lifetime ?? 60 * MINUTE) : (options.cachedLeft ?? 60 * MINUTE);
      return creds(serial, clock.now + left);
    },
  };
}

const servers: RunningCredentialServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(options: Parameters<typeof startCredentialServer>[0]) {
  const server = await startCredentialServer(options);
  servers.push(server);
  return server;
}

async function ask(server: RunningCredentialServer, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(server.url, {
    method,
    headers: { Authorization: server.token, ...headers },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the credential endpoint of exec --server', () => {
  it('answers the container-credentials JSON the SDKs parse, with Expiration in ISO 8601 UTC', async () => {
    const clock = { now: T0 };
    const logins = fakeLogins(clock);
    const server = await serve({ credentials: credentialSource({ ...logins, now: () => clock.now }) });
    const { status, body } = await ask(server);
    expect(status).toBe(200);
    expect(body).toEqual({
      AccessKeyId: 'ASIATESTKEY000000001',
      SecretAccessKey: 'secret-1',
      Token: 'token-1',
      Expiration: '2026-12-07T01:00:00Z',
      AccountId: '123456789012',
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a request without the token or with another one, and never calls the login', async () => {
    const clock = { now: T0 };
    const logins = fakeLogins(clock);
    const server = await serve({ credentials: credentialSource({ ...logins, now: () => clock.now }) });
    const missing = await fetch(server.url);
    expect(missing.status).toBe(403);
    expect(await missing.json()).toEqual({ Code: 'InvalidToken', Message: 'invalid Authorization token' });
    const wrong = await ask(server, { Authorization: `${server.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(403);
    const prefixed = await ask(server, { Authorization: `Bearer ${server.token}` });
    expect(prefixed.status).toBe(403);
    expect(logins.calls).toEqual([]);
  });

  it('refuses a request from a process of another user even with the token', async () => {
    const clock = { now: T0 };
    const logins = fakeLogins(clock);
    const server = await serve({
      credentials: credentialSource({ ...logins, now: () => clock.now }),
      ownPeer: () => Promise.resolve(false),
    });
    const { status, body } = await ask(server);
    expect(status).toBe(403);
    expect(body.Code).toBe('ForeignUser');
    expect(JSON.stringify(body)).not.toContain('secret-');
    expect(logins.calls).toEqual([]);
  });

  it('looks the peer up once per connection: a kept-alive SDK connection is not looked up again', async () => {
    const clock = { now: T0 };
    let lookups = 0;
    const server = await serve({
      credentials: credentialSource({ ...fakeLogins(clock), now: () => clock.now }),
      ownPeer: () => {
        lookups += 1;
        return Promise.resolve(true);
      },
    });
    const { Agent, request } = await import('node:http');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        request(server.url, { agent, headers: { Authorization: server.token } }, (response) => {
          response.resume().on('end', () => resolve(response.statusCode ?? 0));
        })
          .on('error', reject)
          .end();
      });
    expect([await get(), await get(), await get()]).toEqual([200, 200, 200]);
    expect(lookups).toBe(1);
    agent.destroy();
    const fresh = new Agent({ keepAlive: false });
    await new Promise<void>((resolve, reject) => {
      request(server.url, { agent: fresh, headers: { Authorization: server.token } }, (response) => {
        response.resume().on('end', () => resolve());
      })
        .on('error', reject)
        .end();
    });
    expect(lookups).toBe(2);
  });

  it('checks the real peer uid: a request from this process (our uid) is served', async () => {
    const clock = { now: T0 };
    const server = await serve({
      credentials: credentialSource({ ...fakeLogins(clock), now: () => clock.now }),
    });
    expect((await ask(server)).status).toBe(200);
  });

  it('refuses other methods than GET', async () => {
    const clock = { now: T0 };
    const server = await serve({
      credentials: credentialSource({ ...fakeLogins(clock), now: () => clock.now }),
    });
    expect((await ask(server, {}, 'POST')).status).toBe(405);
  });

  it('serves from memory until 15 minutes before expiry, then asks the cache, then forces a login', async () => {
    const clock = { now: T0 };
    const logins = fakeLogins(clock, { cachedLeft: 10 * MINUTE, lifetime: 60 * MINUTE });
    const source = credentialSource({ ...logins, now: () => clock.now });
    const first = await source();
    // The cached session had 10 minutes left: too little for botocore, so a forced login followed.
    expect(logins.calls).toEqual([{ force: false }, { force: true }]);
    expect(first.expiration).toBe('2026-12-07T01:00:00Z');
    clock.now += 44 * MINUTE;
    expect(await source()).toBe(first);
    expect(logins.calls).toHaveLength(2);
    clock.now += 2 * MINUTE;
    const second = await source();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(logins.calls).toHaveLength(4);
  });

  it('lets concurrent requests share one refresh', async () => {
    const clock = { now: T0 };
    const logins = fakeLogins(clock);
    const server = await serve({ credentials: credentialSource({ ...logins, now: () => clock.now }) });
    const answers = await Promise.all(Array.from({ length: 20 }, () => ask(server)));
    expect(new Set(answers.map((answer) => answer.body.AccessKeyId))).toEqual(
      new Set(['ASIATESTKEY000000001']),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(logins.calls).toEqual([{ force: false }]);
  });

  it('answers a failed login as JSON with a non-200 status, and does not log in again for the SDK’s retries', async () => {
    const clock = { now: T0 };
    let attempts = 0;
    const failures: unknown[] = [];
    const server = await serve({
      credentials: credentialSource({
        obtain: () => {
          attempts += 1;
          return Promise.reject(
            new TobiraError('mfa.unavailable', ExitCode.mfaUnavailable, { name: 'admin' }),
          );
        },
        now: () => clock.now,
      }),
      now: () => clock.now,
      describe: () => 'no MFA code could be obtained',
      onFailure: (error) => failures.push(error),
    });
    const first = await ask(server);
    expect(first).toEqual({
      status: 401,
      body: { Code: 'MfaUnavailable', Message: 'no MFA code could be obtained' },
    });
    expect((await ask(server)).status).toBe(401);
    expect(attempts).toBe(1);
    expect(failures).toHaveLength(1);
    clock.now += 11_000;
    expect((await ask(server)).status).toBe(401);
    expect(attempts).toBe(2);
  });

  it('maps a rejection to 403 and an unreachable provider to 502', async () => {
    for (const [exitCode, status] of [
      [ExitCode.rejected, 403],
      [ExitCode.unreachable, 502],
      [ExitCode.error, 500],
    ] as const) {
      const server = await serve({
        credentials: () => Promise.reject(new TobiraError('provider.unreachable', exitCode, {})),
      });
      expect((await ask(server)).status).toBe(status);
    }
  });

  it('refuses to serve a session without a session token (no SDK accepts it from an endpoint)', async () => {
    const clock = { now: T0 };
    const source = credentialSource({
      obtain: () => Promise.resolve({ ...creds(1, T0 + 60 * MINUTE), sessionToken: undefined }),
      now: () => clock.now,
    });
    await expect(source()).rejects.toMatchObject({ key: 'exec.server.noSessionToken' });
  });

  it('stops serving when closed', async () => {
    const clock = { now: T0 };
    const server = await startCredentialServer({
      credentials: credentialSource({ ...fakeLogins(clock), now: () => clock.now }),
    });
    await server.close();
    await expect(fetch(server.url, { headers: { Authorization: server.token } })).rejects.toThrow();
  });
});

describe('the child environment of exec --server', () => {
  it('has the endpoint and token, keeps settings, and drops every variable SDKs would prefer', () => {
    const env = serverChildEnv(
      {
        PATH: '/usr/bin',
        AWS_ACCESS_KEY_ID: 'AKIAOLD',
        aws_secret_access_key: 'old',
        AWS_SESSION_TOKEN: 'old',
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x',
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/token',
        AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/web',
        AWS_ROLE_ARN: 'arn:aws:iam::1:role/x',
      },
      {
        AWS_ACCESS_KEY_ID: 'ASIANEW',
        AWS_SECRET_ACCESS_KEY: 'new',
        AWS_SESSION_TOKEN: 'new',
        AWS_CREDENTIAL_EXPIRATION: '2026-12-07T01:00:00Z',
        AWS_REGION: 'ap-northeast-1',
        AWS_DEFAULT_REGION: 'ap-northeast-1',
      },
      { url: 'http://127.0.0.1:4567/', token: 'tok' },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      AWS_REGION: 'ap-northeast-1',
      AWS_DEFAULT_REGION: 'ap-northeast-1',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:4567/',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'tok',
    });
  });

  it('serialises credentials exactly once per field', () => {
    const text = containerCredentialsJson({ ...creds(1, T0), accountId: undefined });
    expect(JSON.parse(text)).toEqual({
      AccessKeyId: 'ASIATESTKEY000000001',
      SecretAccessKey: 'secret-1',
      Token: 'token-1',
      Expiration: '2026-12-07T00:00:00Z',
    });
  });
});
