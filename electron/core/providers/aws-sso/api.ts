import * as z from 'zod';
import type { Env } from '../../home';
import { badResponse } from '../../bad-response';
import { debug, msSince } from '../../debug';
import { withRetries as retrying } from '../../http';
import { traceSdkExchanges } from '../aws/api';
import { retryPolicy } from '../aws/endpoint';
import { oidcOrigin, portalOrigin } from './endpoint';

const OIDC_SERVICE = 'AWS SSO OIDC';
const PORTAL_SERVICE = 'AWS SSO portal';

/**
 * A 4xx answer of SSO OIDC or the portal: the exception name (AuthorizationPendingException, UnauthorizedException,
 * …), the OIDC `error` code where there is one, and the service's one-line description. None carries a token.
 */
export class SsoRejection extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly status: number,
    readonly error?: string,
  ) {
    super(`${status} ${code}`);
  }
}

type OidcModule = typeof import('@aws-sdk/client-sso-oidc');
type PortalModule = typeof import('@aws-sdk/client-sso');
let oidcSdk: Promise<OidcModule> | undefined;
let portalSdk: Promise<PortalModule> | undefined;

/** Each SDK is loaded on its first call; bundled as CommonJS, its exports may sit on `default`. */
function loadOidc(): Promise<OidcModule> {
  oidcSdk ??= import('@aws-sdk/client-sso-oidc').then((module) =>
    typeof module.SSOOIDCClient === 'function'
      ? module
      : (module as unknown as { default: OidcModule }).default,
  );
  return oidcSdk;
}
function loadPortal(): Promise<PortalModule> {
  portalSdk ??= import('@aws-sdk/client-sso').then((module) =>
    typeof module.SSOClient === 'function'
      ? module
      : (module as unknown as { default: PortalModule }).default,
  );
  return portalSdk;
}

export interface SsoTarget {
  ssoRegion: string;
  env: Env;
}

const NODE_WARNING = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** The SDK's Node-version warning would land on credential_process callers' stderr (see aws/api.ts). */
function quietly<T>(build: () => T): T {
  const before = process.env[NODE_WARNING];
  process.env[NODE_WARNING] = 'true';
  try {
    return build();
  } finally {
    if (before === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    else process.env[NODE_WARNING] = before;
  }
}

/**
 * --debug: each request and answer as STS's are logged, through ../../debug's allow-list redaction (tokens, the client
 * secret, codes, the verifier and role credentials are not on it). The middleware reads only the HTTP exchange.
 */
function traceExchanges(client: object): void {
  traceSdkExchanges(client as Parameters<typeof traceSdkExchanges>[0]);
}

/** Calls without credentials: SSO OIDC and the portal are unsigned (the bearer token is a header). */
const ANONYMOUS = { accessKeyId: 'unused', secretAccessKey: 'unused' };

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  error?: string;
  error_description?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

function classify(service: string, error: unknown): SsoRejection | string {
  const e = error as SdkError;
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined) return e.code ?? e.name ?? 'network error';
  if (status < 300) {
    throw badResponse({
      service,
      what: 'response',
      problem: 'the body is not the expected JSON',
      status,
      requestId: e.$metadata?.requestId,
    });
  }
  const code = e.name ?? `HTTP${status}`;
  if (status === 429 || status >= 500) return `HTTP ${status} ${code}`;
  // The SDK copies the body's fields as they came: a "message" that is not a string is no message.
  const said =
    [e.error_description, e.message].find((value): value is string => typeof value === 'string') ?? '';
  const detail = said.split('\n')[0]?.slice(0, 300) ?? '';
  return new SsoRejection(code, detail, status, e.error);
}

/** One call with the usual policy: 4xx is a rejection at once, throttling/5xx/network are retried, then exit 4. */
async function withRetries<T>(
  service: string,
  operation: string,
  env: Env,
  call: () => Promise<T>,
): Promise<T> {
  let started = 0;
  return retrying(
    service,
    retryPolicy(env),
    async () => {
      started = performance.now();
      const result = await call();
      // --debug: the outcome of the operation (the exchange itself is traced, redacted, by traceExchanges).
      debug('http', `${service} ${operation}: ok (${msSince(started)})`);
      return result;
    },
    (error) => {
      const classified = classify(service, error);
      const outcome =
        classified instanceof SsoRejection ? `${classified.status} ${classified.code}` : classified;
      debug('http', `${service} ${operation}: ${outcome} (${msSince(started)})`);
      return classified;
    },
  );
}

