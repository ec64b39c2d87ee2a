/**
 * A faithful local fake of idp-server's authorization API, token endpoint, discovery and the Management API parts
 * that MFA setup uses, built from docs/protocols/idp-server.md.
 *
 * - Authorization request → 302 to the sign-in page with `id` and an IDP_AUTH_SESSION cookie (docs/protocols/idp-server.md, “Signing in”, docs/protocols/idp-server.md, “Signing in”); every step,
 *   `authorize` included, checks the cookie (401 auth_session_mismatch) unless the policy opts out.
 * - Steps: password-authentication, {sms,email}-authentication-challenge, {sms,email}-authentication with the
 *   internal-OTP semantics of docs/protocols/idp-server.md, “Signing in” (6-digit code, expiry, retry limit, a new challenge replaces the old code, success
 *   deletes it, errors passed through the interaction's response mapping rules — `{}` when there are none).
 * - authorize evaluates the authentication policy frozen into the transaction at its start (docs/protocols/idp-server.md, “mfa-setup”: selection by
 *   conditions and priority, success_conditions any_of = OR of AND groups, failure_conditions, step_definitions for
 *   user binding); answers 200 {redirect_uri} with code, state and iss.
 * - Token endpoint (form-encoded only): authorization_code with PKCE (S256/plain) checks, refresh_token (rotating),
 *   password grant; RS256 ID tokens with iss, aud, sub, nonce, amr.
 * - Management API (docs/protocols/idp-server.md, “mfa-setup”): authentication-configurations and authentication-policies, organization and system level,
 *   bearer tokens with `management` / `org-management` scope, validation, one per type / per flow, dry_run.
 * - Codes "sent" land in `outbox` (and GET /__fake/outbox/latest for CLI-side helper scripts); the clock is
 *   injectable (`advance`, POST /__fake/advance?seconds=N) so expiry is tested without waiting.
 * Not modelled: external-mode OTP (execution.function http_request), FIDO, CIBA, federation, JARM, DPoP.
 */
import {
  createHash,
  createSign,
  generateKeyPairSync,
  randomBytes,
  randomInt,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  json,
  startHttpService,
  text,
  type RecordedRequest,
  type ServiceRequest,
} from '../harness/http-service';

// ---------------------------------------------------------------------------------------------------------------
// Public types

export type OtpMethod = 'sms' | 'email';
type Json = Record<string, unknown>;

export interface FakeIdpUser {
  sub: string;
  /** Matched by password-authentication against `username` (preferred_username). */
  username: string;
  password: string;
  phoneNumber?: string;
  email?: string;
  status: string;
}

export interface FakeIdpClient {
  clientId: string;
  /** undefined = public client (token_endpoint_auth_method none). */
  clientSecret?: string;
  redirectUris: string[];
  grantTypes: string[];
  scopes: string[];
  requirePkce?: boolean;
}

export interface FakeIdpTenant {
  id: string;
  users: FakeIdpUser[];
  clients: FakeIdpClient[];
  /** authentication-configurations by id (one per type). */
  authConfigs: Map<string, Json>;
  /** authentication-policies by id (one per flow). */
  policies: Map<string, Json>;
}

export interface FakeIdpOutboxMessage {
  tenant: string;
  method: OtpMethod;
  to: string;
  code: string;
  template: string;
  /** The rendered template body, or the code alone when the configuration has no template. */
  body: string;
  at: number;
}

export interface FakeIdpOrganization {
  id: string;
  tenants: string[];
  /** sub of admin-tenant users allowed to manage it. */
  members: string[];
}

export interface FakeIdpOptions {
  accessTokenSeconds?: number;
  refreshTokenSeconds?: number;
  authorizationCodeSeconds?: number;
  authorizationRequestSeconds?: number;
  /** Test hook: ID tokens leave out the `nonce` claim (a misbehaving server, for the bad-response messages). */
  idTokenWithoutNonce?: boolean;
}

interface Challenge {
  method: OtpMethod;
  code: string;
  createdAt: number;
  tryCount: number;
  retryLimit: number;
  expireSeconds: number;
}

interface InteractionResult {
  operation_type: string;
  method: string;
  call_count: number;
  success_count: number;
  failure_count: number;
  interaction_time: string;
}

interface Transaction {
  id: string;
  tenant: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  policy?: Json;
  cookie: string;
  createdAt: number;
  user?: FakeIdpUser;
  results: Record<string, InteractionResult>;
  challenge?: Challenge;
}

interface AuthorizationCode {
  code: string;
  tenant: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  sub: string;
  amr: string[];
  authTime: number;
  expiresAt: number;
}

export interface FakeIdpAccessToken {
  token: string;
  tenant: string;
  clientId: string;
  sub: string;
  scopes: string[];
  expiresAt: number;
  grant: string;
}

interface RefreshToken {
  token: string;
  tenant: string;
  clientId: string;
  sub: string;
  scopes: string[];
  amr: string[];
  expiresAt: number;
}

