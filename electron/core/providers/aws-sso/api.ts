import { ExitCode, TobiraError } from '../../errors';
import type { Env } from '../../home';
import { badResponse } from '../../bad-response';
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
  const detail = (e.error_description ?? e.message ?? '').split('\n')[0]?.slice(0, 300) ?? '';
  return new SsoRejection(code, detail, status, e.error);
}

/** One call with the usual policy: 4xx is a rejection at once, throttling/5xx/network are retried, then exit 4. */
async function withRetries<T>(service: string, env: Env, call: () => Promise<T>): Promise<T> {
  const retry = retryPolicy(env);
  let problem = '';
  for (let attempt = 1; attempt <= retry.attempts; attempt += 1) {
    if (attempt > 1)
      await new Promise((resolve) => setTimeout(resolve, retry.baseDelayMs * 2 ** (attempt - 2)));
    try {
      return await call();
    } catch (error) {
      const classified = classify(service, error);
      if (classified instanceof SsoRejection) throw classified;
      problem = classified;
    }
  }
  throw new TobiraError('provider.unreachable', ExitCode.unreachable, {
    service,
    detail: problem,
    attempts: retry.attempts,
  });
}

function required<T>(service: string, what: string, value: T | undefined | null): T {
  if (value === undefined || value === null || value === '')
    throw badResponse({ service, what, problem: 'missing' });
  return value;
}

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
    call: (sdk: OidcModule, client: Awaited<ReturnType<SsoOidc['client']>>) => Promise<T>,
  ) {
    const sdk = await loadOidc();
    const client = await this.client();
    try {
      return await withRetries(OIDC_SERVICE, this.target.env, () => call(sdk, client));
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
    const out = await this.run((sdk, client) =>
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
    return {
      clientId: required(OIDC_SERVICE, 'clientId', out.clientId),
      clientSecret: required(OIDC_SERVICE, 'clientSecret', out.clientSecret),
      expiresAt: required(OIDC_SERVICE, 'clientSecretExpiresAt', out.clientSecretExpiresAt) * 1000,
    };
  }

  async startDeviceAuthorization(registration: Registration, startUrl: string): Promise<DeviceAuthorization> {
    const out = await this.run((sdk, client) =>
      client.send(
        new sdk.StartDeviceAuthorizationCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          startUrl,
        }),
      ),
    );
    return {
      deviceCode: required(OIDC_SERVICE, 'deviceCode', out.deviceCode),
      userCode: required(OIDC_SERVICE, 'userCode', out.userCode),
      verificationUri: required(OIDC_SERVICE, 'verificationUri', out.verificationUri),
      ...(out.verificationUriComplete ? { verificationUriComplete: out.verificationUriComplete } : {}),
      expiresIn: required(OIDC_SERVICE, 'expiresIn', out.expiresIn),
      ...(out.interval ? { interval: out.interval } : {}),
    };
  }

  async createToken(registration: Registration, grant: TokenGrant): Promise<IssuedToken> {
    const out = await this.run((sdk, client) =>
      client.send(
        new sdk.CreateTokenCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          ...grant,
        }),
      ),
    );
    return {
      accessToken: required(OIDC_SERVICE, 'accessToken', out.accessToken),
      expiresIn: required(OIDC_SERVICE, 'expiresIn', out.expiresIn),
      ...(out.refreshToken ? { refreshToken: out.refreshToken } : {}),
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
    try {
      return await withRetries(PORTAL_SERVICE, this.target.env, () => call(sdk, client));
    } finally {
      client.destroy();
    }
  }

  async listAccounts(): Promise<PortalAccount[]> {
    const accounts: PortalAccount[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const out = await this.run((sdk, client) =>
        client.send(
          new sdk.ListAccountsCommand({
            accessToken: this.accessToken,
            maxResults: 100,
            ...(token ? { nextToken: token } : {}),
          }),
        ),
      );
      for (const account of out.accountList ?? []) {
        accounts.push({
          accountId: required(PORTAL_SERVICE, 'accountId', account.accountId),
          accountName: account.accountName ?? account.accountId ?? '',
          ...(account.emailAddress ? { emailAddress: account.emailAddress } : {}),
        });
      }
      nextToken = out.nextToken || undefined;
    } while (nextToken);
    return accounts;
  }

  async listAccountRoles(accountId: string): Promise<string[]> {
    const roles: string[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const out = await this.run((sdk, client) =>
        client.send(
          new sdk.ListAccountRolesCommand({
            accessToken: this.accessToken,
            accountId,
            maxResults: 100,
            ...(token ? { nextToken: token } : {}),
          }),
        ),
      );
      for (const role of out.roleList ?? []) roles.push(required(PORTAL_SERVICE, 'roleName', role.roleName));
      nextToken = out.nextToken || undefined;
    } while (nextToken);
    return roles;
  }

  async getRoleCredentials(accountId: string, roleName: string): Promise<RoleCredentials> {
    const out = await this.run((sdk, client) =>
      client.send(new sdk.GetRoleCredentialsCommand({ accessToken: this.accessToken, accountId, roleName })),
    );
    const credentials = required(PORTAL_SERVICE, 'roleCredentials', out.roleCredentials);
    return {
      accessKeyId: required(PORTAL_SERVICE, 'accessKeyId', credentials.accessKeyId),
      secretAccessKey: required(PORTAL_SERVICE, 'secretAccessKey', credentials.secretAccessKey),
      sessionToken: required(PORTAL_SERVICE, 'sessionToken', credentials.sessionToken),
      expiration: required(PORTAL_SERVICE, 'expiration', credentials.expiration),
    };
  }

  async logout(): Promise<void> {
    await this.run((sdk, client) => client.send(new sdk.LogoutCommand({ accessToken: this.accessToken })));
  }
}
