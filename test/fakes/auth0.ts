/**
 * A faithful local fake of the parts of Auth0 that the "users as API keys" pattern uses
 * (docs/protocols/auth0.md):
 *
 * - Authentication API `POST /oauth/token` (form or JSON): `client_credentials` (Management API tokens, needs a
 *   client grant) and `http://auth0.com/oauth/grant-type/password-realm` (API key → JWT). Checks client id and secret
 *   (public clients send none), the client's grant types, the audience, the realm and whether it is enabled for the
 *   client, the user's password and `blocked`, and Auth0's brute-force block (10 failures). Errors are
 *   `{error, error_description}` with the statuses of specs B3.
 * - Management API `/api/v2/users` (list by `q=identities.connection:"X"`, create), `/api/v2/users/{id}`
 *   (get, patch, delete — delete is 204 even for a missing user) and `/api/v2/users/{id}/permissions`
 *   (get, post, delete with a body). Bearer token and scope checks (`read:users`, `create:users`, `update:users`,
 *   `delete:users`); errors are `{statusCode, error, message, errorCode}`.
 * - 429 simulation with `X-RateLimit-*` (and optionally `Retry-After`) headers, and `failOn` to make a chosen call
 *   fail (to interrupt a rotation at any step).
 *
 * Tokens are JWT-shaped (HS256 with a key only the fake knows) and checked against the issued-token table.
 * Behaviour marked [U] in the spec (exact messages of some 400s, the unknown-realm answer) is a plausible default.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { json, startHttpService, type RecordedRequest, type ServiceRequest } from '../harness/http-service';

export const PASSWORD_REALM = 'http://auth0.com/oauth/grant-type/password-realm';
export const MANAGEMENT_SCOPES = ['read:users', 'create:users', 'update:users', 'delete:users'];
const RATE_LIMIT_MESSAGE =
  'Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.';
const BRUTE_FORCE_THRESHOLD = 10;

export interface FakeAuth0Client {
  clientId: string;
  /** Confidential clients have one; public clients (token_endpoint_auth_method none) do not. */
  clientSecret?: string;
  grantTypes: string[];
  /** Client grants for client_credentials: API identifier → scopes. */
  grants?: Record<string, string[]>;
  /** Connections enabled for this client (password-realm). */
  connections?: string[];
}

export interface FakeAuth0Api {
  identifier: string;
  name?: string;
  /** The permissions (scopes) the API defines. */
  scopes: string[];
  /** RBAC: the token scope is the intersection of requested and assigned permissions. */
  enforcePolicies?: boolean;
  /** "Add Permissions in the Access Token" (token_dialect access_token_authz). */
  permissionsInToken?: boolean;
  /** Access token lifetime in seconds (Auth0 default 86400). */
  tokenLifetime?: number;
}

export interface FakeAuth0Permission {
  resource_server_identifier: string;
  permission_name: string;
}

export interface FakeAuth0User {
  user_id: string;
  connection: string;
  email?: string;
  username?: string;
  password: string;
  name?: string;
  blocked: boolean;
  email_verified: boolean;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  permissions: FakeAuth0Permission[];
  failedLogins: number;
}

export interface FakeAuth0Connection {
  name: string;
  requiresUsername?: boolean;
}

export interface FakeAuth0Failure {
  method?: string;
  /** Matched against the decoded path, e.g. "/api/v2/users/auth0|abc/permissions". */
  path: string | RegExp;
  status: number;
  /** How many matching calls fail (default: every one). */
  times?: number;
  body?: unknown;
}

export interface FakeAuth0RateLimit {
  api: 'management' | 'authentication';
  /** How many calls in a row are answered 429. */
  count: number;
  /** Sends `Retry-After: N`. */
  retryAfterSeconds?: number;
  /** X-RateLimit-Reset = now + this (UTC epoch seconds); default 0. */
  resetInSeconds?: number;
}

interface IssuedToken {
  audience: string;
  scopes: string[];
  subject: string;
  clientId: string;
  exp: number;
}

export interface FakeAuth0Options {
  /** Clock in ms; Date.now by default. */
  now?: () => number;
}

