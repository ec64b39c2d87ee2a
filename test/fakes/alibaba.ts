import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';

/** The slice of oidc-provider 9 (which ships no types) this fake uses. */
interface OidcContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
  get(header: string): string;
  req: IncomingMessage;
  res: ServerResponse;
  oidc: { params?: Record<string, unknown> };
}
interface StoredToken {
  jti: string;
  exp?: number;
  clientId?: string;
  scope?: string;
  destroy(): Promise<void>;
}
interface TokenModel {
  find(value: string, options?: { ignoreExpiration?: boolean }): Promise<StoredToken | undefined>;
}
interface OidcClient {
  grantTypeAllowed(type: string): boolean;
}
export interface Provider {
  use(middleware: (ctx: OidcContext, next: () => Promise<void>) => Promise<void>): void;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  on(event: string, listener: (...args: never[]) => void): void;
  interactionDetails(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ prompt: { name: string }; session?: { accountId?: string } }>;
  AccessToken: TokenModel;
  RefreshToken: TokenModel;
}
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => Provider;

async function providerClass(): Promise<ProviderClass> {
  const specifier: string = 'oidc-provider';
  const module = (await import(specifier)) as { default: ProviderClass };
  return module.default;
}

/** The official CLI apps' public ids (docs/protocols/alibaba.md). */
export const OFFICIAL_CLIENT_IDS = { cn: '4038181954557748008', intl: '4103531455503354461' } as const;
/** The official app's scope that lets /v1/exchange mint STS; customers' own apps cannot have it. */
export const STS_SCOPE = '/internal/ram/usersts';
export const ALIBABA_PORTS = [12345, 12346, 12347, 12348, 12349] as const;

/** The page Alibaba shows an identity that is not assigned to the app (spec §4.2); it never redirects. */
export const NOT_ASSIGNED_TEXT = '账号未允许当前身份访问该应用。';
/** What the admin-consent page shows a non-administrator (seed 003, troubleshooting). */
export const UNAUTHORIZED_CALL_TEXT = 'unauthorized call';

export interface FakeAlibabaOptions {
  /** Registered native public clients; default: both official CLI apps. */
  clientIds?: readonly string[];
  /** Clients whose tokens /v1/exchange accepts (the /internal/ram/usersts scope); default: the official apps. */
  stsClientIds?: readonly string[];
  /** Ports allowed in http://127.0.0.1:{port}/cli/callback; default 12345–12349, like the official app. */
  allowedPorts?: readonly number[];
  accessTokenSeconds?: number;
  refreshTokenSeconds?: number;
  /** Lifetime of the STS credentials /v1/exchange hands out. */
  stsSeconds?: number;
  /** false: the official app is not installed yet, so only an administrator may consent (logins named admin*). */
  appInstalled?: boolean;
}

export interface IssuedSts {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  expiration: string;
}