export interface FakeIdpServer {
  origin: string;
  requests: RecordedRequest[];
  errors: Error[];
  outbox: FakeIdpOutboxMessage[];
  accessTokens: Map<string, FakeIdpAccessToken>;
  /** Counters of token grants by grant_type, for "refreshed instead of logging in" assertions. */
  grants: Record<string, number>;
  issuer(tenant: string): string;
  url(path: string): string;
  addTenant(input?: { id?: string }): FakeIdpTenant;
  tenant(id: string): FakeIdpTenant;
  addUser(tenant: string, input: Partial<FakeIdpUser> & { username: string; password: string }): FakeIdpUser;
  addClient(tenant: string, input: Partial<FakeIdpClient> & { clientId: string }): FakeIdpClient;
  addOrganization(input: FakeIdpOrganization): void;
  /** Stores an authentication configuration directly (as POST would). */
  putAuthConfig(tenant: string, config: Json): void;
  putPolicy(tenant: string, policy: Json): void;
  /** The latest code sent to `to` (or to anyone). */
  lastCode(to?: string): string | undefined;
  /** Moves the fake's clock forward: code, transaction and token expiry. */
  advance(seconds: number): void;
  resetClock(): void;
  now(): number;
  /** The next challenges answer this instead of sending (e.g. 502 external_service_error). */
  failChallenges: { status: number; body: Json } | undefined;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Builders for the documents the Management API stores (used by tests to set up a tenant)

export interface InternalOtpOptions {
  retryLimit?: number;
  expireSeconds?: number;
  senderType?: 'no_action' | 'http_request';
  senderUrl?: string;
  /** Map error/error_description into the verification response (without this the real server answers `{}`). */
  mapErrors?: boolean;
}

/** An internal-OTP sms/email authentication configuration as in docs/protocols/idp-server.md, “mfa-setup” */
export function internalOtpConfig(method: OtpMethod, options: InternalOtpOptions = {}): Json {
  const errorRules = [
    { from: '$.error', to: 'error' },
    { from: '$.error_description', to: 'error_description' },
  ];
  return {
    id: randomUUID(),
    type: method,
    attributes: {},
    metadata: { type: 'internal', description: `${method} one-time code` },
    interactions: {
      [`${method}-authentication-challenge`]: {
        execution: {
          function: `${method}_authentication_challenge`,
          details: {
            sender_type: options.senderType ?? 'no_action',
            ...(options.senderType === 'http_request'
              ? { settings: { http_request: { url: options.senderUrl, method: 'POST' } } }
              : {}),
            templates: {
              authentication: {
                subject: 'code',
                body: 'Your code is {VERIFICATION_CODE} ({EXPIRE_SECONDS}s)',
              },
            },
            retry_count_limitation: options.retryLimit ?? 5,
            expire_seconds: options.expireSeconds ?? 300,
          },
        },
        response: { body_mapping_rules: options.mapErrors === false ? [] : errorRules },
      },
      [`${method}-authentication`]: {
        execution: { function: `${method}_authentication` },
        response: { body_mapping_rules: options.mapErrors === false ? [] : errorRules },
      },
    },
  };
}

const successCount = (type: string) => ({
  path: `$.${type}.success_count`,
  type: 'integer',
  operation: 'gte',
  value: 1,
});

/** The password AND <method> policy of docs/protocols/idp-server.md, “mfa-setup” (step_definitions make the OTP a real second factor). */
export function passwordAndOtpPolicy(method: OtpMethod, extra: Json = {}): Json {
  return {
    id: randomUUID(),
    flow: 'oauth',
    enabled: true,
    policies: [
      {
        description: `password_and_${method}_mfa`,
        priority: 1,
        conditions: {},
        available_methods: ['password', method],
        step_definitions: [
          { method: 'password', order: 1, requires_user: false, user_identity_source: 'username' },
          { method, order: 2, requires_user: true },
        ],
        success_conditions: {
          any_of: [[successCount('password-authentication'), successCount(`${method}-authentication`)]],
        },
        ...extra,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Policy evaluation (docs/protocols/idp-server.md, “mfa-setup”)

/** Resolves `$.a.b` (keys may contain '-') against a JSON document; undefined when any step is missing. */
export function resolvePath(document: unknown, path: string): unknown {
  if (path === '$') return document;
  if (!path.startsWith('$.')) return undefined;
  let current: unknown = document;
  for (const key of path.slice(2).split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Json)[key];
  }
  return current;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** ConditionOperationEvaluator: eq, ne, gt, gte, lt, lte, in, nin, exists, missing, contains, regex; unknown → false. */
export function evaluateCondition(condition: Json, context: unknown): boolean {
  const actual = resolvePath(context, String(condition.path ?? ''));
  const expected = condition.value;
  const operation = String(condition.operation ?? '').toLowerCase();
  const compare = (test: (a: number, b: number) => boolean) => {
    const a = asNumber(actual);
    const b = asNumber(expected);
    return a !== undefined && b !== undefined && test(a, b);
  };
  switch (operation) {
    case 'eq':
      return actual !== undefined && JSON.stringify(actual) === JSON.stringify(expected);
    case 'ne':
      return JSON.stringify(actual) !== JSON.stringify(expected);
    case 'gt':
      return compare((a, b) => a > b);
    case 'gte':
      return compare((a, b) => a >= b);
    case 'lt':
      return compare((a, b) => a < b);
    case 'lte':
      return compare((a, b) => a <= b);
    case 'in':
      return (
        Array.isArray(expected) && expected.some((item) => JSON.stringify(item) === JSON.stringify(actual))
      );
    case 'nin':
      return (
        Array.isArray(expected) && !expected.some((item) => JSON.stringify(item) === JSON.stringify(actual))
      );
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'missing':
      return actual === undefined || actual === null;
    case 'contains':
      return Array.isArray(actual)
        ? actual.some((item) => JSON.stringify(item) === JSON.stringify(expected))
        : typeof actual === 'string' && typeof expected === 'string' && actual.includes(expected);
    case 'regex':
      return (
        typeof actual === 'string' &&
        typeof expected === 'string' &&
        expected.length <= 1000 &&
        new RegExp(`^(?:${expected})$`).test(actual)
      );
    default:
      return false;
  }
}

function anyOf(conditions: unknown, context: unknown): boolean {
  const groups = (conditions as { any_of?: unknown } | undefined)?.any_of;
  if (!Array.isArray(groups) || groups.length === 0) return false;
  return groups.some(
    (group) =>
      Array.isArray(group) && group.length > 0 && group.every((c) => evaluateCondition(c as Json, context)),
  );
}

function hasConditions(conditions: unknown): boolean {
  const groups = (conditions as { any_of?: unknown } | undefined)?.any_of;
  return Array.isArray(groups) && groups.length > 0;
}

/** findSatisfiedAuthenticationPolicy: max priority among matching conditions, else the first policy. */
export function selectPolicy(
  configuration: Json | undefined,
  request: { clientId: string; scopes: string[]; acrValues: string[] },
): Json | undefined {
  if (!configuration || configuration.enabled === false) return undefined;
  const policies = Array.isArray(configuration.policies) ? (configuration.policies as Json[]) : [];
  const overlaps = (wanted: unknown, have: string[]) =>
    !Array.isArray(wanted) || wanted.length === 0 || wanted.some((item) => have.includes(String(item)));
  const matching = policies.filter((policy) => {
    const conditions = (policy.conditions ?? {}) as Json;
    return (
      overlaps(conditions.client_ids, [request.clientId]) &&
      overlaps(conditions.scopes, request.scopes) &&
      overlaps(conditions.acr_values, request.acrValues)
    );
  });
  if (matching.length === 0) return policies[0];
  return matching.reduce((best, policy) =>
    Number(policy.priority ?? 0) > Number(best.priority ?? 0) ? policy : best,
  );
}

const AUTHENTICATION_TYPES = new Set([
  'password-authentication',
  'sms-authentication',
  'email-authentication',
  'initial-registration',
  'fido2-authentication',
  'fido-uaf-authentication',
  'external-api-authentication',
]);

/** AuthenticationTransaction.isSuccess: failure first; without success_conditions any successful factor is enough. */
export function policySatisfied(policy: Json | undefined, context: Json): boolean {
  if (policy && hasConditions(policy.failure_conditions) && anyOf(policy.failure_conditions, context))
    return false;
  if (!policy || !hasConditions(policy.success_conditions)) {
    return Object.entries(context).some(
      ([type, result]) =>
        AUTHENTICATION_TYPES.has(type) &&
        Number((result as { success_count?: unknown }).success_count ?? 0) > 0,
    );
  }
  return anyOf(policy.success_conditions, context);
}

/** MappingRuleObjectMapper for the two rule forms the configurations use: `$.x → key` and `$ / $.x → *`. */
export function applyMappingRules(rules: unknown, source: Json): Json {
  if (!Array.isArray(rules)) return {};
  const result: Json = {};
  for (const rule of rules as Json[]) {
    const value = resolvePath(source, String(rule.from ?? ''));
    if (value === undefined) continue;
    if (rule.to === '*') {
      if (value !== null && typeof value === 'object') Object.assign(result, value);
    } else if (typeof rule.to === 'string') result[rule.to] = value;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation of Management API documents (the checks the real server's JSON schemas make, as far as docs/protocols/idp-server.md, “mfa-setup” tells)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPERATIONS = new Set([
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'exists',
  'missing',
  'contains',
  'regex',
]);
const FLOWS = new Set(['oauth', 'ciba', 'fido-uaf-registration', 'fido-uaf-deregistration']);

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export function validateAuthConfig(body: unknown): string[] {
  const errors: string[] = [];
  if (!isObject(body)) return ['body must be a JSON object'];
  if (typeof body.id !== 'string' || !UUID.test(body.id)) errors.push('id must be a UUID');
  if (typeof body.type !== 'string' || body.type === '') errors.push('type is required');
  for (const key of ['attributes', 'metadata', 'interactions']) {
    if (body[key] !== undefined && !isObject(body[key])) errors.push(`${key} must be an object`);
  }
  const interactions = isObject(body.interactions) ? body.interactions : {};
  for (const [name, interaction] of Object.entries(interactions)) {
    if (!isObject(interaction)) {
      errors.push(`interactions.${name} must be an object`);
      continue;
    }
    const execution = interaction.execution;
    if (!isObject(execution) || typeof execution.function !== 'string') {
      errors.push(`interactions.${name}.execution.function is required`);
      continue;
    }
    const details = execution.details;
    if (/_authentication_challenge$/.test(execution.function)) {
      if (!isObject(details)) {
        errors.push(`interactions.${name}.execution.details is required`);
        continue;
      }
      const senders = execution.function.startsWith('email')
        ? ['no_action', 'http_request', 'smtp']
        : ['no_action', 'http_request'];
      if (!senders.includes(String(details.sender_type)))
        errors.push(`interactions.${name}.execution.details.sender_type is not supported`);
      if (details.sender_type === 'http_request') {
        const url = (details.settings as { http_request?: { url?: unknown } } | undefined)?.http_request?.url;
        if (typeof url !== 'string' || !/^https?:\/\//.test(url))
          errors.push(`interactions.${name}.execution.details.settings.http_request.url is required`);
      }
      for (const key of ['retry_count_limitation', 'expire_seconds']) {
        const value = details[key];
        if (value !== undefined && !(Number.isInteger(value) && Number(value) > 0))
          errors.push(`interactions.${name}.execution.details.${key} must be a positive integer`);
      }
    }
  }
  return errors;
}

export function validatePolicyConfig(body: unknown): string[] {
  const errors: string[] = [];
  if (!isObject(body)) return ['body must be a JSON object'];
  if (typeof body.id !== 'string' || !UUID.test(body.id)) errors.push('id must be a UUID');
  if (typeof body.flow !== 'string' || !FLOWS.has(body.flow))
    errors.push('flow is required (oauth, ciba, ...)');
  if (!Array.isArray(body.policies)) return [...errors, 'policies must be an array'];
  (body.policies as unknown[]).forEach((policy, index) => {
    const at = `policies[${index}]`;
    if (!isObject(policy)) {
      errors.push(`${at} must be an object`);
      return;
    }
    if (policy.priority !== undefined && typeof policy.priority !== 'number')
      errors.push(`${at}.priority must be a number`);
    for (const key of ['success_conditions', 'failure_conditions', 'lock_conditions']) {
      const conditions = policy[key];
      if (conditions === undefined) continue;
      const groups = isObject(conditions) ? conditions.any_of : undefined;
      if (!Array.isArray(groups)) {
        errors.push(`${at}.${key}.any_of must be an array`);
        continue;
      }
      groups.forEach((group, g) => {
        if (!Array.isArray(group)) return errors.push(`${at}.${key}.any_of[${g}] must be an array`);
        group.forEach((condition, c) => {
          const where = `${at}.${key}.any_of[${g}][${c}]`;
          if (!isObject(condition) || typeof condition.path !== 'string' || !condition.path.startsWith('$'))
            errors.push(`${where}.path is required`);
          else if (!OPERATIONS.has(String(condition.operation).toLowerCase()))
            errors.push(`${where}.operation is not supported`);
        });
        return undefined;
      });
    }
    if (policy.step_definitions !== undefined) {
      if (!Array.isArray(policy.step_definitions)) errors.push(`${at}.step_definitions must be an array`);
      else
        (policy.step_definitions as unknown[]).forEach((step, s) => {
          if (!isObject(step) || typeof step.method !== 'string')
            errors.push(`${at}.step_definitions[${s}].method is required`);
        });
    }
  });
  return errors;
}

// ---------------------------------------------------------------------------------------------------------------
// The fake

const INTERACTIONS = new Set([
  'initial-registration',
  'password-authentication',
  'sms-authentication-challenge',
  'sms-authentication',
  'email-authentication-challenge',
  'email-authentication',
  'fido2-authentication-challenge',
  'fido2-authentication',
  'authentication-cancel',
]);

function b64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

function cookies(req: RecordedRequest): Record<string, string> {
  const header = req.headers.cookie ?? '';
  const result: Record<string, string> = {};
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0) result[part.slice(0, index).trim()] = part.slice(index + 1).trim();
  }
  return result;
}

export async function startFakeIdpServer(options: FakeIdpOptions = {}): Promise<FakeIdpServer> {
  const accessSeconds = options.accessTokenSeconds ?? 1800;
  const refreshSeconds = options.refreshTokenSeconds ?? 3600;
  const codeSeconds = options.authorizationCodeSeconds ?? 600;
  const requestSeconds = options.authorizationRequestSeconds ?? 1800;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();

  const tenants = new Map<string, FakeIdpTenant>();
  const organizations = new Map<string, FakeIdpOrganization>();
  const transactions = new Map<string, Transaction>();
  const codes = new Map<string, AuthorizationCode>();
  const refreshTokens = new Map<string, RefreshToken>();
  const accessTokens = new Map<string, FakeIdpAccessToken>();
  const outbox: FakeIdpOutboxMessage[] = [];
  const grants: Record<string, number> = {};
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  let origin = '';

  const state: { failChallenges: FakeIdpServer['failChallenges'] } = { failChallenges: undefined };

  const tenantOf = (id: string) => {
    const found = tenants.get(id);
    if (!found) throw new Error(`no tenant ${id}`);
    return found;
  };
  const issuerOf = (tenant: string) => `${origin}/${tenant}`;
  const error = (res: ServerResponse, status: number, code: string, description: string, extra: Json = {}) =>
    json(res, status, { error: code, error_description: description, ...extra });

  function configOfType(tenant: FakeIdpTenant, type: string): Json | undefined {
    return [...tenant.authConfigs.values()].find((config) => config.type === type);
  }
  function policyOfFlow(tenant: FakeIdpTenant, flow: string): Json | undefined {
    return [...tenant.policies.values()].find((policy) => policy.flow === flow);
  }

  function signJwt(payload: Json): string {
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const body = b64url(JSON.stringify(payload));
    const signature = createSign('RSA-SHA256')
      .update(`${header}.${body}`)
      .sign(privateKey as KeyObject);
    return `${header}.${body}.${b64url(signature)}`;
  }

  // ----- authorization request (docs/protocols/idp-server.md, “Signing in”)

  function authorizationRequest(tenant: FakeIdpTenant, req: ServiceRequest, res: ServerResponse): void {
    const params = req.method === 'POST' ? new URLSearchParams(req.body) : req.query;
    const fail = (code: string, description: string): void => {
      // docs/protocols/idp-server.md, “Signing in”: values are not URL-encoded on the error page redirect.
      res
        .writeHead(302, {
          location: `${origin}/error/?error=${code}&error_description=${description}&tenant_id=${tenant.id}`,
        })
        .end();
    };
    const client = tenant.clients.find((candidate) => candidate.clientId === params.get('client_id'));
    if (!client) return fail('invalid_request', 'client_id is not registered');
    const redirectUri = params.get('redirect_uri') ?? client.redirectUris[0] ?? '';
    if (!client.redirectUris.includes(redirectUri))
      return fail('invalid_request', 'redirect_uri is not registered');
    const stateParam = params.get('state') ?? undefined;
    const redirectError = (code: string, description: string) => {
      const target = new URL(redirectUri);
      target.searchParams.set('error', code);
      target.searchParams.set('error_description', description);
      if (stateParam !== undefined) target.searchParams.set('state', stateParam);
      target.searchParams.set('iss', issuerOf(tenant.id));
      res.writeHead(302, { location: target.href }).end();
    };
    if (params.get('response_type') !== 'code')
      return redirectError('unsupported_response_type', 'response_type is not supported');
    const scopes = (params.get('scope') ?? '').split(' ').filter((scope) => client.scopes.includes(scope));
    if (scopes.length === 0) return redirectError('invalid_scope', 'scope is unspecified or not allowed');
    const challenge = params.get('code_challenge') ?? undefined;
    const method = params.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
    if (challenge !== undefined && method !== 'S256' && method !== 'plain')
      return redirectError('invalid_request', 'code_challenge_method is not supported');
    if (client.requirePkce && challenge === undefined)
      return redirectError('invalid_request', 'authorization request must contain code_challenge');
    const id = randomUUID();
    const cookie = b64url(randomBytes(24));
    const policy = selectPolicy(policyOfFlow(tenant, 'oauth'), {
      clientId: client.clientId,
      scopes,
      acrValues: (params.get('acr_values') ?? '').split(' ').filter(Boolean),
    });
    const nonce = params.get('nonce') ?? undefined;
    transactions.set(id, {
      id,
      tenant: tenant.id,
      clientId: client.clientId,
      redirectUri,
      scopes,
      ...(stateParam !== undefined ? { state: stateParam } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
      ...(challenge !== undefined ? { codeChallenge: challenge, codeChallengeMethod: method } : {}),
      // docs/protocols/idp-server.md, “mfa-setup”: the policy is frozen into the transaction; later edits do not affect it.
      ...(policy ? { policy: structuredClone(policy) } : {}),
      cookie,
      createdAt: now(),
      results: {},
    });
    res
      .writeHead(302, {
        location: `${origin}/auth-views/signin/index.html?id=${id}&tenant_id=${tenant.id}`,
        'set-cookie': `IDP_AUTH_SESSION=${cookie}; Path=/${tenant.id}/; Max-Age=${requestSeconds}; HttpOnly; SameSite=Lax`,
      })
      .end();
  }

  function liveTransaction(tenant: FakeIdpTenant, id: string): Transaction | undefined {
    const transaction = transactions.get(id);
    if (!transaction || transaction.tenant !== tenant.id) return undefined;
    if (now() > transaction.createdAt + requestSeconds * 1000) {
      transactions.delete(id);
      return undefined;
    }
    return transaction;
  }

  /** OAuthFlowEntryService.validateAuthSession; undefined when the cookie is fine. */
  function cookieProblem(transaction: Transaction, req: RecordedRequest): string | undefined {
    if (transaction.policy?.auth_session_binding_required === false) return undefined;
    const sent = cookies(req).IDP_AUTH_SESSION;
    if (sent === undefined)
      return 'auth_session_mismatch: Missing AUTH_SESSION cookie. Please restart the authorization flow.';
    if (sent !== transaction.cookie)
      return 'auth_session_mismatch: AUTH_SESSION cookie does not match. Please restart the authorization flow.';
    return undefined;
  }

  function record(
    transaction: Transaction,
    type: string,
    success: boolean,
    operation = 'AUTHENTICATION',
  ): void {
    const method = type
      .replace(/-authentication(-challenge)?$/, '')
      .replace('initial-registration', 'initial-registration');
    const result = (transaction.results[type] ??= {
      operation_type: operation,
      method,
      call_count: 0,
      success_count: 0,
      failure_count: 0,
      interaction_time: '',
    });
    result.call_count += 1;
    if (success) result.success_count += 1;
    else result.failure_count += 1;
    result.interaction_time = new Date(now()).toISOString();
  }

  function stepDefinition(transaction: Transaction, method: string): Json | undefined {
    const steps = transaction.policy?.step_definitions;
    return Array.isArray(steps) ? (steps as Json[]).find((step) => step.method === method) : undefined;
  }

  function policyContext(transaction: Transaction): Json {
    const user = transaction.user;
    return {
      ...structuredClone(transaction.results),
      ...(user
        ? {
            user: {
              sub: user.sub,
              status: user.status,
              has_password: true,
              email_verified: false,
              phone_number_verified: false,
              provider_id: 'idp-server',
              roles: [],
              permissions: [],
              custom_properties: {},
            },
          }
        : {}),
    };
  }

  async function interaction(
    tenant: FakeIdpTenant,
    transaction: Transaction,
    type: string,
    req: ServiceRequest,
    res: ServerResponse,
  ): Promise<void> {
    if (!/^application\/json/.test(req.headers['content-type'] ?? ''))
      return error(res, 415, 'invalid_request', 'Content-Type must be application/json');
    let body: Json;
    try {
      const parsed: unknown = req.body === '' ? {} : JSON.parse(req.body);
      if (!isObject(parsed)) throw new Error('not an object');
      body = parsed;
    } catch {
      return error(
        res,
        400,
        'invalid_request',
        'The authentication request is invalid. Please check your input.',
        {
          error_messages: ['body must be a JSON object'],
        },
      );
    }
    if (type === 'password-authentication') {
      if (typeof body.username !== 'string' || typeof body.password !== 'string') {
        record(transaction, type, false);
        return error(
          res,
          400,
          'invalid_request',
          'The authentication request is invalid. Please check your input.',
          {
            error_messages: ['username and password are required'],
          },
        );
      }
      const user = tenant.users.find((candidate) => candidate.username === body.username);
      if (!user || user.password !== body.password) {
        record(transaction, type, false);
        return error(res, 400, 'invalid_credentials', 'Invalid username or password');
      }
      record(transaction, type, true);
      transaction.user = user;
      return json(res, 200, {
        user_id: user.sub,
        username: user.username,
        user: { sub: user.sub, status: user.status },
      });
    }
    const otp = /^(sms|email)-authentication(-challenge)?$/.exec(type);
    if (otp) {
      const method = otp[1] as OtpMethod;
      const config = configOfType(tenant, method);
      if (!config)
        return error(
          res,
          404,
          'invalid_request',
          `Authentication Configuration is Not Found (${tenant.id}) (${method})`,
        );
      const interactions = (config.interactions ?? {}) as Json;
      const setting = (interactions[type] ?? {}) as Json;
      const rules = (setting.response as Json | undefined)?.body_mapping_rules;
      if (otp[2]) return challenge(tenant, transaction, method, config, body, rules, res);
      return verify(tenant, transaction, method, body, rules, res);
    }
    return error(res, 404, 'invalid_request', `Unsupported interaction type: ${type}`);
  }

  async function challenge(
    tenant: FakeIdpTenant,
    transaction: Transaction,
    method: OtpMethod,
    config: Json,
    body: Json,
    rules: unknown,
    res: ServerResponse,
  ): Promise<void> {
    const type = `${method}-authentication-challenge`;
    const setting = ((config.interactions as Json)[type] ?? {}) as Json;
    const execution = (setting.execution ?? {}) as Json;
    if (execution.function !== `${method}_authentication_challenge`)
      return error(res, 500, 'server_error', 'the fake implements internal OTP only');
    const details = (execution.details ?? {}) as Json;
    const field = method === 'sms' ? 'phone_number' : 'email';
    const step = stepDefinition(transaction, method);
    let to: string | undefined;
    if (step?.requires_user === true) {
      if (!transaction.user) {
        record(transaction, type, false, 'CHALLENGE');
        return error(
          res,
          400,
          'user_not_found',
          'User not found and registration is not allowed for this authentication flow.',
        );
      }
      to = method === 'sms' ? transaction.user.phoneNumber : transaction.user.email;
      if (!to && step.allow_registration === true && typeof body[field] === 'string') to = body[field];
    } else {
      to = typeof body[field] === 'string' && body[field] !== '' ? body[field] : undefined;
      to ??= method === 'sms' ? transaction.user?.phoneNumber : transaction.user?.email;
    }
    if (!to) {
      record(transaction, type, false, 'CHALLENGE');
      return error(res, 400, 'invalid_request', `${field} is unspecified or invalid format.`);
    }
    if (state.failChallenges) {
      record(transaction, type, false, 'CHALLENGE');
      return json(res, state.failChallenges.status, state.failChallenges.body);
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expireSeconds = Number(details.expire_seconds ?? 300);
    const template = typeof body.template === 'string' ? body.template : 'authentication';
    const templates = (details.templates ?? {}) as Record<string, { body?: string }>;
    const rendered = (templates[template]?.body ?? '{VERIFICATION_CODE}')
      .replaceAll('{VERIFICATION_CODE}', code)
      .replaceAll('{EXPIRE_SECONDS}', String(expireSeconds));
    if (details.sender_type === 'http_request') {
      const url = String(
        ((details.settings as Json | undefined)?.http_request as Json | undefined)?.url ?? '',
      );
      let status: number;
      try {
        const sent = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ to, body: rendered }),
          signal: AbortSignal.timeout(5000),
        });
        status = sent.status;
      } catch {
        status = 0;
      }
      if (status < 200 || status >= 300) {
        record(transaction, type, false, 'CHALLENGE');
        // Internal mode: the sender's failure comes back as 400 with the http_request result (docs/protocols/idp-server.md, “Signing in”).
        return json(res, 400, {
          http_request: { status_code: status === 0 ? 503 : status, response_body: {} },
        });
      }
    }
    // A new challenge replaces the previous one: its code no longer works.
    transaction.challenge = {
      method,
      code,
      createdAt: now(),
      tryCount: 0,
      retryLimit: Number(details.retry_count_limitation ?? 5),
      expireSeconds,
    };
    outbox.push({ tenant: tenant.id, method, to, code, template, body: rendered, at: now() });
    record(transaction, type, true, 'CHALLENGE');
    return json(res, 200, applyMappingRules(rules, {}));
  }

  function verify(
    tenant: FakeIdpTenant,
    transaction: Transaction,
    method: OtpMethod,
    body: Json,
    rules: unknown,
    res: ServerResponse,
  ): void {
    const type = `${method}-authentication`;
    const pending = transaction.challenge?.method === method ? transaction.challenge : undefined;
    if (!pending)
      return error(
        res,
        404,
        'invalid_request',
        `Authentication interaction is Not Found (${transaction.id}) (${method}-authentication-challenge-request)`,
      );
    const label = method === 'sms' ? 'SMS' : 'email';
    const fail = (description: string) => {
      pending.tryCount += 1;
      record(transaction, type, false);
      return json(
        res,
        400,
        applyMappingRules(rules, { error: 'invalid_request', error_description: description }),
      );
    };
    if (now() > pending.createdAt + pending.expireSeconds * 1000)
      return fail(`${label} challenge is expired`);
    if (pending.tryCount >= pending.retryLimit)
      return fail(`${label} challenge is reached limited to ${pending.retryLimit} attempts`);
    if (body.verification_code !== pending.code) return fail('Invalid verification code');
    const step = stepDefinition(transaction, method);
    let user = transaction.user;
    if (!user) {
      if (step?.requires_user === true) {
        record(transaction, type, false);
        return error(
          res,
          400,
          'user_not_found',
          'User not found and registration is not allowed for this authentication flow.',
        );
      }
      // A first factor: the user is resolved by the address the code went to.
      const to = outbox.findLast((message) => message.code === pending.code)?.to;
      user = tenant.users.find(
        (candidate) => (method === 'sms' ? candidate.phoneNumber : candidate.email) === to,
      );
      if (!user) {
        record(transaction, type, false);
        return error(res, 400, 'user_not_found', 'User not found.');
      }
      transaction.user = user;
    }
    delete transaction.challenge;
    record(transaction, type, true);
    return json(res, 200, { user: { sub: user.sub, status: user.status } });
  }

  function authorize(tenant: FakeIdpTenant, transaction: Transaction, res: ServerResponse): void {
    if (!transaction.user) return error(res, 400, 'invalid_request', 'user is required');
    if (!policySatisfied(transaction.policy, policyContext(transaction)))
      return error(res, 400, 'invalid_request', 'authentication is required');
    if (transaction.user.status !== 'REGISTERED' && transaction.user.status !== 'IDENTITY_VERIFIED')
      return error(
        res,
        400,
        'invalid_request',
        `User status is not active, cannot authorize. (${transaction.user.status})`,
      );
    const code = b64url(randomBytes(24));
    const amr = Object.entries(transaction.results)
      .filter(([type, result]) => AUTHENTICATION_TYPES.has(type) && result.success_count > 0)
      .map(([type]) => type.replace('-authentication', ''));
    codes.set(code, {
      code,
      tenant: tenant.id,
      clientId: transaction.clientId,
      redirectUri: transaction.redirectUri,
      scopes: transaction.scopes,
      ...(transaction.nonce !== undefined ? { nonce: transaction.nonce } : {}),
      ...(transaction.codeChallenge !== undefined
        ? {
            codeChallenge: transaction.codeChallenge,
            codeChallengeMethod: transaction.codeChallengeMethod ?? 'plain',
          }
        : {}),
      sub: transaction.user.sub,
      amr,
      authTime: Math.floor(now() / 1000),
      expiresAt: now() + codeSeconds * 1000,
    });
    transactions.delete(transaction.id);
    const target = new URL(transaction.redirectUri);
    target.searchParams.set('code', code);
    if (transaction.state !== undefined) target.searchParams.set('state', transaction.state);
    target.searchParams.set('iss', issuerOf(tenant.id));
    json(
      res,
      200,
      { redirect_uri: target.href },
      {
        'set-cookie': `IDP_AUTH_SESSION=; Path=/${tenant.id}/; Max-Age=0; HttpOnly; SameSite=Lax`,
      },
    );
  }

  // ----- token endpoint (docs/protocols/idp-server.md, “Signing in”)

  function issueTokens(
    tenant: FakeIdpTenant,
    client: FakeIdpClient,
    grant: string,
    subject: FakeIdpUser,
    scopes: string[],
    extra: { nonce?: string; amr?: string[]; authTime?: number; withRefresh: boolean; withIdToken: boolean },
  ): Json {
    const access = b64url(randomBytes(32));
    const issuedAt = now();
    accessTokens.set(access, {
      token: access,
      tenant: tenant.id,
      clientId: client.clientId,
      sub: subject.sub,
      scopes,
      expiresAt: issuedAt + accessSeconds * 1000,
      grant,
    });
    const response: Json = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: accessSeconds,
      scope: scopes.join(' '),
    };
    if (extra.withRefresh && client.grantTypes.includes('refresh_token')) {
      const refresh = b64url(randomBytes(32));
      refreshTokens.set(refresh, {
        token: refresh,
        tenant: tenant.id,
        clientId: client.clientId,
        sub: subject.sub,
        scopes,
        amr: extra.amr ?? [],
        expiresAt: issuedAt + refreshSeconds * 1000,
      });
      response.refresh_token = refresh;
    }
    if (extra.withIdToken && scopes.includes('openid')) {
      const iat = Math.floor(issuedAt / 1000);
      response.id_token = signJwt({
        iss: issuerOf(tenant.id),
        sub: subject.sub,
        aud: client.clientId,
        iat,
        exp: iat + 3600,
        ...(extra.authTime !== undefined ? { auth_time: extra.authTime } : {}),
        ...(extra.nonce !== undefined && !options.idTokenWithoutNonce ? { nonce: extra.nonce } : {}),
        ...(extra.amr ? { amr: extra.amr } : {}),
        preferred_username: subject.username,
      });
    }
    return response;
  }

  function token(tenant: FakeIdpTenant, req: ServiceRequest, res: ServerResponse): void {
    if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? ''))
      return error(res, 400, 'invalid_request', 'token request must be application/x-www-form-urlencoded');
    const form = new URLSearchParams(req.body);
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    const [basicId, basicSecret] = basic
      ? Buffer.from(basic[1] ?? '', 'base64')
          .toString('utf8')
          .split(':')
          .map(decodeURIComponent)
      : [undefined, undefined];
    const clientId = basicId ?? form.get('client_id') ?? '';
    const client = tenant.clients.find((candidate) => candidate.clientId === clientId);
    if (!client) return error(res, 401, 'invalid_client', 'client is not found');
    if (
      client.clientSecret !== undefined &&
      (basicSecret ?? form.get('client_secret')) !== client.clientSecret
    )
      return error(res, 401, 'invalid_client', 'client authentication failed');
    const grantType = form.get('grant_type') ?? '';
    if (!client.grantTypes.includes(grantType))
      return error(res, 400, 'unauthorized_client', `grant_type ${grantType} is not allowed for this client`);
    const headers = { 'cache-control': 'no-store', pragma: 'no-cache' };
    if (grantType === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      if (!code || code.tenant !== tenant.id)
        return error(res, 400, 'invalid_grant', 'not found authorization code.');
      if (now() > code.expiresAt) {
        codes.delete(code.code);
        return error(res, 400, 'invalid_grant', 'authorization code is expired');
      }
      if (code.clientId !== client.clientId)
        return error(res, 400, 'invalid_grant', 'authorization code was issued to another client');
      if (form.get('redirect_uri') !== code.redirectUri)
        return error(res, 400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      if (code.codeChallenge !== undefined) {
        const verifier = form.get('code_verifier');
        if (verifier === null)
          return error(
            res,
            400,
            'invalid_grant',
            'authorization request has code_challenge, but token request does not contains code verifier',
          );
        if (verifier.length < 43)
          return error(res, 400, 'invalid_grant', 'code_verifier must be at least 43 characters');
        if (verifier.length > 128)
          return error(res, 400, 'invalid_grant', 'code_verifier must be at most 128 characters');
        if (!/^[A-Za-z0-9\-._~]+$/.test(verifier))
          return error(res, 400, 'invalid_grant', 'code_verifier contains invalid characters');
        const computed =
          code.codeChallengeMethod === 'S256'
            ? b64url(createHash('sha256').update(verifier).digest())
            : verifier;
        if (computed !== code.codeChallenge)
          return error(
            res,
            400,
            'invalid_grant',
            'code_verifier of token request does not match code_challenge of authorization request',
          );
      }
      codes.delete(code.code);
      const user = tenant.users.find((candidate) => candidate.sub === code.sub);
      if (!user) return error(res, 400, 'invalid_grant', 'user is not found');
      grants[grantType] = (grants[grantType] ?? 0) + 1;
      return json(
        res,
        200,
        issueTokens(tenant, client, grantType, user, code.scopes, {
          ...(code.nonce !== undefined ? { nonce: code.nonce } : {}),
          amr: code.amr,
          authTime: code.authTime,
          withRefresh: true,
          withIdToken: true,
        }),
        headers,
      );
    }
    if (grantType === 'refresh_token') {
      const refresh = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!refresh || refresh.tenant !== tenant.id || refresh.clientId !== client.clientId)
        return error(res, 400, 'invalid_grant', 'refresh token does not exists');
      refreshTokens.delete(refresh.token); // rotation: the old one is spent either way
      if (now() > refresh.expiresAt) return error(res, 400, 'invalid_grant', 'refresh token is expired');
      const user = tenant.users.find((candidate) => candidate.sub === refresh.sub);
      if (!user) return error(res, 400, 'invalid_grant', 'user is not found');
      grants[grantType] = (grants[grantType] ?? 0) + 1;
      return json(
        res,
        200,
        issueTokens(tenant, client, grantType, user, refresh.scopes, {
          amr: refresh.amr,
          withRefresh: true,
          withIdToken: false,
        }),
        headers,
      );
    }
    if (grantType === 'password') {
      const user = tenant.users.find((candidate) => candidate.username === form.get('username'));
      if (!user || user.password !== form.get('password'))
        return error(res, 400, 'invalid_grant', 'does not found user by token request, or invalid password');
      const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
      const scopes = requested.filter((scope) => client.scopes.includes(scope));
      if (requested.length > 0 && scopes.length === 0)
        return error(res, 400, 'invalid_scope', 'scope is not allowed for this client');
      grants[grantType] = (grants[grantType] ?? 0) + 1;
      return json(
        res,
        200,
        issueTokens(tenant, client, grantType, user, scopes, { withRefresh: false, withIdToken: true }),
        headers,
      );
    }
    return error(res, 400, 'unsupported_grant_type', `${grantType} is not supported`);
  }