/** The next page's token, refused when the service hands back one it gave before (a paging loop would never end). */
function nextPage(
  service: string,
  what: string,
  seen: Set<string>,
  token: string | undefined,
): string | undefined {
  if (!token) return undefined;
  if (seen.has(token)) throw badResponse({ service, what, problem: 'nextToken repeats an earlier page' });
  seen.add(token);
  return token;
}

/** The SDK does not check the types of an answer's fields: the parts Tobira reads are checked here. */
function shaped<T>(service: string, what: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw badResponse({ service, what, problem: parsed.error });
}

const Text = z.string().min(1);
const AccountsPage = z.object({
  accountList: z
    .array(
      z.object({ accountId: Text, accountName: z.string().optional(), emailAddress: z.string().optional() }),
    )
    .optional(),
  nextToken: z.string().optional(),
});
const RolesPage = z.object({
  roleList: z.array(z.object({ roleName: Text })).optional(),
  nextToken: z.string().optional(),
});
const RoleCredentialsAnswer = z.object({
  roleCredentials: z.object({
    accessKeyId: Text,
    secretAccessKey: Text,
    sessionToken: Text,
    expiration: z.number().int().positive(),
  }),
});
const TokenAnswer = z.object({
  accessToken: Text,
  expiresIn: z.number().int().positive(),
  refreshToken: Text.optional(),
});
const RegistrationAnswer = z.object({
  clientId: Text,
  clientSecret: Text,
  clientSecretExpiresAt: z.number().int().positive(),
});
const DeviceAnswer = z.object({
  deviceCode: Text,
  userCode: Text,
  verificationUri: Text,
  verificationUriComplete: Text.optional(),
  expiresIn: z.number().int().positive(),
  interval: z.number().int().positive().optional(),
});

export interface Registration {
  clientId: string;
  clientSecret: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresIn: number;
  interval?: number;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
}

export type TokenGrant =
  | { grantType: 'urn:ietf:params:oauth:grant-type:device_code'; deviceCode: string }
  | { grantType: 'authorization_code'; code: string; redirectUri: string; codeVerifier: string }
  | { grantType: 'refresh_token'; refreshToken: string };

/** SSO OIDC: RegisterClient, StartDeviceAuthorization, CreateToken (docs/protocols/aws-sso.md). */
export class SsoOidc {
  readonly origin: string;
  constructor(private readonly target: SsoTarget) {
    this.origin = oidcOrigin(target.env, target.ssoRegion);
  }

  private async client() {
    const { SSOOIDCClient } = await loadOidc();
    return quietly(
      () =>
        new SSOOIDCClient({
          region: this.target.ssoRegion,
          endpoint: this.origin,
          credentials: ANONYMOUS,
          maxAttempts: 1,
        }),
    );
  }

  private async run<T>(
    operation: string,
    call: (sdk: OidcModule, client: Awaited<ReturnType<SsoOidc['client']>>) => Promise<T>,
  ) {
    const sdk = await loadOidc();
    const client = await this.client();
    traceExchanges(client);
    try {
      return await withRetries(OIDC_SERVICE, operation, this.target.env, () => call(sdk, client));
    } finally {
      client.destroy();
    }
  }

  async registerClient(input: {
    clientName: string;
    scopes: readonly string[];
    grantTypes?: readonly string[];
    redirectUris?: readonly string[];
    issuerUrl?: string;
  }): Promise<Registration> {
    const out = await this.run('RegisterClient', (sdk, client) =>
      client.send(
        new sdk.RegisterClientCommand({
          clientName: input.clientName,
          clientType: 'public',
          scopes: [...input.scopes],
          ...(input.grantTypes ? { grantTypes: [...input.grantTypes] } : {}),
          ...(input.redirectUris ? { redirectUris: [...input.redirectUris] } : {}),
          ...(input.issuerUrl ? { issuerUrl: input.issuerUrl } : {}),
        }),
      ),
    );
    const answer = shaped(OIDC_SERVICE, 'RegisterClient', RegistrationAnswer, out);
    return {
      clientId: answer.clientId,
      clientSecret: answer.clientSecret,
      expiresAt: answer.clientSecretExpiresAt * 1000,
    };
  }