export interface FakeAuth0 {
  origin: string;
  url(path: string): string;
  requests: RecordedRequest[];
  errors: Error[];
  managementAudience: string;
  users: Map<string, FakeAuth0User>;
  addClient(client: FakeAuth0Client): void;
  addApi(api: FakeAuth0Api): void;
  addConnection(connection: FakeAuth0Connection): void;
  user(userId: string): FakeAuth0User | undefined;
  /** What an admin does in the dashboard: block or unblock a user. */
  block(userId: string, blocked?: boolean): void;
  rateLimit(limit: FakeAuth0RateLimit): void;
  failOn(failure: FakeAuth0Failure): void;
  /** Forgets every pending injected failure and rate limit. */
  clearFailures(): void;
  /** Tokens issued so far, per grant type. */
  tokensIssued(grantType: string): number;
  /** Requests to the Management API (`/api/v2/...`). */
  managementRequests(): RecordedRequest[];
  close(): Promise<void>;
}

type Body = Record<string, unknown>;

export async function startFakeAuth0(options: FakeAuth0Options = {}): Promise<FakeAuth0> {
  const now = options.now ?? Date.now;
  const signingKey = randomBytes(32);
  const clients = new Map<string, FakeAuth0Client>();
  const apis = new Map<string, FakeAuth0Api>();
  const connections = new Map<string, FakeAuth0Connection>();
  const users = new Map<string, FakeAuth0User>();
  const tokens = new Map<string, IssuedToken>();
  const issued = new Map<string, number>();
  const failures: Array<FakeAuth0Failure & { left: number }> = [];
  const limits: Array<FakeAuth0RateLimit & { left: number }> = [];
  let origin = '';

  const mgmtAudience = () => `${origin}/api/v2/`;

  // -------------------------------------------------------------------------------------------------------------
  // Wire helpers

  const authError = (res: ServerResponse, status: number, error: string, description: string) =>
    json(res, status, { error, error_description: description });

  const MGMT_ERROR: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    429: 'Too Many Requests',
  };
  const mgmtError = (res: ServerResponse, status: number, message: string, errorCode?: string) =>
    json(res, status, {
      statusCode: status,
      error: MGMT_ERROR[status] ?? 'Error',
      message,
      ...(errorCode !== undefined ? { errorCode } : {}),
    });

  const sign = (claims: Body): string => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'fake' })).toString(
      'base64url',
    );
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = createHmac('sha256', signingKey).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  };

  const issue = (grantType: string, token: IssuedToken, extra: Body): string => {
    const jwt = sign({
      iss: `${origin}/`,
      sub: token.subject,
      aud: token.audience,
      iat: Math.floor(now() / 1000),
      exp: token.exp,
      azp: token.clientId,
      scope: token.scopes.join(' '),
      gty: grantType === 'client_credentials' ? 'client-credentials' : 'password',
      jti: randomBytes(8).toString('hex'),
      ...extra,
    });
    tokens.set(jwt, token);
    issued.set(grantType, (issued.get(grantType) ?? 0) + 1);
    return jwt;
  };

  const takeFailure = (req: ServiceRequest, res: ServerResponse): boolean => {
    const path = safeDecode(req.path);
    const index = failures.findIndex(
      (failure) =>
        failure.left > 0 &&
        (failure.method === undefined || failure.method === req.method) &&
        (typeof failure.path === 'string' ? failure.path === path : failure.path.test(path)),
    );
    if (index < 0) return false;
    const failure = failures[index] as FakeAuth0Failure & { left: number };
    failure.left -= 1;
    json(
      res,
      failure.status,
      failure.body ?? { statusCode: failure.status, error: 'Injected', message: 'injected' },
    );
    return true;
  };

  const takeRateLimit = (api: FakeAuth0RateLimit['api'], res: ServerResponse): boolean => {
    const limit = limits.find((entry) => entry.api === api && entry.left > 0);
    if (!limit) return false;
    limit.left -= 1;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.floor(now() / 1000) + (limit.resetInSeconds ?? 0)),
      ...(limit.retryAfterSeconds !== undefined ? { 'retry-after': String(limit.retryAfterSeconds) } : {}),
    };
    if (api === 'management') {
      json(
        res,
        429,
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message: RATE_LIMIT_MESSAGE,
          errorCode: 'too_many_requests',
        },
        headers,
      );
    } else {
      json(res, 429, { error: 'too_many_requests', error_description: RATE_LIMIT_MESSAGE }, headers);
    }
    return true;
  };

  // -------------------------------------------------------------------------------------------------------------
  // Authentication API

  const tokenEndpoint = (req: ServiceRequest, res: ServerResponse) => {
    const type = String(req.headers['content-type'] ?? '');
    let params: Record<string, string>;
    if (type.startsWith('application/x-www-form-urlencoded')) {
      params = Object.fromEntries(new URLSearchParams(req.body));
    } else if (type.startsWith('application/json')) {
      try {
        const parsed = JSON.parse(req.body) as Body;
        params = Object.fromEntries(
          Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        );
      } catch {
        return authError(res, 400, 'invalid_request', 'Invalid JSON body');
      }
    } else {
      return authError(res, 400, 'invalid_request', 'Unsupported content type');
    }
    const basic = /^Basic (.+)$/i.exec(String(req.headers.authorization ?? ''));
    if (basic) {
      const [id, secret] = Buffer.from(basic[1] as string, 'base64')
        .toString('utf8')
        .split(':');
      params.client_id ??= decodeURIComponent(id ?? '');
      params.client_secret ??= decodeURIComponent(secret ?? '');
    }
    const grantType = params.grant_type;
    if (!grantType) return authError(res, 400, 'invalid_request', 'Missing required parameter: grant_type');
    if (grantType !== 'client_credentials' && grantType !== PASSWORD_REALM && grantType !== 'password') {
      return authError(res, 403, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
    }
    const client = clients.get(params.client_id ?? '');
    if (!client) return authError(res, 401, 'access_denied', 'Unauthorized');
    if (client.clientSecret !== undefined && params.client_secret !== client.clientSecret) {
      return authError(res, 401, 'access_denied', 'Unauthorized');
    }
    if (!client.grantTypes.includes(grantType)) {
      return authError(
        res,
        403,
        'unauthorized_client',
        `Grant type '${grantType}' not allowed for the client.`,
      );
    }
    const audience = params.audience;
    if (!audience)
      return authError(
        res,
        403,
        'access_denied',
        'No audience parameter was provided, and no default audience has been configured',
      );
    const isManagement = audience === mgmtAudience();
    const api = apis.get(audience);
    if (!isManagement && !api) return authError(res, 403, 'access_denied', `Service not found: ${audience}`);
    const exp = (lifetime: number) => Math.floor(now() / 1000) + lifetime;

    if (grantType === 'client_credentials') {
      if (client.clientSecret === undefined) {
        return authError(res, 401, 'access_denied', 'Unauthorized');
      }
      const granted = client.grants?.[audience];
      if (!granted) {
        return authError(
          res,
          403,
          'access_denied',
          `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
        );
      }
      const requested = params.scope?.split(' ').filter(Boolean);
      const scopes = requested ? granted.filter((scope) => requested.includes(scope)) : granted;
      const lifetime = isManagement ? 86_400 : (api?.tokenLifetime ?? 86_400);
      const token = issue(
        grantType,
        {
          audience,
          scopes,
          subject: `${client.clientId}@clients`,
          clientId: client.clientId,
          exp: exp(lifetime),
        },
        {},
      );
      return json(res, 200, {
        access_token: token,
        scope: scopes.join(' '),
        expires_in: lifetime,
        token_type: 'Bearer',
      });
    }

    // password-realm (and password with realm)
    const realm = params.realm;
    if (!realm) {
      return authError(
        res,
        500,
        'server_error',
        'Authorization server not configured with default connection.',
      );
    }
    if (!connections.has(realm) || !(client.connections ?? []).includes(realm)) {
      // [U] exact answer for an unknown / disabled realm
      return authError(res, 400, 'invalid_request', 'connection is disabled');
    }
    if (!params.username)
      return authError(res, 400, 'invalid_request', 'Missing required parameter: username');
    if (!params.password)
      return authError(res, 400, 'invalid_request', 'Missing required parameter: password');
    if (isManagement) return authError(res, 403, 'access_denied', 'Unauthorized');
    const login = params.username.toLowerCase();
    const user = [...users.values()].find(
      (candidate) =>
        candidate.connection === realm && (candidate.email === login || candidate.username === login),
    );
    if (user && user.failedLogins >= BRUTE_FORCE_THRESHOLD) {
      return authError(
        res,
        429,
        'too_many_attempts',
        'Your account has been blocked after multiple consecutive login attempts. We’ve sent you an email with instructions on how to unblock it.',
      );
    }
    if (!user || user.password !== params.password) {
      if (user) user.failedLogins += 1;
      return authError(res, 403, 'invalid_grant', 'Wrong email or password.');
    }
    if (user.blocked) return authError(res, 401, 'unauthorized', 'user is blocked');
    user.failedLogins = 0;
    const assigned = user.permissions
      .filter((permission) => permission.resource_server_identifier === audience)
      .map((permission) => permission.permission_name);
    const requested = params.scope?.split(' ').filter(Boolean) ?? [];
    const oidc = requested.filter((scope) =>
      ['openid', 'profile', 'email', 'offline_access'].includes(scope),
    );
    const apiScopes = requested.filter((scope) => !oidc.includes(scope));
    const scopes = api?.enforcePolicies
      ? [...oidc, ...apiScopes.filter((scope) => assigned.includes(scope))]
      : [...oidc, ...apiScopes.filter((scope) => api?.scopes.includes(scope))];
    const lifetime = api?.tokenLifetime ?? 86_400;
    const token = issue(
      PASSWORD_REALM,
      { audience, scopes, subject: user.user_id, clientId: client.clientId, exp: exp(lifetime) },
      api?.enforcePolicies && api.permissionsInToken ? { permissions: assigned } : {},
    );
    const idToken = oidc.includes('openid')
      ? sign({
          iss: `${origin}/`,
          sub: user.user_id,
          aud: client.clientId,
          iat: Math.floor(now() / 1000),
          exp: exp(36_000),
          ...(user.email ? { email: user.email } : {}),
        })
      : undefined;
    return json(res, 200, {
      access_token: token,
      ...(idToken ? { id_token: idToken } : {}),
      ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
      expires_in: lifetime,
      token_type: 'Bearer',
    });
  };

  // -------------------------------------------------------------------------------------------------------------
  // Management API

  /** The Bearer token's scopes, or undefined after answering 401. */
  const authorize = (req: ServiceRequest, res: ServerResponse): string[] | undefined => {
    const match = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''));
    if (!match) {
      mgmtError(res, 401, 'Missing authentication');
      return undefined;
    }
    const token = tokens.get(match[1] as string);
    if (!token || token.audience !== mgmtAudience()) {
      mgmtError(res, 401, 'Invalid token');
      return undefined;
    }
    if (token.exp * 1000 <= now()) {
      mgmtError(res, 401, 'Expired token received for JSON Web Token validation');
      return undefined;
    }
    return token.scopes;
  };

  const needs = (scopes: string[], needed: string, res: ServerResponse): boolean => {
    if (scopes.includes(needed)) return true;
    mgmtError(res, 403, `Insufficient scope, expected any of: ${needed}`, 'insufficient_scope');
    return false;
  };

  const userView = (user: FakeAuth0User) => ({
    user_id: user.user_id,
    ...(user.email !== undefined ? { email: user.email, email_verified: user.email_verified } : {}),
    ...(user.username !== undefined ? { username: user.username } : {}),
    name: user.name ?? user.email ?? user.username ?? user.user_id,
    nickname: (user.email ?? user.username ?? '').split('@')[0],
    picture: 'https://s.gravatar.com/avatar/fake.png',
    identities: [
      {
        connection: user.connection,
        user_id: user.user_id.replace(/^auth0\|/, ''),
        provider: 'auth0',
        isSocial: false,
      },
    ],
    app_metadata: user.app_metadata,
    user_metadata: user.user_metadata,
    ...(user.blocked ? { blocked: true } : {}),
    created_at: user.created_at,
    updated_at: user.updated_at,
    logins_count: 0,
  });

  const parseJson = (req: ServiceRequest, res: ServerResponse): Body | undefined => {
    try {
      const value: unknown = JSON.parse(req.body);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Body;
    } catch {
      // answered below
    }
    mgmtError(res, 400, 'Invalid request payload JSON format', 'invalid_body');
    return undefined;
  };

  const extraProperty = (body: Body, allowed: readonly string[]) =>
    Object.keys(body).find((key) => !allowed.includes(key));

  /** A JSON object body with only ALLOWED properties, else the 400 the real API answers (undefined: answered). */
  const parseBody = (
    req: ServiceRequest,
    res: ServerResponse,
    allowed: readonly string[],
  ): Body | undefined => {
    const body = parseJson(req, res);
    if (!body) return undefined;
    const extra = extraProperty(body, allowed);
    if (extra) {
      mgmtError(
        res,
        400,
        `Payload validation error: 'Additional properties not allowed: ${extra}'.`,
        'invalid_body',
      );
      return undefined;
    }
    return body;
  };

  const CREATE_FIELDS = [
    'email',
    'phone_number',
    'user_metadata',
    'blocked',
    'email_verified',
    'phone_verified',
    'app_metadata',
    'given_name',
    'family_name',
    'name',
    'nickname',
    'picture',
    'user_id',
    'connection',
    'password',
    'verify_email',
    'username',
  ] as const;
  const PATCH_FIELDS = [
    'blocked',
    'email_verified',
    'email',
    'phone_number',
    'phone_verified',
    'user_metadata',
    'app_metadata',
    'given_name',
    'family_name',
    'name',
    'nickname',
    'picture',
    'verify_email',
    'verify_phone_number',
    'password',
    'connection',
    'client_id',
    'username',
  ] as const;

  const createUser = (req: ServiceRequest, res: ServerResponse) => {
    const body = parseBody(req, res, CREATE_FIELDS);
    if (!body) return;
    if (typeof body.connection !== 'string') {
      return mgmtError(
        res,
        400,
        "Payload validation error: 'Missing required property: connection'.",
        'invalid_body',
      );
    }
    const connection = connections.get(body.connection);
    if (!connection) return mgmtError(res, 400, 'The connection does not exist.', 'inexistent_connection');
    const email = typeof body.email === 'string' ? body.email.toLowerCase() : undefined;
    const username = typeof body.username === 'string' ? body.username.toLowerCase() : undefined;
    if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      return mgmtError(
        res,
        400,
        "Payload validation error: 'Object didn't pass validation for format email: " +
          email +
          "' on property email (The user's email).",
        'invalid_body',
      );
    }
    if (email === undefined) {
      return mgmtError(
        res,
        400,
        "Payload validation error: 'Missing required property: email'.",
        'invalid_body',
      );
    }
    if (username !== undefined && !connection.requiresUsername) {
      return mgmtError(
        res,
        400,
        'Cannot set username for connection without requires_username',
        'invalid_body',
      );
    }
    if (username === undefined && connection.requiresUsername) {
      return mgmtError(
        res,
        400,
        "Payload validation error: 'Missing required property: username'.",
        'invalid_body',
      );
    }
    if (typeof body.password !== 'string') {
      return mgmtError(
        res,
        400,
        "Payload validation error: 'Missing required property: password'.",
        'invalid_body',
      );
    }
    // Password policy "fair" (Auth0's default): ≥ 8 characters with lower case, upper case and digits; bcrypt's
    // 72-byte cap with "Show error".
    const password = body.password;
    if (password.length < 8 || !/[a-z]/.test(password) || !/[A-Z]/.test(password) || !/\d/.test(password)) {
      return mgmtError(res, 400, 'PasswordStrengthError: Password is too weak', 'invalid_password');
    }
    if (Buffer.byteLength(password) > 72) {
      return mgmtError(res, 400, 'PasswordStrengthError: Password is too long', 'invalid_password');
    }
    if (
      body.user_id !== undefined &&
      (typeof body.user_id !== 'string' || !/^[^|\s]{1,255}$/.test(body.user_id))
    ) {
      return mgmtError(res, 400, "Payload validation error: 'Invalid user_id'.", 'invalid_body');
    }
    const userId = `auth0|${typeof body.user_id === 'string' ? body.user_id : randomBytes(12).toString('hex')}`;
    const clash = [...users.values()].some(
      (user) =>
        user.user_id === userId ||
        (user.connection === connection.name &&
          (user.email === email || (username !== undefined && user.username === username))),
    );
    if (clash) return mgmtError(res, 409, 'The user already exists.', 'auth0_idp_error');
    const stamp = new Date(now()).toISOString();
    const user: FakeAuth0User = {
      user_id: userId,
      connection: connection.name,
      email,
      ...(username !== undefined ? { username } : {}),
      password,
      ...(typeof body.name === 'string' ? { name: body.name } : {}),
      blocked: body.blocked === true,
      email_verified: body.email_verified === true,
      app_metadata: isRecord(body.app_metadata) ? body.app_metadata : {},
      user_metadata: isRecord(body.user_metadata) ? body.user_metadata : {},
      created_at: stamp,
      updated_at: stamp,
      permissions: [],
      failedLogins: 0,
    };
    users.set(userId, user);
    return json(res, 201, userView(user));
  };

  const listUsers = (req: ServiceRequest, res: ServerResponse) => {
    const allowed = [
      'q',
      'search_engine',
      'page',
      'per_page',
      'include_totals',
      'sort',
      'fields',
      'include_fields',
      'connection',
    ];
    const extra = [...req.query.keys()].find((key) => !allowed.includes(key));
    if (extra)
      return mgmtError(
        res,
        400,
        `Query validation error: 'Additional properties not allowed: ${extra}'.`,
        'invalid_query_string',
      );
    const engine = req.query.get('search_engine');
    if (engine !== null && engine !== 'v3') {
      return mgmtError(
        res,
        400,
        'You are not allowed to use search_engine=v2. Use search_engine=v3 instead.',
        'operation_not_supported',
      );
    }
    const perPage = Number(req.query.get('per_page') ?? '50');
    const page = Number(req.query.get('page') ?? '0');
    if (!Number.isInteger(perPage) || perPage < 0 || perPage > 100 || !Number.isInteger(page) || page < 0) {
      return mgmtError(
        res,
        400,
        "Query validation error: 'per_page' must be between 0 and 100.",
        'invalid_query_string',
      );
    }
    let selected = [...users.values()];
    const q = req.query.get('q');
    if (q !== null) {
      const match = /^identities\.connection:(?:"([^"]+)"|(\S+))$/.exec(q.trim());
      if (!match)
        return mgmtError(
          res,
          400,
          'Query validation error: the fake understands only identities.connection:"NAME".',
          'invalid_query_string',
        );
      const name = match[1] ?? match[2];
      selected = selected.filter((user) => user.connection === name);
    }
    selected.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.user_id.localeCompare(b.user_id));
    const pageUsers = selected.slice(page * perPage, page * perPage + perPage).map(userView);
    if (req.query.get('include_totals') === 'true') {
      return json(res, 200, {
        start: page * perPage,
        limit: perPage,
        length: pageUsers.length,
        users: pageUsers,
        total: selected.length,
      });
    }
    return json(res, 200, pageUsers);
  };

  const permissionList = (req: ServiceRequest, res: ServerResponse): FakeAuth0Permission[] | undefined => {
    const body = parseBody(req, res, ['permissions']);
    if (!body) return undefined;
    const list = body.permissions;
    if (!Array.isArray(list) || list.length === 0) {
      mgmtError(
        res,
        400,
        "Payload validation error: 'Array is too short (0), minimum 1' on property permissions.",
        'invalid_body',
      );
      return undefined;
    }
    const result: FakeAuth0Permission[] = [];
    for (const item of list) {
      if (
        !isRecord(item) ||
        typeof item.resource_server_identifier !== 'string' ||
        typeof item.permission_name !== 'string'
      ) {
        mgmtError(
          res,
          400,
          "Payload validation error: 'Missing required property: permission_name'.",
          'invalid_body',
        );
        return undefined;
      }
      const api = apis.get(item.resource_server_identifier);
      if (!api) {
        mgmtError(
          res,
          404,
          `Resource server not found: ${item.resource_server_identifier}`,
          'inexistent_resource_server',
        );
        return undefined;
      }
      if (!api.scopes.includes(item.permission_name)) {
        // [U] exact message
        mgmtError(
          res,
          400,
          `Permission ${item.permission_name} does not exist on resource server ${api.identifier}`,
          'invalid_body',
        );
        return undefined;
      }
      result.push({
        resource_server_identifier: item.resource_server_identifier,
        permission_name: item.permission_name,
      });
    }
    return result;
  };

  const same = (a: FakeAuth0Permission, b: FakeAuth0Permission) =>
    a.resource_server_identifier === b.resource_server_identifier && a.permission_name === b.permission_name;

  const management = (req: ServiceRequest, res: ServerResponse) => {
    const scopes = authorize(req, res);
    if (!scopes) return;
    const path = safeDecode(req.path);
    if (path === '/api/v2/users') {
      if (req.method === 'GET') return void (needs(scopes, 'read:users', res) && listUsers(req, res));
      if (req.method === 'POST') return void (needs(scopes, 'create:users', res) && createUser(req, res));
      return mgmtError(res, 404, 'Not Found');
    }
    const match = /^\/api\/v2\/users\/([^/]+)(\/permissions)?$/.exec(path);
    if (!match) return mgmtError(res, 404, 'Not Found');
    const userId = match[1] as string;
    const user = users.get(userId);
    if (match[2] === undefined) {
      if (req.method === 'DELETE') {
        if (!needs(scopes, 'delete:users', res)) return;
        users.delete(userId);
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'GET') {
        if (!needs(scopes, 'read:users', res)) return;
        return user
          ? json(res, 200, userView(user))
          : mgmtError(res, 404, 'The user does not exist.', 'inexistent_user');
      }
      if (req.method === 'PATCH') {
        if (!needs(scopes, 'update:users', res)) return;
        const body = parseBody(req, res, PATCH_FIELDS);
        if (!body) return;
        if (!user) return mgmtError(res, 404, 'The user does not exist.', 'inexistent_user');
        if (body.blocked !== undefined) {
          if (typeof body.blocked !== 'boolean')
            return mgmtError(
              res,
              400,
              "Payload validation error: 'Expected type boolean' on property blocked.",
              'invalid_body',
            );
          user.blocked = body.blocked;
        }
        if (typeof body.password === 'string') user.password = body.password;
        if (typeof body.name === 'string') user.name = body.name;
        if (isRecord(body.app_metadata)) {
          // Top-level merge; a null value removes the property.
          const merged = { ...user.app_metadata, ...body.app_metadata };
          user.app_metadata = Object.fromEntries(
            Object.entries(merged).filter(([, value]) => value !== null),
          );
        }
        user.updated_at = new Date(now()).toISOString();
        return json(res, 200, userView(user));
      }
      return mgmtError(res, 404, 'Not Found');
    }
    // /permissions
    if (req.method === 'GET') {
      if (!needs(scopes, 'read:users', res)) return;
      if (!user) return mgmtError(res, 404, 'The user does not exist.', 'inexistent_user');
      const perPage = Number(req.query.get('per_page') ?? '50');
      const page = Number(req.query.get('page') ?? '0');
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
        return mgmtError(
          res,
          400,
          "Query validation error: 'per_page' must be between 1 and 100.",
          'invalid_query_string',
        );
      }
      const view = user.permissions.map((permission) => ({
        ...permission,
        resource_server_name:
          apis.get(permission.resource_server_identifier)?.name ?? permission.resource_server_identifier,
        description: permission.permission_name,
        sources: [{ source_id: '', source_name: '', source_type: 'DIRECT' }],
      }));
      const slice = view.slice(page * perPage, page * perPage + perPage);
      if (req.query.get('include_totals') === 'true') {
        return json(res, 200, {
          start: page * perPage,
          limit: perPage,
          total: view.length,
          permissions: slice,
        });
      }
      return json(res, 200, slice);
    }
    if (req.method === 'POST' || req.method === 'DELETE') {
      if (!needs(scopes, 'update:users', res)) return;
      const list = permissionList(req, res);
      if (!list) return;
      if (!user) return mgmtError(res, 404, 'The user does not exist.', 'inexistent_user');
      if (req.method === 'POST') {
        for (const permission of list)
          if (!user.permissions.some((have) => same(have, permission))) user.permissions.push(permission);
        res.writeHead(201).end();
      } else {
        user.permissions = user.permissions.filter((have) => !list.some((gone) => same(have, gone)));
        res.writeHead(204).end();
      }
      return;
    }
    return mgmtError(res, 404, 'Not Found');
  };

  const service = await startHttpService((req, res) => {
    if (takeFailure(req, res)) return;
    if (req.path === '/oauth/token') {
      if (req.method !== 'POST') return authError(res, 404, 'not_found', 'Not Found');
      if (takeRateLimit('authentication', res)) return;
      return tokenEndpoint(req, res);
    }
    if (req.path.startsWith('/api/v2/')) {
      if (takeRateLimit('management', res)) return;
      return management(req, res);
    }
    return json(res, 404, { error: 'not_found', error_description: 'Not Found' });
  });
  origin = service.origin;

  return {
    origin,
    url: service.url,
    requests: service.requests,
    errors: service.errors,
    managementAudience: mgmtAudience(),
    users,
    addClient: (client) => void clients.set(client.clientId, client),
    addApi: (api) => void apis.set(api.identifier, api),
    addConnection: (connection) => void connections.set(connection.name, connection),
    user: (userId) => users.get(userId),
    block(userId, blocked = true) {
      const user = users.get(userId);
      if (!user) throw new Error(`no user ${userId}`);
      user.blocked = blocked;
    },
    rateLimit: (limit) => void limits.push({ ...limit, left: limit.count }),
    failOn: (failure) => void failures.push({ ...failure, left: failure.times ?? Number.POSITIVE_INFINITY }),
    clearFailures() {
      failures.splice(0);
      limits.splice(0);
    },
    tokensIssued: (grantType) => issued.get(grantType) ?? 0,
    managementRequests: () => service.requests.filter((request) => request.path.startsWith('/api/v2/')),
    close: () => service.close(),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The payload of a JWT-shaped token, for assertions. */
export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/**
 * A tenant set up as specs B1 describes: connection `api-keys`, an API with RBAC and permissions in the token, a
 * Management API client with the four user scopes, and a public exchanger client with password-realm enabled.
 */
export function standardTenant(
  fake: FakeAuth0,
  secrets: { managementSecret: string },
  options: { tokenLifetime?: number; exchangerSecret?: string } = {},
) {
  const tenant = {
    connection: 'api-keys',
    audience: 'https://api.example.com',
    scopes: ['read:things', 'write:things', 'delete:things'],
    managementClientId: 'mgmtClient0123456789abcdefABCDEF',
    exchangerClientId: 'exchClient0123456789abcdefABCDEF',
  };
  fake.addConnection({ name: tenant.connection });
  fake.addApi({
    identifier: tenant.audience,
    name: 'Example API',
    scopes: tenant.scopes,
    enforcePolicies: true,
    permissionsInToken: true,
    tokenLifetime: options.tokenLifetime ?? 3600,
  });
  fake.addClient({
    clientId: tenant.managementClientId,
    clientSecret: secrets.managementSecret,
    grantTypes: ['client_credentials'],
    grants: { [fake.managementAudience]: MANAGEMENT_SCOPES },
  });
  fake.addClient({
    clientId: tenant.exchangerClientId,
    ...(options.exchangerSecret !== undefined ? { clientSecret: options.exchangerSecret } : {}),
    grantTypes: ['password', PASSWORD_REALM, 'refresh_token'],
    connections: [tenant.connection],
  });
  return tenant;
}
