import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  json,
  startHttpService,
  text,
  type HttpService,
  type RecordedRequest,
} from '../harness/http-service';

/**
 * A fake of AWS IAM Identity Center as a CLI sees it: the SSO OIDC service (RegisterClient, StartDeviceAuthorization,
 * CreateToken, and the /authorize page of the authorization-code grant) and the portal API (ListAccounts,
 * ListAccountRoles, GetRoleCredentials, Logout). Built from the API references and the SDK's wire model
 * (@aws-sdk/client-sso-oidc, @aws-sdk/client-sso): restJson, errors as `x-amzn-errortype` plus a JSON body
 * (OIDC: `error` and `error_description`; portal: `message`), the same HTTP statuses.
 *
 * Where AWS does not document a behaviour, the fake picks the stricter one and says so:
 * - a refresh token is rotated on use and the old one then refused (AWS may return the same one);
 * - a refresh token is only issued to clients registered with scopes or the refresh_token grant (as AWS does);
 * - GetRoleCredentials for a role not assigned answers 403 ForbiddenException "No access" (what AWS answers, though
 *   the SDK model does not list it).
 */

export interface FakeSsoAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  roles: string[];
}

export interface MintedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface FakeAwsSsoOptions {
  startUrl?: string;
  region?: string;
  accounts?: FakeSsoAccount[];
  now?: () => number;
  /** Mints the role credentials of GetRoleCredentials (tests pass the fake STS's mint to make them usable there). */
  mint?: (accountId: string, roleName: string) => MintedCredentials;
  accessTokenSeconds?: number;
  deviceCodeSeconds?: number;
  /** The polling interval StartDeviceAuthorization answers, seconds. */
  interval?: number;
  /** Default page size of ListAccounts / ListAccountRoles. */
  pageSize?: number;
  /** Whether the signed-in user approves /authorize at once (a browser already signed in). Default true. */
  autoApprove?: boolean;
}

interface Client {
  clientId: string;
  clientSecret: string;
  clientName: string;
  scopes: string[];
  grantTypes: string[];
  redirectUris: string[];
  issuerUrl?: string;
  secretExpiresAt: number;
}

interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  expiresAt: number;
  interval: number;
  state: 'pending' | 'approved' | 'denied' | 'used';
  lastPoll?: number;
}

interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface FakeToken {
  accessToken: string;
  refreshToken?: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

export interface FakeAwsSso {
  oidcOrigin: string;
  portalOrigin: string;
  startUrl: string;
  region: string;
  oidcRequests: RecordedRequest[];
  portalRequests: RecordedRequest[];
  errors: Error[];
  accounts: FakeSsoAccount[];
  clients: Client[];
  tokens: FakeToken[];
  devices: DeviceAuthorization[];
  /** The person enters the user code on the verification page and approves (or denies). */
  approveDevice(userCode: string): void;
  denyDevice(userCode: string): void;
  /** Every access token expires now (UnauthorizedException at the portal; refresh tokens still work). */
  expireAccessTokens(): void;
  /** Every client registration expires now (InvalidClientException). */
  expireClients(): void;
  /** The next `count` portal requests are answered 429 TooManyRequestsException. */
  throttlePortalNext(count: number): void;
  /** Sets whether /authorize approves at once. */
  setAutoApprove(value: boolean): void;
  close(): Promise<void>;
}

const CLIENT_SECRET_SECONDS = 90 * 24 * 3600;
const CODE_SECONDS = 300;
const ROLE_SECONDS = 3600;
const SLOW_DOWN_SECONDS = 5;
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const KNOWN_GRANTS = new Set([DEVICE_GRANT, 'authorization_code', 'refresh_token']);
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly body: Record<string, unknown>,
  ) {
    super(type);
  }
}

function oidcError(status: number, type: string, error: string, description: string): AwsError {
  return new AwsError(status, type, { error, error_description: description });
}

function portalError(status: number, type: string, message: string): AwsError {
  return new AwsError(status, type, { message });
}

function sendError(res: ServerResponse, error: AwsError): void {
  json(res, error.status, error.body, { 'x-amzn-errortype': error.type });
}

function token(prefix: string, bytes = 48): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

function userCode(): string {
  const pick = () =>
    Array.from(randomBytes(4), (byte) => USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length]).join('');
  return `${pick()}-${pick()}`;
}