  async startDeviceAuthorization(registration: Registration, startUrl: string): Promise<DeviceAuthorization> {
    const out = await this.run('StartDeviceAuthorization', (sdk, client) =>
      client.send(
        new sdk.StartDeviceAuthorizationCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          startUrl,
        }),
      ),
    );
    const answer = shaped(OIDC_SERVICE, 'StartDeviceAuthorization', DeviceAnswer, out);
    return {
      deviceCode: answer.deviceCode,
      userCode: answer.userCode,
      verificationUri: answer.verificationUri,
      ...(answer.verificationUriComplete ? { verificationUriComplete: answer.verificationUriComplete } : {}),
      expiresIn: answer.expiresIn,
      ...(answer.interval ? { interval: answer.interval } : {}),
    };
  }

  async createToken(registration: Registration, grant: TokenGrant): Promise<IssuedToken> {
    const out = await this.run('CreateToken', (sdk, client) =>
      client.send(
        new sdk.CreateTokenCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          ...grant,
        }),
      ),
    );
    const answer = shaped(OIDC_SERVICE, 'CreateToken', TokenAnswer, out);
    return {
      accessToken: answer.accessToken,
      expiresIn: answer.expiresIn,
      ...(answer.refreshToken ? { refreshToken: answer.refreshToken } : {}),
    };
  }
}

export interface PortalAccount {
  accountId: string;
  accountName: string;
  emailAddress?: string;
}

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds, as the portal answers. */
  expiration: number;
}

/** The portal API: ListAccounts, ListAccountRoles, GetRoleCredentials, Logout (x-amz-sso_bearer_token). */
export class SsoPortal {
  constructor(
    private readonly target: SsoTarget,
    private readonly accessToken: string,
  ) {}

  private async run<T>(
    operation: string,
    call: (sdk: PortalModule, client: InstanceType<PortalModule['SSOClient']>) => Promise<T>,
  ) {
    const sdk = await loadPortal();
    const client = quietly(
      () =>
        new sdk.SSOClient({
          region: this.target.ssoRegion,
          endpoint: portalOrigin(this.target.env, this.target.ssoRegion),
          credentials: ANONYMOUS,
          maxAttempts: 1,
        }),
    );
    traceExchanges(client);
    try {
      return await withRetries(PORTAL_SERVICE, operation, this.target.env, () => call(sdk, client));
    } finally {
      client.destroy();
    }
  }

  async listAccounts(): Promise<PortalAccount[]> {
    const accounts: PortalAccount[] = [];
    const seen = new Set<string>();
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const out = await this.run('ListAccounts', (sdk, client) =>
        client.send(
          new sdk.ListAccountsCommand({
            accessToken: this.accessToken,
            maxResults: 100,
            ...(token ? { nextToken: token } : {}),
          }),
        ),
      );
      const answer = shaped(PORTAL_SERVICE, 'ListAccounts', AccountsPage, out);
      for (const account of answer.accountList ?? []) {
        accounts.push({
          accountId: account.accountId,
          accountName: account.accountName || account.accountId,
          ...(account.emailAddress ? { emailAddress: account.emailAddress } : {}),
        });
      }
      nextToken = nextPage(PORTAL_SERVICE, 'ListAccounts', seen, answer.nextToken);
    } while (nextToken);
    return accounts;
  }

  async listAccountRoles(accountId: string): Promise<string[]> {
    const roles: string[] = [];
    const seen = new Set<string>();
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const out = await this.run('ListAccountRoles', (sdk, client) =>
        client.send(
          new sdk.ListAccountRolesCommand({
            accessToken: this.accessToken,
            accountId,
            maxResults: 100,
            ...(token ? { nextToken: token } : {}),
          }),
        ),
      );
      const answer = shaped(PORTAL_SERVICE, 'ListAccountRoles', RolesPage, out);
      for (const role of answer.roleList ?? []) roles.push(role.roleName);
      nextToken = nextPage(PORTAL_SERVICE, 'ListAccountRoles', seen, answer.nextToken);
    } while (nextToken);
    return roles;
  }

  async getRoleCredentials(accountId: string, roleName: string): Promise<RoleCredentials> {
    const out = await this.run('GetRoleCredentials', (sdk, client) =>
      client.send(new sdk.GetRoleCredentialsCommand({ accessToken: this.accessToken, accountId, roleName })),
    );
    return shaped(PORTAL_SERVICE, 'GetRoleCredentials', RoleCredentialsAnswer, out).roleCredentials;
  }

  async logout(): Promise<void> {
    await this.run('Logout', (sdk, client) =>
      client.send(new sdk.LogoutCommand({ accessToken: this.accessToken })),
    );
  }
}