export interface FakeAlibaba {
  /** Issuer = authorization, token and exchange origin, e.g. http://127.0.0.1:40123. */
  origin: string;
  provider: Provider;
  /** Requests in arrival order: method and path (bodies belong to oidc-provider). */
  requests: Array<{ method: string; path: string }>;
  /** Successful token grants by grant_type, and failed ones with their error. */
  grants: Array<{ grantType: string; error?: string }>;
  /** Every access and refresh token value handed out, for canary scans. */
  issuedTokens: string[];
  /** Every STS triple /v1/exchange handed out. */
  issuedSts: IssuedSts[];
  /** The redirect_uri of every authorization request that was accepted. */
  redirectUris: string[];
  /** Revokes every refresh token issued so far (what a RAM admin or a password change does). */
  revokeRefreshTokens(): Promise<void>;
  close(): Promise<void>;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function random(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

function allowedRedirect(raw: string, ports: ReadonlySet<number>): boolean {
  try {
    const uri = new URL(raw);
    return (
      uri.protocol === 'http:' &&
      uri.hostname === '127.0.0.1' &&
      uri.pathname === '/cli/callback' &&
      uri.search === '' &&
      ports.has(Number(uri.port))
    );
  } catch {
    return false;
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

/**
 * Alibaba Cloud's OAuth service on loopback: a real authorization server (oidc-provider) on Alibaba's routes with the
 * official apps as native public clients (PKCE S256 required, exact loopback ports), plus the proprietary
 * POST /v1/exchange that turns an access token into STS credentials.
 */
export async function startFakeAlibaba(options: FakeAlibabaOptions = {}): Promise<FakeAlibaba> {
  const clientIds = options.clientIds ?? Object.values(OFFICIAL_CLIENT_IDS);
  const stsClients = new Set(options.stsClientIds ?? Object.values(OFFICIAL_CLIENT_IDS));
  const allowedPorts = new Set(options.allowedPorts ?? ALIBABA_PORTS);
  const stsSeconds = options.stsSeconds ?? 3600;
  let installed = options.appInstalled ?? true;

  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const Provider = await providerClass();
  const provider = new Provider(origin, {
    clients: clientIds.map((clientId) => ({
      client_id: clientId,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/cli/callback'],
    })),
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'fake-alibaba-1' }] },
    cookies: { keys: [random(32)] },
    scopes: ['openid', STS_SCOPE],
    pkce: { required: () => true },
    // The CLI sends no scope; Alibaba applies the app's registered scopes, refresh token included (spec §1.2).
    issueRefreshToken: async (_ctx: unknown, client: OidcClient) => client.grantTypeAllowed('refresh_token'),
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
    routes: {
      authorization: '/oauth2/v1/auth',
      token: '/v1/token',
      revocation: '/v1/revoke',
      jwks: '/v1/keys',
      userinfo: '/v1/userinfo',
    },
    ttl: {
      AccessToken: options.accessTokenSeconds ?? 3600,
      RefreshToken: options.refreshTokenSeconds ?? 30 * 24 * 3600,
      IdToken: 3600,
      Grant: 365 * 24 * 3600,
      Interaction: 600,
      Session: 3600,
    },
    features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
  });

  const requests: FakeAlibaba['requests'] = [];
  const grants: FakeAlibaba['grants'] = [];
  const issuedTokens: string[] = [];
  const issuedSts: IssuedSts[] = [];
  const redirectUris: string[] = [];
  const refreshTokenIds: string[] = [];

  provider.on('access_token.saved', (token: { jti: string }) => issuedTokens.push(token.jti));
  provider.on('refresh_token.saved', (token: { jti: string }) => {
    issuedTokens.push(token.jti);
    refreshTokenIds.push(token.jti);
  });
  provider.on('grant.success', (ctx: OidcContext) =>
    grants.push({ grantType: String(ctx.oidc.params?.grant_type ?? '') }),
  );
  provider.on('grant.error', (ctx: OidcContext, error: { error?: string }) =>
    grants.push({ grantType: String(ctx.oidc.params?.grant_type ?? ''), error: error.error ?? 'error' }),
  );

  provider.use(async (ctx, next) => {
    requests.push({ method: ctx.method, path: ctx.path });

    // The official app accepts exactly five redirect URIs; RFC 8252's "any port" is not honoured (spec §1.3).
    if (ctx.method === 'GET' && ctx.path === '/oauth2/v1/auth') {
      const raw = typeof ctx.query.redirect_uri === 'string' ? ctx.query.redirect_uri : '';
      const allowed = allowedRedirect(raw, allowedPorts);
      if (!allowed) {
        ctx.status = 400;
        ctx.type = 'html';
        ctx.body = page('invalid_request', '<p>redirect_uri is not registered for this application</p>');
        return;
      }
      redirectUris.push(raw);
      // No scope in the request: the server grants the app's registered scopes (spec §1.2).
      if (ctx.query.scope === undefined) {
        const clientId = typeof ctx.query.client_id === 'string' ? ctx.query.client_id : '';
        ctx.query = { ...ctx.query, scope: stsClients.has(clientId) ? `openid ${STS_SCOPE}` : 'openid' };
      }
    }

    // Alibaba's consent step for identities the account has not assigned, and for a not yet installed app.
    if (ctx.method === 'GET' && ctx.path.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(ctx.req, ctx.res).catch(() => undefined);
      const account = details?.session?.accountId ?? '';
      if (details?.prompt.name === 'consent' && account.startsWith('unassigned')) {
        ctx.type = 'html';
        ctx.body = page(
          'official-cli',
          `<p>${NOT_ASSIGNED_TEXT}</p><p>将以下信息发送给 RAM 访问控制管理员，请管理员将当前访问身份添加至应用的访问者列表中。</p>` +
            `<p>访问身份 ${account}@1234567890123456.onaliyun.com</p>`,
        );
        return;
      }
      if (details?.prompt.name === 'consent' && !installed) {
        if (!account.startsWith('admin')) {
          ctx.type = 'html';
          ctx.body = page('第三方应用授权', `<p>${UNAUTHORIZED_CALL_TEXT}</p>`);
          return;
        }
        installed = true; // the administrator's consent installs official-cli in the account
      }
    }

    if (ctx.path === '/v1/exchange') {
      const requestId = random(12).toUpperCase();
      if (ctx.method !== 'POST') {
        ctx.status = 405;
        ctx.body = { error: 'invalid_request', error_description: 'Method not allowed.', requestId };
        return;
      }
      const match = /^Bearer (\S+)$/.exec(ctx.get('authorization'));
      const token = match
        ? await provider.AccessToken.find(match[1] as string, { ignoreExpiration: true })
        : undefined;
      if (!token) {
        ctx.status = 400;
        ctx.body = { error: 'invalid_token', error_description: 'The access token is invalid.', requestId };
        return;
      }
      if ((token.exp ?? 0) * 1000 <= Date.now()) {
        ctx.status = 400;
        ctx.body = { error: 'expired_token', error_description: 'The access token is expired.', requestId };
        return;
      }
      if (!(token.scope ?? '').split(' ').includes(STS_SCOPE)) {
        ctx.status = 403;
        ctx.body = {
          error: 'insufficient_scope',
          error_description: 'The application is not allowed to get STS credentials.',
          requestId,
        };
        return;
      }
      const sts: IssuedSts = {
        accessKeyId: `STS.NU${random(24)}`,
        accessKeySecret: random(44),
        securityToken: `CAIS${random(120)}`,
        expiration: isoSeconds(Date.now() + stsSeconds * 1000),
      };
      issuedSts.push(sts);
      ctx.body = { requestId, ...sts };
      return;
    }
    await next();
  });

  server.on('request', provider.callback());

  return {
    origin,
    provider,
    requests,
    grants,
    issuedTokens,
    issuedSts,
    redirectUris,
    async revokeRefreshTokens() {
      for (const id of refreshTokenIds) {
        const token = await provider.RefreshToken.find(id, { ignoreExpiration: true });
        await token?.destroy();
      }
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** A tiny cookie jar for driving the sign-in pages over plain HTTP. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = (pair ?? '').indexOf('=');
      if (index > 0) this.cookies.set((pair as string).slice(0, index), (pair as string).slice(index + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export interface HttpSignIn {
  login?: string;
  /** Press [ Cancel ] on the consent page instead of Continue. */
  deny?: boolean;
}

/**
 * Signs in and consents with plain HTTP requests (no browser) and returns where the server finally redirects to
 * (the loopback callback with code or error), or the HTML of a page that does not redirect.
 */
export async function signInOverHttp(
  authorizeUrl: string,
  options: HttpSignIn = {},
): Promise<{ redirect?: string; html?: string }> {
  const jar = new Jar();
  let url = authorizeUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let step = 0; step < 20; step += 1) {
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    jar.take(response);
    const location = response.headers.get('location');
    if (location) {
      await response.arrayBuffer();
      const next = new URL(location, url);
      if (next.pathname === '/cli/callback') return { redirect: next.toString() };
      url = next.toString();
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) return { html };
    if (prompt === 'consent' && options.deny) {
      const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
      if (!abort) return { html };
      url = new URL(abort, url).toString();
      method = 'GET';
      body = undefined;
      continue;
    }
    url = new URL(action, url).toString();
    method = 'POST';
    body =
      prompt === 'login'
        ? new URLSearchParams({ prompt, login: options.login ?? 'alice', password: 'any' }).toString()
        : new URLSearchParams({ prompt }).toString();
  }
  throw new Error('the sign-in did not finish in 20 steps');
}
