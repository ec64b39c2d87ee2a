import * as oc from 'openid-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NOT_ASSIGNED_TEXT,
  OFFICIAL_CLIENT_IDS,
  signInOverHttp,
  startFakeAlibaba,
  UNAUTHORIZED_CALL_TEXT,
  type FakeAlibaba,
  type FakeAlibabaOptions,
} from '../../fakes/alibaba';

const CLIENT: string = OFFICIAL_CLIENT_IDS.cn;
const REDIRECT = 'http://127.0.0.1:12345/cli/callback';

let fake: FakeAlibaba | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeAlibabaOptions = {}): Promise<FakeAlibaba> {
  fake = await startFakeAlibaba(options);
  return fake;
}

function config(origin: string, clientId = CLIENT): oc.Configuration {
  const configuration = new oc.Configuration(
    {
      issuer: origin,
      authorization_endpoint: `${origin}/oauth2/v1/auth`,
      token_endpoint: `${origin}/v1/token`,
      revocation_endpoint: `${origin}/v1/revoke`,
    },
    clientId,
    undefined,
    oc.None(),
  );
  oc.allowInsecureRequests(configuration);
  return configuration;
}

/** The official CLI's request: no scope, PKCE S256, state (spec §1.2). */
async function authorize(origin: string, overrides: Record<string, string> = {}, clientId = CLIENT) {
  const verifier = oc.randomPKCECodeVerifier();
  const state = oc.randomState();
  const all: Record<string, string> = {
    redirect_uri: REDIRECT,
    state,
    code_challenge: await oc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...overrides,
  };
  // An empty override leaves the parameter out.
  const params = Object.fromEntries(Object.entries(all).filter(([, value]) => value !== ''));
  const url = oc.buildAuthorizationUrl(config(origin, clientId), params).toString();
  return { url, verifier, state };
}

async function tokensFor(service: FakeAlibaba, login = 'alice', clientId = CLIENT) {
  const { url, verifier, state } = await authorize(service.origin, {}, clientId);
  const { redirect } = await signInOverHttp(url, { login });
  expect(redirect).toBeDefined();
  return oc.authorizationCodeGrant(config(service.origin, clientId), new URL(redirect as string), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
}

function exchange(origin: string, accessToken: string | undefined, method = 'POST') {
  return fetch(`${origin}/v1/exchange`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    },
  });
}

describe('fake Alibaba Cloud OAuth: authorization', () => {
  it('runs code + PKCE for the official app without scope and issues a bearer access token and a refresh token', async () => {
    const service = await start();
    const tokens = await tokensFor(service);
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.access_token.length).toBeGreaterThan(20);
    expect(tokens.refresh_token).toBeDefined();
    expect(tokens.expires_in).toBe(3600);
    expect(service.redirectUris).toEqual([REDIRECT]);
    expect(service.grants).toEqual([{ grantType: 'authorization_code' }]);
  });

  it('requires PKCE and refuses the plain method', async () => {
    const service = await start();
    const noPkce = await authorize(service.origin, { code_challenge: '', code_challenge_method: '' });
    const first = new URL((await signInOverHttp(noPkce.url)).redirect as string);
    expect(first.searchParams.get('error')).toBe('invalid_request');
    expect(first.searchParams.get('error_description')).toMatch(/PKCE/);

    const plain = await authorize(service.origin, { code_challenge_method: 'plain' });
    const second = new URL((await signInOverHttp(plain.url)).redirect as string);
    expect(second.searchParams.get('error')).toBe('invalid_request');
  });

  it('accepts only http://127.0.0.1:12345–12349/cli/callback and never redirects elsewhere', async () => {
    const service = await start();
    for (const redirect of [
      'http://127.0.0.1:12350/cli/callback',
      'http://localhost:12345/cli/callback',
      'http://127.0.0.1:12345/other',
    ]) {
      const { url } = await authorize(service.origin, { redirect_uri: redirect });
      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status, redirect).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
    const ok = await authorize(service.origin, { redirect_uri: 'http://127.0.0.1:12349/cli/callback' });
    expect((await fetch(ok.url, { redirect: 'manual' })).status).toBe(303);
  });

  it('redirects with error=access_denied when the user cancels consent', async () => {
    const service = await start();
    const { url, state } = await authorize(service.origin);
    const back = new URL((await signInOverHttp(url, { deny: true })).redirect as string);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe(state);
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('shows a page without redirect to an identity not assigned to the app', async () => {
    const service = await start();
    const { url } = await authorize(service.origin);
    const result = await signInOverHttp(url, { login: 'unassigned-bob' });
    expect(result.redirect).toBeUndefined();
    expect(result.html).toContain(NOT_ASSIGNED_TEXT);
  });

  it('without the app installed only an administrator can consent; afterwards everyone can', async () => {
    const service = await start({ appInstalled: false });
    const user = await signInOverHttp((await authorize(service.origin)).url, { login: 'carol' });
    expect(user.html).toContain(UNAUTHORIZED_CALL_TEXT);
    const admin = await signInOverHttp((await authorize(service.origin)).url, { login: 'admin-dave' });
    expect(admin.redirect).toContain('code=');
    const again = await signInOverHttp((await authorize(service.origin)).url, { login: 'carol' });
    expect(again.redirect).toContain('code=');
  });
});

describe('fake Alibaba Cloud OAuth: refresh', () => {
  it('rotates refresh tokens, refuses a used one, and refuses all after revocation', async () => {
    const service = await start();
    const first = await tokensFor(service);
    const configuration = config(service.origin);
    const second = await oc.refreshTokenGrant(configuration, first.refresh_token as string);
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    await expect(oc.refreshTokenGrant(configuration, first.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const third = await tokensFor(service);
    await service.revokeRefreshTokens();
    await expect(oc.refreshTokenGrant(configuration, third.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('fake Alibaba Cloud OAuth: /v1/exchange', () => {
  it('turns a valid access token into STS credentials in the wire shape of spec §2.1', async () => {
    const service = await start({ stsSeconds: 900 });
    const tokens = await tokensFor(service);
    const response = await exchange(service.origin, tokens.access_token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(
      ['accessKeyId', 'accessKeySecret', 'expiration', 'requestId', 'securityToken'].sort(),
    );
    expect(body.accessKeyId).toMatch(/^STS\./);
    expect(body.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const left = Date.parse(body.expiration as string) - Date.now();
    expect(left).toBeGreaterThan(890_000);
    expect(left).toBeLessThanOrEqual(900_000);
    expect(service.issuedSts).toHaveLength(1);
  });

  it('answers invalid_token, expired_token, wrong method and a non-STS app like Alibaba', async () => {
    const service = await start({
      accessTokenSeconds: 1,
      clientIds: [CLIENT, 'own-app-1'],
      stsClientIds: [CLIENT],
    });
    const missing = await exchange(service.origin, undefined);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_token', requestId: expect.any(String) });
    expect((await exchange(service.origin, 'not-a-token')).status).toBe(400);

    const own = await tokensFor(service, 'alice', 'own-app-1');
    const forbidden = await exchange(service.origin, own.access_token);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: 'insufficient_scope' });

    const tokens = await tokensFor(service);
    expect((await exchange(service.origin, tokens.access_token, 'GET')).status).toBe(405);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await exchange(service.origin, tokens.access_token);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({
      error: 'expired_token',
      error_description: 'The access token is expired.',
    });
  });
});