function parseBody(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw oidcError(400, 'InvalidRequestException', 'invalid_request', 'Invalid JSON');
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function stringList(body: Record<string, unknown>, key: string): string[] {
  const value = body[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** RFC 8252 §7.3: a loopback redirect URI matches the registered one whatever its port. */
function redirectMatches(registered: readonly string[], actual: string): boolean {
  let url: URL;
  try {
    url = new URL(actual);
  } catch {
    return false;
  }
  return registered.some((entry) => {
    let allowed: URL;
    try {
      allowed = new URL(entry);
    } catch {
      return false;
    }
    const loopback = allowed.hostname === '127.0.0.1' && url.hostname === '127.0.0.1';
    return (
      allowed.protocol === url.protocol &&
      allowed.hostname === url.hostname &&
      allowed.pathname === url.pathname &&
      (loopback || allowed.port === url.port)
    );
  });
}

export function standardSsoAccounts(): FakeSsoAccount[] {
  return [
    {
      accountId: '111111111111',
      accountName: 'prod',
      emailAddress: 'prod@example.com',
      roles: ['AdministratorAccess', 'ReadOnly'],
    },
    {
      accountId: '222222222222',
      accountName: 'staging',
      emailAddress: 'stg@example.com',
      roles: ['Developer'],
    },
    {
      accountId: '333333333333',
      accountName: 'sandbox team',
      emailAddress: 'sbx@example.com',
      roles: ['AdministratorAccess'],
    },
  ];
}

export async function startFakeAwsSso(options: FakeAwsSsoOptions = {}): Promise<FakeAwsSso> {
  const now = options.now ?? Date.now;
  const startUrl = options.startUrl ?? 'https://d-1234567890.awsapps.com/start';
  const region = options.region ?? 'ap-northeast-1';
  const accounts = options.accounts ?? standardSsoAccounts();
  const accessTokenSeconds = options.accessTokenSeconds ?? 3600;
  const deviceSeconds = options.deviceCodeSeconds ?? 600;
  const interval = options.interval ?? 1;
  const pageSize = options.pageSize ?? 20;
  let autoApprove = options.autoApprove ?? true;
  const clients: Client[] = [];
  const devices: DeviceAuthorization[] = [];
  const codes: AuthorizationCode[] = [];
  const tokens: FakeToken[] = [];
  let throttle = 0;
  const mint =
    options.mint ??
    ((): MintedCredentials => ({
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64').slice(0, 40),
      sessionToken: token('IQoJb3JpZ2luX2VjE', 96),
      expiresAt: now() + ROLE_SECONDS * 1000,
    }));

  function authenticateClient(body: Record<string, unknown>): Client {
    const clientId = stringField(body, 'clientId');
    const clientSecret = stringField(body, 'clientSecret');
    if (!clientId || !clientSecret)
      throw oidcError(
        400,
        'InvalidRequestException',
        'invalid_request',
        'clientId and clientSecret are required',
      );
    const client = clients.find((candidate) => candidate.clientId === clientId);
    if (!client || client.clientSecret !== clientSecret)
      throw oidcError(401, 'InvalidClientException', 'invalid_client', 'Invalid client credentials');
    if (client.secretExpiresAt <= now())
      throw oidcError(401, 'InvalidClientException', 'invalid_client', 'Client secret has expired');
    return client;
  }

  function issueToken(client: Client, scopes: string[]): Record<string, unknown> {
    const issued: FakeToken = {
      accessToken: token('aoaAAAAA'),
      clientId: client.clientId,
      scopes,
      expiresAt: now() + accessTokenSeconds * 1000,
      revoked: false,
    };
    if (client.scopes.length > 0 || client.grantTypes.includes('refresh_token'))
      issued.refreshToken = token('aorAAAAA');
    tokens.push(issued);
    return {
      accessToken: issued.accessToken,
      tokenType: 'Bearer',
      expiresIn: accessTokenSeconds,
      ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}),
    };
  }

  function register(body: Record<string, unknown>): Record<string, unknown> {
    const clientName = stringField(body, 'clientName');
    const clientType = stringField(body, 'clientType');
    if (!clientName || !clientType)
      throw oidcError(
        400,
        'InvalidRequestException',
        'invalid_request',
        'clientName and clientType are required',
      );
    if (clientType !== 'public')
      throw oidcError(
        400,
        'InvalidClientMetadataException',
        'invalid_client_metadata',
        'Invalid client type',
      );
    const grantTypes = stringList(body, 'grantTypes');
    if (grantTypes.some((grant) => !KNOWN_GRANTS.has(grant)))
      throw oidcError(
        400,
        'InvalidClientMetadataException',
        'invalid_client_metadata',
        'Invalid grant types',
      );
    const redirectUris = stringList(body, 'redirectUris');
    const issuerUrl = stringField(body, 'issuerUrl');
    if (grantTypes.includes('authorization_code')) {
      if (redirectUris.length === 0)
        throw oidcError(
          400,
          'InvalidRedirectUriException',
          'invalid_redirect_uri',
          'redirectUris are required',
        );
      if (!issuerUrl)
        throw oidcError(400, 'InvalidRequestException', 'invalid_request', 'issuerUrl is required');
    }
    if (issuerUrl && issuerUrl !== startUrl)
      throw oidcError(400, 'InvalidRequestException', 'invalid_request', 'Invalid issuerUrl');
    for (const uri of redirectUris) {
      let url: URL;
      try {
        url = new URL(uri);
      } catch {
        throw oidcError(400, 'InvalidRedirectUriException', 'invalid_redirect_uri', 'Invalid redirect URI');
      }
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && url.hostname === '127.0.0.1'))
        throw oidcError(400, 'InvalidRedirectUriException', 'invalid_redirect_uri', 'Invalid redirect URI');
    }
    const scopes = stringList(body, 'scopes');
    if (scopes.some((scope) => !/^[\w:.-]+$/.test(scope)))
      throw oidcError(400, 'InvalidScopeException', 'invalid_scope', 'Invalid scope');
    const client: Client = {
      clientId: token('client-', 24),
      clientSecret: token('secret-', 64),
      clientName,
      scopes,
      grantTypes,
      redirectUris,
      ...(issuerUrl ? { issuerUrl } : {}),
      secretExpiresAt: now() + CLIENT_SECRET_SECONDS * 1000,
    };
    clients.push(client);
    return {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      clientIdIssuedAt: Math.floor(now() / 1000),
      clientSecretExpiresAt: Math.floor(client.secretExpiresAt / 1000),
    };
  }

  function startDevice(body: Record<string, unknown>, oidcOrigin: string): Record<string, unknown> {
    const client = authenticateClient(body);
    const url = stringField(body, 'startUrl');
    if (!url) throw oidcError(400, 'InvalidRequestException', 'invalid_request', 'startUrl is required');
    if (url !== startUrl)
      throw oidcError(400, 'InvalidRequestException', 'invalid_request', 'Invalid start URL');
    const device: DeviceAuthorization = {
      deviceCode: token('device-'),
      userCode: userCode(),
      clientId: client.clientId,
      startUrl: url,
      expiresAt: now() + deviceSeconds * 1000,
      interval,
      state: 'pending',
    };
    devices.push(device);
    const verificationUri = `${oidcOrigin}/device`;
    return {
      deviceCode: device.deviceCode,
      userCode: device.userCode,
      verificationUri,
      verificationUriComplete: `${verificationUri}?user_code=${device.userCode}`,
      expiresIn: deviceSeconds,
      interval,
    };
  }

  function createToken(body: Record<string, unknown>): Record<string, unknown> {
    const client = authenticateClient(body);
    const grantType = stringField(body, 'grantType');
    if (!grantType)
      throw oidcError(400, 'InvalidRequestException', 'invalid_request', 'grantType is required');
    if (!KNOWN_GRANTS.has(grantType))
      throw oidcError(
        400,
        'UnsupportedGrantTypeException',
        'unsupported_grant_type',
        'Unsupported grant type',
      );
    if (client.grantTypes.length > 0 && !client.grantTypes.includes(grantType))
      throw oidcError(
        400,
        'UnauthorizedClientException',
        'unauthorized_client',
        'Client is not authorized for this grant',
      );
    if (grantType === DEVICE_GRANT) return deviceToken(client, body);
    if (grantType === 'authorization_code') return codeToken(client, body);
    return refreshToken(client, body);
  }

  function deviceToken(client: Client, body: Record<string, unknown>): Record<string, unknown> {
    const deviceCode = stringField(body, 'deviceCode');
    if (!deviceCode)
      throw oidcError(400, 'InvalidRequestException', 'invalid_request', 'deviceCode is required');
    const device = devices.find((candidate) => candidate.deviceCode === deviceCode);
    if (!device || device.clientId !== client.clientId || device.state === 'used')
      throw oidcError(400, 'InvalidGrantException', 'invalid_grant', 'Invalid grant provided');
    if (device.expiresAt <= now())
      throw oidcError(400, 'ExpiredTokenException', 'expired_token', 'Device code has expired');
    if (device.state === 'denied')
      throw oidcError(400, 'AccessDeniedException', 'access_denied', 'Authorization was denied');
    const last = device.lastPoll;
    device.lastPoll = now();
    if (last !== undefined && now() - last < device.interval * 1000) {
      device.interval += SLOW_DOWN_SECONDS;
      throw oidcError(400, 'SlowDownException', 'slow_down', 'Client is polling too fast');
    }
    if (device.state === 'pending')
      throw oidcError(
        400,
        'AuthorizationPendingException',
        'authorization_pending',
        'Authorization is still pending',
      );
    device.state = 'used';
    return issueToken(client, client.scopes);
  }

  function codeToken(client: Client, body: Record<string, unknown>): Record<string, unknown> {
    const code = stringField(body, 'code');
    const redirectUri = stringField(body, 'redirectUri');
    const verifier = stringField(body, 'codeVerifier');
    if (!code || !redirectUri || !verifier)
      throw oidcError(
        400,
        'InvalidRequestException',
        'invalid_request',
        'code, redirectUri and codeVerifier are required',
      );
    const found = codes.find((candidate) => candidate.code === code);
    if (!found || found.used || found.clientId !== client.clientId || found.expiresAt <= now())
      throw oidcError(400, 'InvalidGrantException', 'invalid_grant', 'Invalid grant provided');
    found.used = true;
    if (found.redirectUri !== redirectUri)
      throw oidcError(400, 'InvalidGrantException', 'invalid_grant', 'Invalid redirect URI');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (challenge !== found.challenge)
      throw oidcError(400, 'InvalidGrantException', 'invalid_grant', 'Invalid code verifier');
    return issueToken(client, found.scopes.length > 0 ? found.scopes : client.scopes);
  }

  function refreshToken(client: Client, body: Record<string, unknown>): Record<string, unknown> {
    const refresh = stringField(body, 'refreshToken');
    if (!refresh)
      throw oidcError(400, 'InvalidRequestException', 'invalid_request', 'refreshToken is required');
    const found = tokens.find((candidate) => candidate.refreshToken === refresh);
    if (!found || found.revoked || found.clientId !== client.clientId)
      throw oidcError(400, 'InvalidGrantException', 'invalid_grant', 'Invalid refresh token provided');
    found.revoked = true;
    return issueToken(client, found.scopes);
  }

  function authorize(query: URLSearchParams, res: ServerResponse): void {
    const client = clients.find((candidate) => candidate.clientId === query.get('client_id'));
    const redirectUri = query.get('redirect_uri') ?? '';
    // Errors before the redirect URI is trusted are shown, never redirected (RFC 6749 §4.1.2.1).
    if (!client || client.secretExpiresAt <= now() || !client.grantTypes.includes('authorization_code'))
      return text(res, 400, 'invalid client\n');
    if (!redirectMatches(client.redirectUris, redirectUri)) return text(res, 400, 'invalid redirect_uri\n');
    const state = query.get('state');
    const back = new URL(redirectUri);
    if (state !== null) back.searchParams.set('state', state);
    const challenge = query.get('code_challenge');
    if (
      query.get('response_type') !== 'code' ||
      query.get('code_challenge_method') !== 'S256' ||
      !challenge
    ) {
      back.searchParams.set('error', 'invalid_request');
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (!autoApprove) {
      back.searchParams.set('error', 'access_denied');
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    const scopes = (query.get('scopes') ?? '').split(/[ ,]+/).filter(Boolean);
    const code: AuthorizationCode = {
      code: token('code-', 24),
      clientId: client.clientId,
      redirectUri,
      challenge,
      scopes,
      expiresAt: now() + CODE_SECONDS * 1000,
      used: false,
    };
    codes.push(code);
    back.searchParams.set('code', code.code);
    res.writeHead(302, { location: back.toString() }).end();
  }

  function bearer(headers: RecordedRequest['headers']): FakeToken {
    const value = headers['x-amz-sso_bearer_token'];
    const found =
      typeof value === 'string' ? tokens.find((candidate) => candidate.accessToken === value) : undefined;
    if (!found || found.revoked || found.expiresAt <= now())
      throw portalError(401, 'UnauthorizedException', 'Session token not found or invalid');
    return found;
  }

  function page<T>(items: T[], query: URLSearchParams): { slice: T[]; next?: string } {
    const maxText = query.get('max_result');
    const max = maxText === null ? pageSize : Number(maxText);
    if (!Number.isInteger(max) || max < 1 || max > 100)
      throw portalError(400, 'InvalidRequestException', 'Invalid max_result');
    const nextText = query.get('next_token');
    let start = 0;
    if (nextText !== null) {
      const decoded = /^page-(\d+)$/.exec(Buffer.from(nextText, 'base64url').toString('utf8'));
      if (!decoded) throw portalError(400, 'InvalidRequestException', 'Invalid next_token');
      start = Number(decoded[1]);
    }
    const slice = items.slice(start, start + max);
    const end = start + max;
    return end < items.length ? { slice, next: Buffer.from(`page-${end}`).toString('base64url') } : { slice };
  }

  function portal(req: RecordedRequest): Record<string, unknown> | undefined {
    if (throttle > 0) {
      throttle -= 1;
      throw portalError(429, 'TooManyRequestsException', 'Rate exceeded');
    }
    const session = bearer(req.headers);
    if (req.method === 'POST' && req.path === '/logout') {
      session.revoked = true;
      return undefined;
    }
    if (req.method !== 'GET') throw portalError(404, 'ResourceNotFoundException', 'Not found');
    if (req.path === '/assignment/accounts') {
      const { slice, next } = page(accounts, req.query);
      return {
        accountList: slice.map(({ accountId, accountName, emailAddress }) => ({
          accountId,
          accountName,
          emailAddress,
        })),
        ...(next ? { nextToken: next } : {}),
      };
    }
    const accountId = req.query.get('account_id');
    if (req.path === '/assignment/roles') {
      if (!accountId) throw portalError(400, 'InvalidRequestException', 'account_id is required');
      const account = accounts.find((candidate) => candidate.accountId === accountId);
      if (!account) throw portalError(403, 'ForbiddenException', 'No access');
      const { slice, next } = page(account.roles, req.query);
      return {
        roleList: slice.map((roleName) => ({ roleName, accountId })),
        ...(next ? { nextToken: next } : {}),
      };
    }
    if (req.path === '/federation/credentials') {
      const roleName = req.query.get('role_name');
      if (!accountId || !roleName)
        throw portalError(400, 'InvalidRequestException', 'account_id and role_name are required');
      const account = accounts.find((candidate) => candidate.accountId === accountId);
      if (!account || !account.roles.includes(roleName))
        throw portalError(403, 'ForbiddenException', 'No access');
      const minted = mint(accountId, roleName);
      return {
        roleCredentials: {
          accessKeyId: minted.accessKeyId,
          secretAccessKey: minted.secretAccessKey,
          sessionToken: minted.sessionToken,
          expiration: minted.expiresAt,
        },
      };
    }
    throw portalError(404, 'ResourceNotFoundException', 'Not found');
  }

  const oidc: HttpService = await startHttpService((req, res) => {
    try {
      if (req.method === 'GET' && req.path === '/authorize') return authorize(req.query, res);
      if (req.method === 'GET' && req.path === '/device') return text(res, 200, 'Enter your code\n');
      if (req.method !== 'POST') throw oidcError(404, 'ResourceNotFoundException', 'not_found', 'Not found');
      const body = parseBody(req.body);
      if (req.path === '/client/register') return json(res, 200, register(body));
      if (req.path === '/device_authorization') return json(res, 200, startDevice(body, oidc.origin));
      if (req.path === '/token') return json(res, 200, createToken(body));
      throw oidcError(404, 'ResourceNotFoundException', 'not_found', 'Not found');
    } catch (error) {
      if (error instanceof AwsError) return sendError(res, error);
      throw error;
    }
  });
  const portalService: HttpService = await startHttpService((req, res) => {
    try {
      const answer = portal(req);
      if (answer === undefined) return json(res, 200, {});
      return json(res, 200, answer);
    } catch (error) {
      if (error instanceof AwsError) return sendError(res, error);
      throw error;
    }
  });

  function device(code: string): DeviceAuthorization {
    const found = devices.find((candidate) => candidate.userCode === code);
    if (!found) throw new Error(`no device authorization with user code ${code}`);
    return found;
  }

  return {
    oidcOrigin: oidc.origin,
    portalOrigin: portalService.origin,
    startUrl,
    region,
    oidcRequests: oidc.requests,
    portalRequests: portalService.requests,
    get errors() {
      return [...oidc.errors, ...portalService.errors];
    },
    accounts,
    clients,
    tokens,
    devices,
    approveDevice(code) {
      device(code).state = 'approved';
    },
    denyDevice(code) {
      device(code).state = 'denied';
    },
    expireAccessTokens() {
      for (const issued of tokens) issued.expiresAt = Math.min(issued.expiresAt, now());
    },
    expireClients() {
      for (const client of clients) client.secretExpiresAt = Math.min(client.secretExpiresAt, now());
    },
    throttlePortalNext(count) {
      throttle = count;
    },
    setAutoApprove(value) {
      autoApprove = value;
    },
    async close() {
      await Promise.all([oidc.close(), portalService.close()]);
    },
  };
}