  function discovery(tenant: FakeIdpTenant, res: ServerResponse): void {
    const issuer = issuerOf(tenant.id);
    json(
      res,
      200,
      {
        issuer,
        authorization_endpoint: `${issuer}/v1/authorizations`,
        token_endpoint: `${issuer}/v1/tokens`,
        userinfo_endpoint: `${issuer}/v1/userinfo`,
        jwks_uri: `${issuer}/v1/jwks`,
        revocation_endpoint: `${issuer}/v1/tokens/revocation`,
        scopes_supported: [
          'openid',
          'profile',
          'email',
          'phone',
          'offline_access',
          'management',
          'org-management',
        ],
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'none'],
        code_challenge_methods_supported: ['S256', 'plain'],
        authorization_response_iss_parameter_supported: true,
      },
      { 'cache-control': 'public, max-age=3600' },
    );
  }

  // ----- Management API (docs/protocols/idp-server.md, “mfa-setup”)

  async function management(req: ServiceRequest, res: ServerResponse): Promise<void> {
    const match =
      /^\/v1\/management\/(?:organizations\/([^/]+)\/)?tenants\/([^/]+)\/(authentication-configurations|authentication-policies)(?:\/([^/]+))?$/.exec(
        req.path,
      );
    if (!match) return error(res, 404, 'invalid_request', 'not found');
    const [, orgId, tenantId = '', collection, itemId] = match;
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const access = bearer ? accessTokens.get(bearer) : undefined;
    if (!access || now() > access.expiresAt)
      return error(res, 401, 'invalid_token', 'access token is invalid or expired');
    const needed = orgId ? 'org-management' : 'management';
    if (!access.scopes.includes(needed))
      return error(res, 403, 'insufficient_scope', `scope ${needed} is required`);
    if (orgId) {
      const organization = organizations.get(orgId);
      if (!organization || !organization.members.includes(access.sub))
        return error(res, 403, 'access_denied', 'not a member of the organization');
      if (!organization.tenants.includes(tenantId))
        return error(res, 404, 'invalid_request', `tenant ${tenantId} is not in the organization`);
    }
    const tenant = tenants.get(tenantId);
    if (!tenant) return error(res, 404, 'invalid_request', `tenant not found: ${tenantId}`);
    const store = collection === 'authentication-configurations' ? tenant.authConfigs : tenant.policies;
    const uniqueKey = collection === 'authentication-configurations' ? 'type' : 'flow';
    const validate =
      collection === 'authentication-configurations' ? validateAuthConfig : validatePolicyConfig;
    const dryRun = req.query.get('dry_run') === 'true';

    if (req.method === 'GET' && itemId === undefined) {
      const limit = Number(req.query.get('limit') ?? 20);
      const offset = Number(req.query.get('offset') ?? 0);
      const all = [...store.values()];
      return json(res, 200, {
        list: all.slice(offset, offset + limit),
        total_count: all.length,
        limit,
        offset,
      });
    }
    if (req.method === 'GET') {
      const found = store.get(itemId ?? '');
      return found
        ? json(res, 200, found)
        : error(res, 404, 'invalid_request', `configuration not found: ${itemId}`);
    }
    if (req.method === 'DELETE') {
      if (!store.has(itemId ?? ''))
        return error(res, 404, 'invalid_request', `configuration not found: ${itemId}`);
      if (!dryRun) store.delete(itemId ?? '');
      if (dryRun) return json(res, 200, { dry_run: true });
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'POST' && req.method !== 'PUT')
      return error(res, 405, 'invalid_request', 'method not allowed');
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      return error(res, 400, 'invalid_request', 'body is not JSON');
    }
    const problems = validate(body);
    if (problems.length > 0)
      return error(res, 400, 'invalid_request', 'Invalid configuration', { error_messages: problems });
    const document: Json = { enabled: true, ...(body as Json) };
    if (req.method === 'POST') {
      if (itemId !== undefined) return error(res, 405, 'invalid_request', 'method not allowed');
      if (store.has(String(document.id)))
        return error(res, 409, 'invalid_request', `id ${String(document.id)} already exists`);
      if ([...store.values()].some((existing) => existing[uniqueKey] === document[uniqueKey]))
        return error(
          res,
          409,
          'invalid_request',
          `${uniqueKey} ${String(document[uniqueKey])} is already registered`,
        );
      if (!dryRun) store.set(String(document.id), document);
      return json(res, dryRun ? 200 : 201, { dry_run: dryRun, result: document });
    }
    const existing = store.get(itemId ?? '');
    if (!existing) return error(res, 404, 'invalid_request', `configuration not found: ${itemId}`);
    if (document.id !== itemId)
      return error(res, 400, 'invalid_request', 'id in the body does not match the path');
    if (existing[uniqueKey] !== document[uniqueKey])
      return error(res, 400, 'invalid_request', `${uniqueKey} cannot be changed`);
    if (!dryRun) store.set(String(itemId), document);
    return json(res, 200, { dry_run: dryRun, before: existing, after: document, result: document });
  }

  // ----- routing

  const service = await startHttpService(async (req, res) => {
    if (req.path === '/__fake/outbox/latest') {
      const to = req.query.get('to') ?? undefined;
      const message = outbox.findLast((candidate) => to === undefined || candidate.to === to);
      return message ? text(res, 200, message.code) : text(res, 404, '');
    }
    if (req.path === '/__fake/advance' && req.method === 'POST') {
      offsetMs += Number(req.query.get('seconds') ?? 0) * 1000;
      return text(res, 200, 'ok');
    }
    if (req.path.startsWith('/v1/management/')) return management(req, res);
    const parts = /^\/([^/]+)(\/.*)$/.exec(req.path);
    const tenant = parts ? tenants.get(parts[1] ?? '') : undefined;
    if (!parts || !tenant) return error(res, 404, 'invalid_request', 'tenant is not found');
    const rest = parts[2] ?? '';
    if (rest === '/.well-known/openid-configuration' && req.method === 'GET') return discovery(tenant, res);
    if (rest === '/v1/jwks' && req.method === 'GET') {
      return json(res, 200, {
        keys: [{ ...(publicKey.export({ format: 'jwk' }) as Json), kid, use: 'sig', alg: 'RS256' }],
      });
    }
    if (rest === '/v1/authorizations' && (req.method === 'GET' || req.method === 'POST'))
      return authorizationRequest(tenant, req, res);
    if (rest === '/v1/tokens' && req.method === 'POST') return token(tenant, req, res);
    if (rest === '/v1/tokens/revocation' && req.method === 'POST') {
      const form = new URLSearchParams(req.body);
      refreshTokens.delete(form.get('token') ?? '');
      accessTokens.delete(form.get('token') ?? '');
      return json(res, 200, {});
    }
    const step = /^\/v1\/authorizations\/([^/]+)\/([a-z0-9-]+)$/.exec(rest);
    if (step && (req.method === 'POST' || req.method === 'GET')) {
      const [, id = '', name = ''] = step;
      const transaction = liveTransaction(tenant, id);
      if (!transaction)
        return error(
          res,
          404,
          'invalid_request',
          `Authentication transaction not found for authorization identifier: ${id}`,
        );
      const problem = cookieProblem(transaction, req);
      if (problem) return error(res, 401, 'invalid_request', problem);
      if (name === 'authentication-status' && req.method === 'GET') {
        const context = policyContext(transaction);
        return json(res, 200, {
          status: policySatisfied(transaction.policy, context) ? 'success' : 'in_progress',
          interaction_results: transaction.results,
          authentication_methods: Object.keys(transaction.results),
        });
      }
      if (req.method !== 'POST') return error(res, 405, 'invalid_request', 'method not allowed');
      if (name === 'authorize') return authorize(tenant, transaction, res);
      if (!INTERACTIONS.has(name))
        return error(res, 404, 'invalid_request', `Unsupported interaction type: ${name}`);
      return interaction(tenant, transaction, name, req, res);
    }
    return error(res, 404, 'invalid_request', 'not found');
  });
  origin = service.origin;

  const fake: FakeIdpServer = {
    origin,
    requests: service.requests,
    errors: service.errors,
    outbox,
    accessTokens,
    grants,
    issuer: issuerOf,
    url: service.url,
    addTenant(input = {}) {
      const tenant: FakeIdpTenant = {
        id: input.id ?? randomUUID(),
        users: [],
        clients: [],
        authConfigs: new Map(),
        policies: new Map(),
      };
      tenants.set(tenant.id, tenant);
      return tenant;
    },
    tenant: tenantOf,
    addUser(tenant, input) {
      const user: FakeIdpUser = { sub: randomUUID(), status: 'REGISTERED', ...input };
      tenantOf(tenant).users.push(user);
      return user;
    },
    addClient(tenant, input) {
      const client: FakeIdpClient = {
        redirectUris: ['http://127.0.0.1/callback'],
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: ['openid', 'profile', 'email', 'phone'],
        ...input,
      };
      tenantOf(tenant).clients.push(client);
      return client;
    },
    addOrganization(input) {
      organizations.set(input.id, input);
    },
    putAuthConfig(tenant, config) {
      const problems = validateAuthConfig(config);
      if (problems.length > 0) throw new Error(problems.join('; '));
      tenantOf(tenant).authConfigs.set(String(config.id), { enabled: true, ...config });
    },
    putPolicy(tenant, policy) {
      const problems = validatePolicyConfig(policy);
      if (problems.length > 0) throw new Error(problems.join('; '));
      tenantOf(tenant).policies.set(String(policy.id), { enabled: true, ...policy });
    },
    lastCode(to) {
      return outbox.findLast((message) => to === undefined || message.to === to)?.code;
    },
    advance(seconds) {
      offsetMs += seconds * 1000;
    },
    resetClock() {
      offsetMs = 0;
    },
    now,
    get failChallenges() {
      return state.failChallenges;
    },
    set failChallenges(value) {
      state.failChallenges = value;
    },
    close: () => service.close(),
  };
  return fake;
}
