import { afterEach, describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../electron/core/errors';
import {
  authorizeWithPkce,
  isPermanentRejection,
  refreshTokens,
  type AuthorizeIo,
  type AuthorizeOptions,
  type OAuthClient,
} from '../../../../electron/core/oauth';
import { closedPort, closedPorts } from '../../../harness/cli';
import {
  OFFICIAL_CLIENT_IDS,
  signInOverHttp,
  startFakeAlibaba,
  type FakeAlibaba,
  type HttpSignIn,
} from '../../../fakes/alibaba';

function clientOf(origin: string): OAuthClient {
  return {
    clientId: OFFICIAL_CLIENT_IDS.cn,
    service: 'Fake OAuth',
    server: {
      issuer: origin,
      authorizationEndpoint: `${origin}/oauth2/v1/auth`,
      tokenEndpoint: `${origin}/v1/token`,
      revocationEndpoint: `${origin}/v1/revoke`,
    },
  };
}

interface Recorder {
  io: AuthorizeIo;
  notices: string[];
  opened: string[];
}

/** The "browser" signs in over HTTP and then follows the redirect to the loopback server, as a browser would. */
function recorder(
  browser: HttpSignIn & { fail?: boolean } = {},
  paste?: () => Promise<string | undefined>,
): Recorder {
  const notices: string[] = [];
  const opened: string[] = [];
  return {
    notices,
    opened,
    io: {
      lang: 'en',
      notice: (key) => notices.push(key),
      async openBrowser(url) {
        opened.push(url);
        if (browser.fail)
          throw new TobiraError('browser.launchFailed', 1, { command: 'x', detail: 'ENOENT' });
        void signInOverHttp(url, browser).then(async ({ redirect }) => {
          if (redirect) await fetch(redirect).catch(() => undefined);
        });
      },
      askLine: async () => (paste ? paste() : undefined),
    },
  };
}

let fake: FakeAlibaba | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(): Promise<{ fake: FakeAlibaba; options: AuthorizeOptions }> {
  const ports = await closedPorts(2);
  fake = await startFakeAlibaba({ allowedPorts: ports });
  return {
    fake,
    options: {
      client: clientOf(fake.origin),
      redirect: { ports, path: '/cli/callback' },
      provider: 'Fake',
      profileName: 'p',
      timeoutMs: 5000,
    },
  };
}

describe('authorizeWithPkce (real oidc-provider, real openid-client)', () => {
  it('signs in through the browser and the loopback redirect, and refreshes with rotation', async () => {
    const { fake, options } = await setup();
    const rec = recorder({ login: 'alice' });
    const tokens = await authorizeWithPkce(options, rec.io);
    expect(tokens.tokenType.toLowerCase()).toBe('bearer');
    expect(tokens.subject).toBe('alice');
    expect(tokens.refreshToken).toBeDefined();
    expect(rec.notices).toEqual(['oauth.browser.opening', 'oauth.browser.url', 'oauth.browser.waiting']);
    const authorize = new URL(rec.opened[0] as string);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.has('scope')).toBe(false);
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `http://127.0.0.1:${options.redirect.ports[0]}/cli/callback`,
    );

    const refreshed = await refreshTokens(options.client, tokens.refreshToken as string);
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    const reused = await refreshTokens(options.client, tokens.refreshToken as string).catch(
      (e: unknown) => e,
    );
    expect((reused as TobiraError).key).toBe('oauth.refreshRejected');
    expect((reused as TobiraError).exitCode).toBe(3);
    expect(isPermanentRejection(reused)).toBe(true);
    expect(fake.grants.map((grant) => grant.grantType)).toEqual([
      'authorization_code',
      'refresh_token',
      'refresh_token',
    ]);
  });

  it('reports a denied consent as oauth.denied (exit 3)', async () => {
    const { options } = await setup();
    const error = await authorizeWithPkce(options, recorder({ deny: true }).io).catch((e: unknown) => e);
    expect((error as TobiraError).key).toBe('oauth.denied');
    expect((error as TobiraError).exitCode).toBe(3);
    expect((error as TobiraError).message).toContain('access_denied');
  });

  it('falls back to the pasted redirect address when the browser cannot be opened', async () => {
    const { options } = await setup();
    let authorizeUrl = '';
    const answers: Array<() => Promise<string>> = [
      async () => 'not a url',
      async () => {
        const { redirect } = await signInOverHttp(authorizeUrl);
        const forged = new URL(redirect as string);
        forged.searchParams.set('state', 'forged');
        return forged.toString();
      },
      async () => (await signInOverHttp(authorizeUrl)).redirect as string,
    ];
    const rec = recorder({ fail: true }, async () => (answers.shift() as () => Promise<string>)());
    const wrapped: AuthorizeIo = {
      ...rec.io,
      openBrowser: async (url) => {
        authorizeUrl = url;
        return rec.io.openBrowser(url);
      },
    };
    const tokens = await authorizeWithPkce(options, wrapped);
    expect(tokens.accessToken.length).toBeGreaterThan(10);
    expect(rec.notices).toEqual([
      'oauth.browser.opening',
      'oauth.browser.failed',
      'oauth.paste.instructions',
      'oauth.paste.notRedirect',
      'oauth.paste.wrongState',
    ]);
    // The loopback server was closed when the browser failed: nothing listens on the redirect port.
    await expect(fetch(`http://127.0.0.1:${options.redirect.ports[0]}/cli/callback`)).rejects.toThrow();
  });

  it('--no-browser never listens or opens; with nobody to paste it is exit 5', async () => {
    const { options } = await setup();
    const rec = recorder();
    const error = await authorizeWithPkce({ ...options, noBrowser: true }, rec.io).catch((e: unknown) => e);
    expect(rec.opened).toEqual([]);
    expect((error as TobiraError).key).toBe('oauth.paste.noTerminal');
    expect((error as TobiraError).exitCode).toBe(5);
  });

  it('an unreachable token endpoint is exit 4', async () => {
    const { options } = await setup();
    const down = `http://127.0.0.1:${await closedPort()}`;
    const error = await refreshTokens(
      { ...options.client, server: { ...options.client.server, tokenEndpoint: `${down}/v1/token` } },
      'rt',
    ).catch((e: unknown) => e);
    expect((error as TobiraError).key).toBe('provider.unreachable');
    expect((error as TobiraError).exitCode).toBe(4);
  });
});
