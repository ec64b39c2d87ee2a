import { createHash } from 'node:crypto';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
} from '@aws-sdk/client-sso';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAwsSso, type FakeAwsSso } from '../../fakes/aws-sso';

let fake: FakeAwsSso;
let clock: number;
let oidc: SSOOIDCClient;
let portal: SSOClient;
const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';

beforeEach(async () => {
  clock = Date.parse('2026-01-01T00:00:00Z');
  fake = await startFakeAwsSso({ now: () => clock, pageSize: 2 });
  const creds = { accessKeyId: 'x', secretAccessKey: 'y' };
  oidc = new SSOOIDCClient({
    region: fake.region,
    endpoint: fake.oidcOrigin,
    credentials: creds,
    maxAttempts: 1,
  });
  portal = new SSOClient({
    region: fake.region,
    endpoint: fake.portalOrigin,
    credentials: creds,
    maxAttempts: 1,
  });
});
afterEach(async () => {
  oidc.destroy();
  portal.destroy();
  await fake.close();
});

async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; status?: number; error?: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number }; error?: unknown };
    return { name: e.name, status: e.$metadata?.httpStatusCode, error: e.error };
  }
  throw new Error('expected a failure');
}

async function registered(extra: Record<string, unknown> = {}) {
  return oidc.send(
    new RegisterClientCommand({
      clientName: 'test',
      clientType: 'public',
      scopes: ['sso:account:access'],
      ...extra,
    }),
  );
}

async function deviceToken() {
  const client = await registered();
  const auth = await oidc.send(
    new StartDeviceAuthorizationCommand({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      startUrl: fake.startUrl,
    }),
  );
  fake.approveDevice(auth.userCode ?? '');
  return oidc.send(
    new CreateTokenCommand({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      grantType: DEVICE,
      deviceCode: auth.deviceCode,
    }),
  );
}

describe('fake SSO OIDC: device authorization', () => {
  it('answers pending, slow_down when polled too fast, then the token once approved, and never twice', async () => {
    const client = await registered();
    expect(client.clientSecretExpiresAt).toBeGreaterThan(clock / 1000);
    const auth = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        startUrl: fake.startUrl,
      }),
    );
    expect(auth.verificationUriComplete).toContain(auth.userCode);
    const poll = () =>
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: DEVICE,
          deviceCode: auth.deviceCode,
        }),
      );
    expect(await failure(poll())).toMatchObject({
      name: 'AuthorizationPendingException',
      status: 400,
      error: 'authorization_pending',
    });
    expect(await failure(poll())).toMatchObject({ name: 'SlowDownException', error: 'slow_down' });
    clock += 7000;
    fake.approveDevice(auth.userCode ?? '');
    const tokens = await poll();
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    clock += 7000;
    expect(await failure(poll())).toMatchObject({ name: 'InvalidGrantException', error: 'invalid_grant' });
  });

  it('refuses an expired device code, a denied one, a wrong client secret and another start URL', async () => {
    const client = await registered();
    const start = () =>
      oidc.send(
        new StartDeviceAuthorizationCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          startUrl: fake.startUrl,
        }),
      );
    const auth = await start();
    const poll = (deviceCode: string | undefined, secret = client.clientSecret) =>
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: secret,
          grantType: DEVICE,
          deviceCode,
        }),
      );
    expect(await failure(poll(auth.deviceCode, 'secret-wrong'))).toMatchObject({
      name: 'InvalidClientException',
      status: 401,
    });
    const denied = await start();
    fake.denyDevice(denied.userCode ?? '');
    expect(await failure(poll(denied.deviceCode))).toMatchObject({ name: 'AccessDeniedException' });
    clock += 601_000;
    expect(await failure(poll(auth.deviceCode))).toMatchObject({
      name: 'ExpiredTokenException',
      error: 'expired_token',
    });
    expect(
      await failure(
        oidc.send(
          new StartDeviceAuthorizationCommand({
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            startUrl: 'https://other.awsapps.com/start',
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidRequestException' });
    fake.expireClients();
    expect(await failure(start())).toMatchObject({ name: 'InvalidClientException' });
  });

  it('refreshes with the refresh token once (rotated), and refuses it from another client', async () => {
    const first = await deviceToken();
    const client = fake.clients[0];
    const refresh = (token: string | undefined, id = client?.clientId, secret = client?.clientSecret) =>
      oidc.send(
        new CreateTokenCommand({
          clientId: id,
          clientSecret: secret,
          grantType: 'refresh_token',
          refreshToken: token,
        }),
      );
    const other = await registered();
    expect(await failure(refresh(first.refreshToken, other.clientId, other.clientSecret))).toMatchObject({
      name: 'InvalidGrantException',
    });
    const second = await refresh(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(await failure(refresh(first.refreshToken))).toMatchObject({ name: 'InvalidGrantException' });
  });

  it('gives no refresh token to a legacy client registered without scopes', async () => {
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'legacy', clientType: 'public' }));
    const auth = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        startUrl: fake.startUrl,
      }),
    );
    fake.approveDevice(auth.userCode ?? '');
    const tokens = await oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        grantType: DEVICE,
        deviceCode: auth.deviceCode,
      }),
    );
    expect(tokens.refreshToken).toBeUndefined();
  });
});

describe('fake SSO OIDC: authorization code with PKCE', () => {
  const verifier = 'v'.repeat(64);
  const challenge = createHash('sha256').update(verifier).digest('base64url');

  async function authCodeClient() {
    return registered({
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: fake.startUrl,
    });
  }

  function authorizeUrl(clientId: string | undefined, redirect: string, extra: Record<string, string> = {}) {
    const url = new URL('/authorize', fake.oidcOrigin);
    const params = {
      response_type: 'code',
      client_id: clientId ?? '',
      redirect_uri: redirect,
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      scopes: 'sso:account:access',
      ...extra,
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  }

  it('redirects to any loopback port of the registered URI and exchanges the code once with the verifier', async () => {
    const client = await authCodeClient();
    const redirect = 'http://127.0.0.1:43210/oauth/callback';
    const answer = await fetch(authorizeUrl(client.clientId, redirect), { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(redirect);
    expect(back.searchParams.get('state')).toBe('st');
    const code = back.searchParams.get('code') ?? '';
    const exchange = (codeVerifier: string) =>
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          grantType: 'authorization_code',
          code,
          redirectUri: redirect,
          codeVerifier,
        }),
      );
    expect((await exchange(verifier)).refreshToken).toBeTruthy();
    expect(await failure(exchange(verifier))).toMatchObject({ name: 'InvalidGrantException' });
  });

  it('refuses a wrong verifier, an unregistered redirect, and a client without the grant', async () => {
    const client = await authCodeClient();
    const redirect = 'http://127.0.0.1:5000/oauth/callback';
    const answer = await fetch(authorizeUrl(client.clientId, redirect), { redirect: 'manual' });
    const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';
    expect(
      await failure(
        oidc.send(
          new CreateTokenCommand({
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            grantType: 'authorization_code',
            code,
            redirectUri: redirect,
            codeVerifier: 'w'.repeat(64),
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidGrantException' });
    expect(
      (await fetch(authorizeUrl(client.clientId, 'http://127.0.0.1:5000/other'), { redirect: 'manual' }))
        .status,
    ).toBe(400);
    const device = await registered();
    expect((await fetch(authorizeUrl(device.clientId, redirect), { redirect: 'manual' })).status).toBe(400);
    expect(
      await failure(registered({ grantTypes: ['authorization_code'], issuerUrl: fake.startUrl })),
    ).toMatchObject({ name: 'InvalidRedirectUriException' });
    fake.setAutoApprove(false);
    const denied = await fetch(authorizeUrl(client.clientId, redirect), { redirect: 'manual' });
    expect(new URL(denied.headers.get('location') ?? '').searchParams.get('error')).toBe('access_denied');
  });
});

describe('fake SSO portal', () => {
  it('lists accounts and roles page by page, and hands out role credentials with an epoch-ms expiration', async () => {
    const { accessToken } = await deviceToken();
    const first = await portal.send(new ListAccountsCommand({ accessToken }));
    expect(first.accountList).toHaveLength(2);
    const second = await portal.send(new ListAccountsCommand({ accessToken, nextToken: first.nextToken }));
    expect(second.accountList?.map((account) => account.accountName)).toEqual(['sandbox team']);
    expect(second.nextToken).toBeUndefined();
    const roles = await portal.send(
      new ListAccountRolesCommand({ accessToken, accountId: '111111111111', maxResults: 1 }),
    );
    expect(roles.roleList).toEqual([{ roleName: 'AdministratorAccess', accountId: '111111111111' }]);
    expect(roles.nextToken).toBeTruthy();
    const creds = await portal.send(
      new GetRoleCredentialsCommand({ accessToken, accountId: '111111111111', roleName: 'ReadOnly' }),
    );
    expect(creds.roleCredentials?.expiration).toBe(clock + 3600_000);
  });

  it('refuses a role not assigned (403), an expired token and a logged-out one (401)', async () => {
    const { accessToken } = await deviceToken();
    expect(
      await failure(
        portal.send(
          new GetRoleCredentialsCommand({
            accessToken,
            accountId: '222222222222',
            roleName: 'AdministratorAccess',
          }),
        ),
      ),
    ).toMatchObject({ name: 'ForbiddenException', status: 403 });
    await portal.send(new LogoutCommand({ accessToken }));
    expect(await failure(portal.send(new ListAccountsCommand({ accessToken })))).toMatchObject({
      name: 'UnauthorizedException',
      status: 401,
    });
    const other = await deviceToken();
    fake.expireAccessTokens();
    expect(
      await failure(portal.send(new ListAccountsCommand({ accessToken: other.accessToken }))),
    ).toMatchObject({
      name: 'UnauthorizedException',
    });
    fake.throttlePortalNext(1);
    expect(await failure(portal.send(new ListAccountsCommand({ accessToken: 'x' })))).toMatchObject({
      name: 'TooManyRequestsException',
      status: 429,
    });
  });
});
