/**
 * A faithful local fake of the SORACOM API's authentication surface, built from docs/protocols/soracom.md
 *
 * - Wire shapes (AuthRequest/AuthResponse, `{code,message}` errors, JWT-shaped tokens with `operator.operatorId`,
 *   totpUri, 5 × 8-digit backup codes) follow the spec's READ/3RD examples.
 * - Behaviour the spec marks as unverified (MFA error codes, OTP replay, switch-user denial code, ...) is a default
 *   that tests can change through `options.errors` / `options.rejectOtpReplay`.
 * - Failures are always 4xx; 5xx and 429 only come from `failNext` (soracom-cli sleeps up to 120 s on those).
 * - Tokens are checked against the session table, never by decoding them.
 */
import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import * as z from 'zod';
import { base32Encode, DEFAULT_TOTP_PARAMS, totpCode } from '../../electron/core/mfa';
import { json, startHttpService, type RecordedRequest, type ServiceRequest } from '../harness/http-service';

// ---------------------------------------------------------------------------------------------------------------
// Public types

export type Coverage = 'jp' | 'g';
export type MfaStatus = 'INACTIVE' | 'UNCONFIRMED' | 'ACTIVE';
export type Lang = 'en' | 'ja';

/** Who a session or AuthKey belongs to: the root user of `operatorId`, or its SAM user `userName`. */
export interface FakeSoracomIdentity {
  operatorId: string;
  userName?: string;
}

export interface FakeSoracomMfa {
  status: MfaStatus;
  /** Base32 TOTP secret (16 chars) once enabled. */
  secret?: string;
  /** Root users only, set by verify (5 × 8 digits). */
  backupCodes: string[];
}

export interface FakeSoracomOperator {
  operatorId: string;
  email: string;
  password: string;
  coverageTypes: Coverage[];
  mfa: FakeSoracomMfa;
}

export interface FakeSoracomSamUser {
  operatorId: string;
  userName: string;
  password?: string;
  /** API names ("Operator:generateAuthToken", "Auth:switchUser"), "Service:*" or "*". */
  permissions: string[];
  /** The trust policy JSON string, as PUT on the wire. */
  trustPolicy?: string;
  mfa: FakeSoracomMfa;
}

export interface FakeSoracomAuthKey {
  authKeyId: string;
  authKey: string;
  owner: FakeSoracomIdentity;
}

export interface FakeSoracomSession {
  apiKey: string;
  /** The latest token issued for this apiKey (refresh adds tokens; earlier ones stay valid until their own exp). */
  token: string;
  identity: FakeSoracomIdentity;
  /** How it was created. */
  via: 'auth' | 'switch_user';
  iat: number;
  /** Expiry of the latest token (Unix seconds). */
  exp: number;
  revoked: boolean;
}

/** One error the fake can answer; `{status}` with body `{code, message}` (message per X-Soracom-Lang). */
export interface FakeSoracomErrorSpec {
  status: number;
  code: string;
  en: string;
  ja: string;
}

export type FakeSoracomErrorKey =
  | 'tokenRequired'
  | 'invalidToken'
  | 'invalidCredentials'
  | 'mfaRequired'
  | 'mfaInvalid'
  | 'mfaReplayed'
  | 'badRequest'
  | 'tokenTimeoutOutOfRange'
  | 'switchUserNotAllowed'
  | 'permissionDenied'
  | 'tokenExpired'
  | 'invalidOperatorId'
  | 'userNotFound'
  | 'mfaVerifyInvalid'
  | 'mfaStateConflict'
  | 'wrongPassword'
  | 'notFound';

/**
 * The errors the fake answers. Codes marked "observed" come from the spec's sources; the others are invented
 * (docs/protocols/soracom.md say the real ones are unknown) and can be overridden per fake.
 * Messages may contain {user}, {api}, {detail}, {min}, {max}.
 */
export const DEFAULT_SORACOM_ERRORS: Readonly<Record<FakeSoracomErrorKey, FakeSoracomErrorSpec>> = {
  // observed (soracom-sdk-swift history)
  tokenRequired: {
    status: 401,
    code: 'AUM0001',
    en: 'Token is required in the request header',
    ja: 'リクエストヘッダーにトークンが必要です',
  },
  // "AUM0001-style" per §5.2; exact code unknown
  invalidToken: {
    status: 401,
    code: 'AUM0001',
    en: 'Invalid API key or token. Please authenticate again.',
    ja: 'API キーまたは API トークンが無効です。再度認証してください。',
  },
  // observed
  invalidCredentials: {
    status: 401,
    code: 'AUM0002',
    en: 'Invalid username/password supplied.',
    ja: 'ユーザー名またはパスワードが正しくありません。',
  },
  // unverified seed code (§1.3)
  mfaRequired: {
    status: 401,
    code: 'AUM0063',
    en: 'MFA OTP code required',
    ja: '多要素認証のワンタイムパスワードが必要です',
  },
  // invented
  mfaInvalid: {
    status: 401,
    code: 'AUM0064',
    en: 'Invalid MFA OTP code',
    ja: '多要素認証のワンタイムパスワードが正しくありません',
  },
  // invented; same answer as a wrong code unless configured
  mfaReplayed: {
    status: 401,
    code: 'AUM0064',
    en: 'Invalid MFA OTP code',
    ja: '多要素認証のワンタイムパスワードが正しくありません',
  },
  // invented
  badRequest: {
    status: 400,
    code: 'COM0001',
    en: 'Invalid request: {detail}',
    ja: 'リクエストが不正です: {detail}',
  },
  // invented (the range is DOC)
  tokenTimeoutOutOfRange: {
    status: 400,
    code: 'COM0001',
    en: 'tokenTimeoutSeconds must be between {min} and {max}.',
    ja: 'tokenTimeoutSeconds には {min} 以上 {max} 以下の値を指定してください。',
  },
  // message READ ("Switch user not allowed"), code invented
  switchUserNotAllowed: {
    status: 400,
    code: 'AUM0052',
    en: 'Switch user not allowed',
    ja: 'スイッチユーザーは許可されていません',
  },
  // observed code and message; status 403 assumed (§9.4)
  permissionDenied: {
    status: 403,
    code: 'AUM0017',
    en: "SAM user '{user}' doesn't have permission '{api}' to perform this action.",
    ja: "SAM ユーザー '{user}' には、この操作を実行するための権限 '{api}' がありません。",
  },
  // status READ (400), code invented
  tokenExpired: {
    status: 400,
    code: 'AUM0007',
    en: 'The API token has already expired. Please authenticate again.',
    ja: 'API トークンの有効期限が切れています。再度認証してください。',
  },
  // status READ (400), code invented
  invalidOperatorId: {
    status: 400,
    code: 'AUM0018',
    en: 'Invalid operator ID.',
    ja: 'オペレーター ID が正しくありません。',
  },
  // invented
  userNotFound: {
    status: 404,
    code: 'AUM0010',
    en: 'User not found.',
    ja: 'ユーザーが見つかりません。',
  },
  // status READ (400), code invented
  mfaVerifyInvalid: {
    status: 400,
    code: 'AUM0065',
    en: 'Invalid MFA OTP code',
    ja: '多要素認証のワンタイムパスワードが正しくありません',
  },
  // invented
  mfaStateConflict: {
    status: 400,
    code: 'AUM0066',
    en: 'The MFA status does not allow this operation.',
    ja: '現在の多要素認証の状態ではこの操作はできません。',
  },
  // invented (revoke MFA with a wrong root password)
  wrongPassword: {
    status: 403,
    code: 'AUM0002',
    en: 'Invalid username/password supplied.',
    ja: 'ユーザー名またはパスワードが正しくありません。',
  },
  // invented
  notFound: {
    status: 404,
    code: 'COM0404',
    en: 'Resource not found.',
    ja: 'リソースが見つかりません。',
  },
};

export interface FakeSoracomOptions {
  /** Starts the clock at this Unix time (seconds) instead of following the wall clock. */
  now?: number;
  /** Overrides of status/code/messages per error, e.g. `{ mfaRequired: { code: 'AUM0099' } }`. */
  errors?: Partial<Record<FakeSoracomErrorKey, Partial<FakeSoracomErrorSpec>>>;
  /** Rejects a second /auth with an OTP of an already used time step (default true; real behaviour unknown, §9.2). */
  rejectOtpReplay?: boolean;
  /** Accepted TOTP steps either side of now (default 1, §6.1). */
  totpWindow?: number;
  /** Loopback address; 127.0.0.1 by default. */
  host?: string;
}

export interface FakeSoracom {
  /** e.g. "http://127.0.0.1:40123": what SORACOM_ENDPOINT takes (no /v1). */
  origin: string;
  endpoint: string;
  port: number;
  url(path: string): string;
  /** Every request, in arrival order (failNext-answered ones included). */
  requests: RecordedRequest[];
  /** Handler crashes (each answered 500); should stay empty. */
  errors: Error[];
  /** Sessions created by /auth and /auth/switch_user. */
  readonly sessionsIssued: number;
  /** Tokens minted, by login, switch and refresh. */
  readonly tokensIssued: number;
  readonly sessions: FakeSoracomSession[];

  addOperator(input: { email: string; password: string; coverageTypes?: Coverage[]; operatorId?: string }): {
    operatorId: string;
  };
  addSamUser(input: {
    operatorId: string;
    userName: string;
    password?: string;
    permissions?: string[];
    trustPolicy?: string | TrustPolicy;
  }): FakeSoracomIdentity;
  addAuthKey(owner: FakeSoracomIdentity): { authKeyId: string; authKey: string };
  /** MFA straight to ACTIVE (the real enable + verify endpoints exist too). Root users also get backup codes. */
  enableMfa(who: FakeSoracomIdentity): { secret: string; backupCodes?: string[] };
  /** Sets (or with `undefined`, removes) a SAM user's trust policy; an object is serialised to JSON. */
  setTrustPolicy(input: {
    operatorId: string;
    userName: string;
    trustPolicy: string | TrustPolicy | undefined;
  }): void;
  setPermissions(input: { operatorId: string; userName: string; permissions: string[] }): void;
  /** Makes every token of this apiKey expired (exp = now - 1). */
  expireSession(apiKey: string): void;
  /** Answers the next `count` requests with `status` (500, 503, 429, ...) and `{code, message}`. */
  failNext(count: number, status?: number, options?: { code?: string; retryAfterSeconds?: number }): void;

  /** The fake's clock (Unix seconds). */
  now(): number;
  /** Freezes the clock at `seconds`; `undefined` returns to the wall clock. */
  setNow(seconds: number | undefined): void;
  /** Moves the (frozen) clock forward. */
  advance(seconds: number): void;
  /** The TOTP code of an identity's MFA secret at the fake's now (or `atSeconds`). */
  totp(who: FakeSoracomIdentity, atSeconds?: number): string;

  operator(operatorId: string): FakeSoracomOperator | undefined;
  samUser(operatorId: string, userName: string): FakeSoracomSamUser | undefined;
  session(apiKey: string): FakeSoracomSession | undefined;
  close(): Promise<void>;
}

export interface TrustPolicy {
  statements: {
    effect: 'allow' | 'deny';
    principal: { soracom: string | string[] };
    condition?: unknown;
  }[];
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers usable by tests

/** The SRN a trust policy lists for an identity (§3.1). */
export function srnOf(identity: FakeSoracomIdentity): string {
  return identity.userName === undefined
    ? `srn:soracom:${identity.operatorId}::Operator:${identity.operatorId}`
    : `srn:soracom:${identity.operatorId}::User:${identity.userName}`;
}

/** A trust policy allowing the given identities (or SRNs) to switch in. */
export function trustPolicyFor(principals: (FakeSoracomIdentity | string)[]): TrustPolicy {
  return {
    statements: [
      {
        effect: 'allow',
        principal: { soracom: principals.map((p) => (typeof p === 'string' ? p : srnOf(p))) },
      },
    ],
  };
}

/** Decodes a JWT part (header = 0, payload = 1) as JSON; throws on a malformed token. */
export function decodeJwtPart(token: string, part: 0 | 1 = 1): Record<string, unknown> {
  const segment = token.split('.')[part];
  if (segment === undefined) throw new Error('not a JWT');
  const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('JWT part not an object');
  return value as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------------
// Wire schemas (fields are optional on the wire; null counts as absent; unknown keys are ignored, so the
// lower-case `username` of profile files is not `userName`)

const optString = z.string().nullish();
const optInt = z.number().int().nullish();

const AuthRequest = z.object({
  email: optString,
  password: optString,
  operatorId: optString,
  userName: optString,
  authKeyId: optString,
  authKey: optString,
  mfaOTPCode: optString,
  tokenTimeoutSeconds: optInt,
});

const SwitchUserRequest = z.object({
  operatorId: z.string(),
  userName: z.string(),
  tokenTimeoutSeconds: optInt,
});

const TokenRequest = z.object({ tokenTimeoutSeconds: optInt });
const MfaVerifyRequest = z.object({ mfaOTPCode: z.string() });
const MfaRevokeRequest = z.object({ password: z.string() });
const TrustPolicyRequest = z.object({ trustPolicy: z.string() });

const TrustPolicySchema = z.object({
  statements: z.array(
    z.object({
      effect: z.enum(['allow', 'deny']),
      principal: z.object({ soracom: z.union([z.string(), z.array(z.string())]) }),
      condition: z.unknown().optional(),
    }),
  ),
});

const AUTH_TTL = { min: 180, max: 172800, default: 86400 };
const SWITCH_TTL = { min: 180, max: 3600, default: 3600 };
const OPERATOR_ID = /^OP\d{10}$/;

const FAIL_MESSAGES: Record<number, { en: string; ja: string }> = {
  429: {
    en: 'Too many requests. Please retry later.',
    ja: 'リクエストが多すぎます。しばらくしてから再試行してください。',
  },
  500: { en: 'Internal server error.', ja: 'サーバー内部でエラーが発生しました。' },
  502: { en: 'Bad gateway.', ja: 'ゲートウェイエラーが発生しました。' },
  503: { en: 'Service temporarily unavailable.', ja: 'サービスが一時的に利用できません。' },
  504: { en: 'Gateway timeout.', ja: 'ゲートウェイがタイムアウトしました。' },
};

// ---------------------------------------------------------------------------------------------------------------
// Internal state

interface MfaRecord extends FakeSoracomMfa {
  usedSteps: Set<number>;
}

interface OperatorRecord extends FakeSoracomOperator {
  mfa: MfaRecord;
  createdAt: number;
}

interface SamUserRecord extends FakeSoracomSamUser {
  mfa: MfaRecord;
  createdAt: number;
}

interface SessionRecord {
  apiKey: string;
  identity: FakeSoracomIdentity;
  via: 'auth' | 'switch_user';
  /** token → its exp */
  tokens: Map<string, { iat: number; exp: number }>;
  latest: string;
  revoked: boolean;
}

interface Params {
  op: string;
  user: string;
}

interface Ctx {
  req: ServiceRequest;
  res: ServerResponse;
  lang: Lang;
  params: Params;
}

type AuthMode = 'required' | 'allowExpired';

type Route =
  | { method: string; path: string; auth: 'none'; handle: (ctx: Ctx) => void }
  | { method: string; path: string; auth: AuthMode; handle: (ctx: Ctx, session: AuthedSession) => void };

interface AuthedSession {
  record: SessionRecord;
  token: string;
  expired: boolean;
}

function newMfa(): MfaRecord {
  return { status: 'INACTIVE', backupCodes: [], usedSteps: new Set() };
}

function randomChars(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function randomDigits(length: number): string {
  return randomChars('0123456789', length);
}

function userKey(operatorId: string, userName: string): string {
  return `${operatorId}\u0000${userName}`;
}

function header(req: RecordedRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function format(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return regex.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function matchPath(pattern: string, path: string): Params | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Params = { op: '', user: '' };
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':')) {
      if (g === '') return undefined;
      let decoded: string;
      try {
        decoded = decodeURIComponent(g);
      } catch {
        return undefined;
      }
      if (w === ':op') params.op = decoded;
      else params.user = decoded;
    } else if (w !== g) return undefined;
  }
  return params;
}

// ---------------------------------------------------------------------------------------------------------------

export async function startFakeSoracom(options: FakeSoracomOptions = {}): Promise<FakeSoracom> {
  const errorTable: Record<FakeSoracomErrorKey, FakeSoracomErrorSpec> = { ...DEFAULT_SORACOM_ERRORS };
  for (const [key, override] of Object.entries(options.errors ?? {}) as [
    FakeSoracomErrorKey,
    Partial<FakeSoracomErrorSpec>,
  ][]) {
    errorTable[key] = { ...errorTable[key], ...override };
  }
  const rejectOtpReplay = options.rejectOtpReplay ?? true;
  const totpWindow = options.totpWindow ?? 1;
  const signingKey = randomBytes(32);

  const operators = new Map<string, OperatorRecord>();
  const samUsers = new Map<string, SamUserRecord>();
  const authKeys = new Map<string, FakeSoracomAuthKey>();
  const sessions = new Map<string, SessionRecord>();
  let frozenNow: number | undefined = options.now;
  let sessionsIssued = 0;
  let tokensIssued = 0;
  let failures: { remaining: number; status: number; code?: string; retryAfterSeconds?: number } = {
    remaining: 0,
    status: 503,
  };

  const now = (): number => frozenNow ?? Math.floor(Date.now() / 1000);

  // --- errors ------------------------------------------------------------------------------------------------

  function fail(ctx: Ctx, key: FakeSoracomErrorKey, vars: Record<string, string | number> = {}): void {
    const spec = errorTable[key];
    json(ctx.res, spec.status, { code: spec.code, message: format(spec[ctx.lang], vars) });
  }

  function noContent(res: ServerResponse): void {
    res.writeHead(204);
    res.end();
  }

  // --- lookups -----------------------------------------------------------------------------------------------

  function samUser(operatorId: string, userName: string): SamUserRecord | undefined {
    return samUsers.get(userKey(operatorId, userName));
  }

  function mfaOf(who: FakeSoracomIdentity): MfaRecord | undefined {
    if (who.userName === undefined) return operators.get(who.operatorId)?.mfa;
    return samUser(who.operatorId, who.userName)?.mfa;
  }

  function mustMfa(who: FakeSoracomIdentity): MfaRecord {
    const mfa = mfaOf(who);
    if (!mfa) throw new Error(`fake SORACOM: no such identity ${srnOf(who)}`);
    return mfa;
  }

  function permitted(identity: FakeSoracomIdentity, api: string): boolean {
    if (identity.userName === undefined) return true;
    const user = samUser(identity.operatorId, identity.userName);
    if (!user) return false;
    return user.permissions.some(
      (p) => p === '*' || p === api || (p.endsWith(':*') && api.startsWith(p.slice(0, -1))),
    );
  }

  // --- tokens and sessions -----------------------------------------------------------------------------------

  function mintToken(
    identity: FakeSoracomIdentity,
    ttl: number,
  ): { token: string; iat: number; exp: number } {
    const iat = now();
    const exp = iat + ttl;
    const operator = operators.get(identity.operatorId);
    const user =
      identity.userName === undefined ? undefined : samUser(identity.operatorId, identity.userName);
    const api = user ? user.permissions : ['*'];
    const headerPart = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'fake' })).toString('base64url');
    const payload = {
      iss: 'soracom.io',
      aud: 'Operator',
      exp,
      jti: randomBytes(16).toString('base64url'),
      iat,
      nbf: iat - 120,
      sub: 'soracom',
      operator: {
        coverageTypes: operator?.coverageTypes ?? ['jp'],
        permissions: [{ statements: [{ effect: 'allow', api }] }],
        accountType: '0',
        paymentMethodStatus: 'registered',
        operatorId: identity.operatorId,
        ...(identity.userName === undefined ? {} : { userName: identity.userName }),
      },
    };
    const payloadPart = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const signature = createHmac('sha256', signingKey)
      .update(`${headerPart}.${payloadPart}`)
      .digest('base64url');
    tokensIssued += 1;
    return { token: `${headerPart}.${payloadPart}.${signature}`, iat, exp };
  }

  function createSession(identity: FakeSoracomIdentity, ttl: number, via: SessionRecord['via']) {
    const apiKey = `api-${randomUUID()}`;
    const { token, iat, exp } = mintToken(identity, ttl);
    sessions.set(apiKey, {
      apiKey,
      identity: { ...identity },
      via,
      tokens: new Map([[token, { iat, exp }]]),
      latest: token,
      revoked: false,
    });
    sessionsIssued += 1;
    return {
      apiKey,
      operatorId: identity.operatorId,
      token,
      ...(identity.userName === undefined ? {} : { userName: identity.userName }),
    };
  }

  function view(record: SessionRecord): FakeSoracomSession {
    const latest = record.tokens.get(record.latest) ?? { iat: 0, exp: 0 };
    return {
      apiKey: record.apiKey,
      token: record.latest,
      identity: { ...record.identity },
      via: record.via,
      iat: latest.iat,
      exp: latest.exp,
      revoked: record.revoked,
    };
  }

  /** Checks X-Soracom-API-Key + X-Soracom-Token; answers 401 itself and returns undefined when they do not hold. */
  function authenticate(ctx: Ctx, mode: AuthMode): AuthedSession | undefined {
    const apiKey = header(ctx.req, 'x-soracom-api-key');
    const token = header(ctx.req, 'x-soracom-token');
    if (!apiKey || !token) {
      fail(ctx, 'tokenRequired');
      return undefined;
    }
    const record = sessions.get(apiKey);
    const issued = record?.tokens.get(token);
    if (!record || !issued || record.revoked) {
      fail(ctx, 'invalidToken');
      return undefined;
    }
    const expired = now() >= issued.exp;
    if (expired && mode !== 'allowExpired') {
      fail(ctx, 'invalidToken');
      return undefined;
    }
    return { record, token, expired };
  }

  // --- bodies ------------------------------------------------------------------------------------------------

  /** Parses the JSON body with a schema; answers 400 itself and returns undefined on failure. */
  function parseBody<S extends z.ZodType>(
    ctx: Ctx,
    schema: S,
    { optional = false }: { optional?: boolean } = {},
  ): z.output<S> | undefined {
    const text = ctx.req.body;
    let value: unknown = {};
    if (text.trim() === '') {
      if (!optional) {
        fail(ctx, 'badRequest', { detail: 'request body is required' });
        return undefined;
      }
    } else {
      const contentType = header(ctx.req, 'content-type');
      if (contentType !== undefined && !/^application\/json\s*(;|$)/i.test(contentType)) {
        fail(ctx, 'badRequest', { detail: `unsupported content type ${contentType}` });
        return undefined;
      }
      try {
        value = JSON.parse(text);
      } catch {
        fail(ctx, 'badRequest', { detail: 'body is not valid JSON' });
        return undefined;
      }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(ctx, 'badRequest', { detail: 'body must be a JSON object' });
      return undefined;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      fail(ctx, 'badRequest', { detail: `${where}${issue?.message ?? 'invalid body'}` });
      return undefined;
    }
    return parsed.data;
  }

  function ttlOf(
    ctx: Ctx,
    requested: number | null | undefined,
    range: { min: number; max: number; default: number },
  ): number | undefined {
    const ttl = requested ?? range.default;
    if (ttl < range.min || ttl > range.max) {
      fail(ctx, 'tokenTimeoutOutOfRange', { min: range.min, max: range.max });
      return undefined;
    }
    return ttl;
  }

  // --- MFA ---------------------------------------------------------------------------------------------------

  /** The time step a code matches (current first, then ±1...), or undefined. */
  function matchTotp(secret: string, code: string): number | undefined {
    if (!/^\d{6}$/.test(code)) return undefined;
    const step = Math.floor(now() / DEFAULT_TOTP_PARAMS.period);
    const offsets = [0];
    for (let i = 1; i <= totpWindow; i += 1) offsets.push(-i, i);
    for (const offset of offsets) {
      const candidate = step + offset;
      if (totpCode(secret, DEFAULT_TOTP_PARAMS, candidate * DEFAULT_TOTP_PARAMS.period) === code)
        return candidate;
    }
    return undefined;
  }

  function newSecret(): string {
    return base32Encode(randomBytes(10)); // 80 bits = 16 base32 chars, as captured
  }

  function totpUri(who: FakeSoracomIdentity, secret: string): string {
    // The SAM-user label is unobserved (§6.1); `SORACOM:<op>:<user>` is a guess that makes clients parse generically.
    const label =
      who.userName === undefined
        ? `SORACOM:${who.operatorId}`
        : `SORACOM:${who.operatorId}:${encodeURIComponent(who.userName)}`;
    return `otpauth://totp/${label}?secret=${secret}&issuer=SORACOM`;
  }

  function newBackupCodes(): string[] {
    return Array.from({ length: 5 }, () => randomDigits(8));
  }

  // --- handlers ----------------------------------------------------------------------------------------------

  function postAuth(ctx: Ctx): void {
    const body = parseBody(ctx, AuthRequest);
    if (!body) return;
    const ttl = ttlOf(ctx, body.tokenTimeoutSeconds, AUTH_TTL);
    if (ttl === undefined) return;

    // Server-side precedence (§1.1): authKey > email/password > operatorId/userName/password.
    if (body.authKeyId != null && body.authKey != null) {
      const key = authKeys.get(body.authKeyId);
      if (!key || key.authKey !== body.authKey || !mfaOf(key.owner)) return fail(ctx, 'invalidCredentials');
      // MFA never applies to AuthKey logins.
      return json(ctx.res, 200, createSession(key.owner, ttl, 'auth'));
    }

    let identity: FakeSoracomIdentity;
    let mfa: MfaRecord;
    if (body.email != null && body.password != null) {
      const email = body.email.toLowerCase();
      const operator = [...operators.values()].find((o) => o.email.toLowerCase() === email);
      if (!operator || operator.password !== body.password) return fail(ctx, 'invalidCredentials');
      identity = { operatorId: operator.operatorId };
      mfa = operator.mfa;
    } else if (body.operatorId != null && body.userName != null && body.password != null) {
      const user = samUser(body.operatorId, body.userName);
      if (!user || user.password === undefined || user.password !== body.password)
        return fail(ctx, 'invalidCredentials');
      identity = { operatorId: user.operatorId, userName: user.userName };
      mfa = user.mfa;
    } else {
      return fail(ctx, 'invalidCredentials');
    }

    if (mfa.status === 'ACTIVE' && mfa.secret !== undefined) {
      if (body.mfaOTPCode == null) return fail(ctx, 'mfaRequired');
      const step = matchTotp(mfa.secret, body.mfaOTPCode);
      if (step === undefined) return fail(ctx, 'mfaInvalid');
      if (rejectOtpReplay && mfa.usedSteps.has(step)) return fail(ctx, 'mfaReplayed');
      mfa.usedSteps.add(step);
    }
    json(ctx.res, 200, createSession(identity, ttl, 'auth'));
  }

  function postSwitchUser(ctx: Ctx, { record }: AuthedSession): void {
    const source = record.identity;
    if (!permitted(source, 'Auth:switchUser'))
      return fail(ctx, 'permissionDenied', { user: source.userName ?? '', api: 'Auth:switchUser' });
    const body = parseBody(ctx, SwitchUserRequest);
    if (!body) return;
    const ttl = ttlOf(ctx, body.tokenTimeoutSeconds, SWITCH_TTL);
    if (ttl === undefined) return;
    const target = samUser(body.operatorId, body.userName);
    if (!target || target.trustPolicy === undefined) return fail(ctx, 'switchUserNotAllowed');
    if (!trustPolicyAllows(target.trustPolicy, srnOf(source))) return fail(ctx, 'switchUserNotAllowed');
    json(
      ctx.res,
      200,
      createSession({ operatorId: target.operatorId, userName: target.userName }, ttl, 'switch_user'),
    );
  }

  function trustPolicyAllows(policyText: string, srn: string): boolean {
    let parsed: unknown;
    try {
      parsed = JSON.parse(policyText);
    } catch {
      return false;
    }
    const policy = TrustPolicySchema.safeParse(parsed);
    if (!policy.success) return false;
    const matches = (principal: string | string[]) =>
      (Array.isArray(principal) ? principal : [principal]).some((p) => globMatch(p, srn));
    const statements = policy.data.statements;
    if (statements.some((s) => s.effect === 'deny' && matches(s.principal.soracom))) return false;
    return statements.some((s) => s.effect === 'allow' && matches(s.principal.soracom));
  }

  function postLogout(ctx: Ctx, { record }: AuthedSession): void {
    record.revoked = true;
    noContent(ctx.res);
  }

  /** Common checks of /operators/{id}/...: same operator, then the SAM permission. */
  function guard(ctx: Ctx, session: AuthedSession, api: string): boolean {
    const identity = session.record.identity;
    if (ctx.params.op !== identity.operatorId || !OPERATOR_ID.test(ctx.params.op)) {
      fail(ctx, 'invalidOperatorId');
      return false;
    }
    if (!permitted(identity, api)) {
      fail(ctx, 'permissionDenied', { user: identity.userName ?? '', api });
      return false;
    }
    return true;
  }

  function guardUser(ctx: Ctx, session: AuthedSession, api: string): SamUserRecord | undefined {
    if (!guard(ctx, session, api)) return undefined;
    const user = samUser(ctx.params.op, ctx.params.user);
    if (!user) {
      fail(ctx, 'userNotFound');
      return undefined;
    }
    return user;
  }

  function postToken(ctx: Ctx, session: AuthedSession): void {
    if (session.expired) return fail(ctx, 'tokenExpired');
    if (!guard(ctx, session, 'Operator:generateAuthToken')) return;
    const body = parseBody(ctx, TokenRequest, { optional: true });
    if (!body) return;
    const ttl = ttlOf(ctx, body.tokenTimeoutSeconds, AUTH_TTL);
    if (ttl === undefined) return;
    const { token, iat, exp } = mintToken(session.record.identity, ttl);
    session.record.tokens.set(token, { iat, exp });
    session.record.latest = token;
    json(ctx.res, 200, { token });
  }

  function deleteTokens(ctx: Ctx, session: AuthedSession): void {
    const identity = session.record.identity;
    if (identity.userName !== undefined) {
      // Root only (§5.2).
      return fail(ctx, 'permissionDenied', {
        user: identity.userName,
        api: 'Operator:revokeOperatorAuthTokens',
      });
    }
    if (!guard(ctx, session, 'Operator:revokeOperatorAuthTokens')) return;
    for (const record of sessions.values()) {
      if (record.identity.operatorId === identity.operatorId && record.identity.userName === undefined)
        record.revoked = true;
    }
    noContent(ctx.res);
  }

  function getOperator(ctx: Ctx, session: AuthedSession): void {
    if (!guard(ctx, session, 'Operator:getOperator')) return;
    const operator = operators.get(ctx.params.op);
    if (!operator) return fail(ctx, 'invalidOperatorId');
    const created = new Date(operator.createdAt * 1000).toISOString();
    json(ctx.res, 200, {
      operatorId: operator.operatorId,
      email: operator.email,
      description: '',
      createDate: created,
      updateDate: created,
      rootOperatorId: operator.operatorId,
    });
  }

  function getUser(ctx: Ctx, session: AuthedSession): void {
    const user = guardUser(ctx, session, 'User:getUser');
    if (!user) return;
    const keys = [...authKeys.values()].filter(
      (k) => k.owner.operatorId === user.operatorId && k.owner.userName === user.userName,
    );
    json(ctx.res, 200, {
      userName: user.userName,
      description: '',
      hasPassword: user.password !== undefined,
      permission: JSON.stringify({ statements: [{ effect: 'allow', api: user.permissions }] }),
      roleList: [],
      authKeyList: keys.map((k) => ({ authKeyId: k.authKeyId, createDateTime: user.createdAt * 1000 })),
      createDateTime: user.createdAt * 1000,
      updateDateTime: user.createdAt * 1000,
    });
  }

  // MFA, root (§6.2) and SAM (§6.3)

  function mfaEnable(ctx: Ctx, who: FakeSoracomIdentity, mfa: MfaRecord): void {
    if (mfa.status === 'ACTIVE') return fail(ctx, 'mfaStateConflict');
    mfa.secret = newSecret();
    mfa.status = 'UNCONFIRMED';
    mfa.usedSteps.clear();
    json(ctx.res, 200, { totpUri: totpUri(who, mfa.secret) });
  }

  /** Returns true when the code was right (and the status is now ACTIVE); answers the error otherwise. */
  function mfaVerify(ctx: Ctx, mfa: MfaRecord): boolean {
    const body = parseBody(ctx, MfaVerifyRequest);
    if (!body) return false;
    if (mfa.status !== 'UNCONFIRMED' || mfa.secret === undefined) {
      fail(ctx, 'mfaStateConflict');
      return false;
    }
    if (matchTotp(mfa.secret, body.mfaOTPCode) === undefined) {
      fail(ctx, 'mfaVerifyInvalid');
      return false;
    }
    mfa.status = 'ACTIVE';
    return true;
  }

  function mfaRevoke(mfa: MfaRecord): void {
    mfa.status = 'INACTIVE';
    delete mfa.secret;
    mfa.backupCodes = [];
    mfa.usedSteps.clear();
  }

  function operatorMfa(ctx: Ctx, session: AuthedSession, api: string): OperatorRecord | undefined {
    if (!guard(ctx, session, api)) return undefined;
    const operator = operators.get(ctx.params.op);
    if (!operator) fail(ctx, 'invalidOperatorId');
    return operator;
  }

  const routes: Route[] = [
    { method: 'POST', path: '/v1/auth', auth: 'none', handle: postAuth },
    { method: 'POST', path: '/v1/auth/switch_user', auth: 'required', handle: postSwitchUser },
    { method: 'POST', path: '/v1/auth/logout', auth: 'required', handle: postLogout },
    { method: 'POST', path: '/v1/operators/:op/token', auth: 'allowExpired', handle: postToken },
    { method: 'DELETE', path: '/v1/operators/:op/tokens', auth: 'required', handle: deleteTokens },
    { method: 'GET', path: '/v1/operators/:op', auth: 'required', handle: getOperator },
    { method: 'GET', path: '/v1/operators/:op/users/:user', auth: 'required', handle: getUser },
    {
      method: 'POST',
      path: '/v1/operators/:op/mfa',
      auth: 'required',
      handle: (ctx, s) => {
        const op = operatorMfa(ctx, s, 'Operator:enableMFA');
        if (op) mfaEnable(ctx, { operatorId: op.operatorId }, op.mfa);
      },
    },
    {
      method: 'POST',
      path: '/v1/operators/:op/mfa/verify',
      auth: 'required',
      handle: (ctx, s) => {
        const op = operatorMfa(ctx, s, 'Operator:verifyMFA');
        if (!op || !mfaVerify(ctx, op.mfa)) return;
        op.mfa.backupCodes = newBackupCodes();
        json(ctx.res, 200, { backupCodes: op.mfa.backupCodes });
      },
    },
    {
      method: 'GET',
      path: '/v1/operators/:op/mfa',
      auth: 'required',
      handle: (ctx, s) => {
        const op = operatorMfa(ctx, s, 'Operator:getMFAStatus');
        if (op) json(ctx.res, 200, { status: op.mfa.status });
      },
    },
    {
      method: 'DELETE',
      path: '/v1/operators/:op/mfa',
      auth: 'required',
      handle: (ctx, s) => {
        const op = operatorMfa(ctx, s, 'Operator:revokeMFA');
        if (!op) return;
        const body = parseBody(ctx, MfaRevokeRequest);
        if (!body) return;
        if (body.password !== op.password) return fail(ctx, 'wrongPassword');
        mfaRevoke(op.mfa);
        noContent(ctx.res);
      },
    },
    {
      method: 'POST',
      path: '/v1/operators/:op/users/:user/mfa',
      auth: 'required',
      handle: (ctx, s) => {
        const user = guardUser(ctx, s, 'User:enableUserMFA');
        if (user) mfaEnable(ctx, { operatorId: user.operatorId, userName: user.userName }, user.mfa);
      },
    },
    {
      method: 'POST',
      path: '/v1/operators/:op/users/:user/mfa/verify',
      auth: 'required',
      handle: (ctx, s) => {
        const user = guardUser(ctx, s, 'User:verifyUserMFA');
        if (user && mfaVerify(ctx, user.mfa)) noContent(ctx.res);
      },
    },
    {
      method: 'GET',
      path: '/v1/operators/:op/users/:user/mfa',
      auth: 'required',
      handle: (ctx, s) => {
        const user = guardUser(ctx, s, 'User:getUserMFAStatus');
        if (user) json(ctx.res, 200, { status: user.mfa.status });
      },
    },
    {
      method: 'DELETE',
      path: '/v1/operators/:op/users/:user/mfa',
      auth: 'required',
      handle: (ctx, s) => {
        const user = guardUser(ctx, s, 'User:revokeUserMFA');
        if (!user) return;
        mfaRevoke(user.mfa);
        noContent(ctx.res);
      },
    },
    {
      method: 'PUT',
      path: '/v1/operators/:op/users/:user/trust_policy',
      auth: 'required',
      handle: (ctx, s) => {
        const user = guardUser(ctx, s, 'User:updateUserTrustPolicy');
        if (!user) return;
        const body = parseBody(ctx, TrustPolicyRequest);
        if (!body) return;
        let policy: unknown;
        try {
          policy = JSON.parse(body.trustPolicy);
        } catch {
          return fail(ctx, 'badRequest', { detail: 'trustPolicy is not valid JSON' });
        }
        if (!TrustPolicySchema.safeParse(policy).success)
          return fail(ctx, 'badRequest', { detail: 'trustPolicy is not a valid trust policy' });
        user.trustPolicy = body.trustPolicy;
        noContent(ctx.res);
      },
    },
    {
      method: 'GET',
      path: '/v1/operators/:op/users/:user/trust_policy',
      auth: 'required',
      handle: (ctx, s) => {
        const user = guardUser(ctx, s, 'User:getUserTrustPolicy');
        if (user) json(ctx.res, 200, user.trustPolicy === undefined ? {} : { trustPolicy: user.trustPolicy });
      },
    },
    {
      method: 'DELETE',
      path: '/v1/operators/:op/users/:user/trust_policy',
      auth: 'required',
      handle: (ctx, s) => {
        const user = guardUser(ctx, s, 'User:deleteUserTrustPolicy');
        if (!user) return;
        delete user.trustPolicy;
        noContent(ctx.res);
      },
    },
  ];

  // --- the server --------------------------------------------------------------------------------------------

  const service = await startHttpService(
    (req, res) => {
      const langHeader = header(req, 'x-soracom-lang') ?? '';
      const lang: Lang = langHeader.toLowerCase().startsWith('ja') ? 'ja' : 'en';

      if (failures.remaining > 0) {
        failures.remaining -= 1;
        const text = FAIL_MESSAGES[failures.status] ?? { en: 'Server error.', ja: 'サーバーエラーです。' };
        const code = failures.code ?? `COM${String(failures.status).padStart(4, '0')}`;
        const extra: Record<string, string> =
          failures.retryAfterSeconds === undefined
            ? {}
            : { 'retry-after': String(failures.retryAfterSeconds) };
        return json(res, failures.status, { code, message: text[lang] }, extra);
      }

      for (const route of routes) {
        if (route.method !== req.method) continue;
        const params = matchPath(route.path, req.path);
        if (!params) continue;
        const ctx: Ctx = { req, res, lang, params };
        if (route.auth === 'none') return route.handle(ctx);
        const session = authenticate(ctx, route.auth);
        if (session) route.handle(ctx, session);
        return;
      }
      const spec = errorTable.notFound;
      json(res, spec.status, { code: spec.code, message: spec[lang] });
    },
    { host: options.host ?? '127.0.0.1' },
  );

  // --- seeding API -------------------------------------------------------------------------------------------

  function addOperator(input: {
    email: string;
    password: string;
    coverageTypes?: Coverage[];
    operatorId?: string;
  }): { operatorId: string } {
    let operatorId = input.operatorId;
    if (operatorId !== undefined) {
      if (!OPERATOR_ID.test(operatorId)) throw new Error(`fake SORACOM: bad operator ID ${operatorId}`);
      if (operators.has(operatorId)) throw new Error(`fake SORACOM: operator ${operatorId} exists`);
    } else {
      do operatorId = `OP00${randomDigits(8)}`;
      while (operators.has(operatorId));
    }
    const email = input.email.toLowerCase();
    if ([...operators.values()].some((o) => o.email.toLowerCase() === email))
      throw new Error(`fake SORACOM: email ${input.email} is already registered`);
    operators.set(operatorId, {
      operatorId,
      email: input.email,
      password: input.password,
      coverageTypes: input.coverageTypes ?? ['jp'],
      mfa: newMfa(),
      createdAt: now(),
    });
    return { operatorId };
  }

  function addSamUser(input: {
    operatorId: string;
    userName: string;
    password?: string;
    permissions?: string[];
    trustPolicy?: string | TrustPolicy;
  }): FakeSoracomIdentity {
    if (!operators.has(input.operatorId)) throw new Error(`fake SORACOM: no operator ${input.operatorId}`);
    const key = userKey(input.operatorId, input.userName);
    if (samUsers.has(key)) throw new Error(`fake SORACOM: user ${input.userName} exists`);
    const user: SamUserRecord = {
      operatorId: input.operatorId,
      userName: input.userName,
      permissions: [...(input.permissions ?? [])],
      mfa: newMfa(),
      createdAt: now(),
    };
    if (input.password !== undefined) user.password = input.password;
    if (input.trustPolicy !== undefined)
      user.trustPolicy =
        typeof input.trustPolicy === 'string' ? input.trustPolicy : JSON.stringify(input.trustPolicy);
    samUsers.set(key, user);
    return { operatorId: user.operatorId, userName: user.userName };
  }

  function mustUser(operatorId: string, userName: string): SamUserRecord {
    const user = samUser(operatorId, userName);
    if (!user) throw new Error(`fake SORACOM: no SAM user ${operatorId}/${userName}`);
    return user;
  }

  const alnumLower = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

  return {
    origin: service.origin,
    endpoint: service.origin,
    port: service.port,
    url: service.url,
    requests: service.requests,
    errors: service.errors,
    get sessionsIssued() {
      return sessionsIssued;
    },
    get tokensIssued() {
      return tokensIssued;
    },
    get sessions() {
      return [...sessions.values()].map(view);
    },
    addOperator,
    addSamUser,
    addAuthKey(owner) {
      mustMfa(owner); // the owner must exist
      let authKeyId: string;
      do authKeyId = `keyId-${randomChars(alnumLower, 32)}`;
      while (authKeys.has(authKeyId));
      const authKey = `secret-${randomChars(alnum, 64)}`;
      const owned: FakeSoracomIdentity =
        owner.userName === undefined
          ? { operatorId: owner.operatorId }
          : { operatorId: owner.operatorId, userName: owner.userName };
      authKeys.set(authKeyId, { authKeyId, authKey, owner: owned });
      return { authKeyId, authKey };
    },
    enableMfa(who) {
      const mfa = mustMfa(who);
      mfa.secret = newSecret();
      mfa.status = 'ACTIVE';
      mfa.usedSteps.clear();
      if (who.userName !== undefined) {
        mfa.backupCodes = [];
        return { secret: mfa.secret };
      }
      mfa.backupCodes = newBackupCodes();
      return { secret: mfa.secret, backupCodes: [...mfa.backupCodes] };
    },
    setTrustPolicy({ operatorId, userName, trustPolicy }) {
      const user = mustUser(operatorId, userName);
      if (trustPolicy === undefined) delete user.trustPolicy;
      else user.trustPolicy = typeof trustPolicy === 'string' ? trustPolicy : JSON.stringify(trustPolicy);
    },
    setPermissions({ operatorId, userName, permissions }) {
      mustUser(operatorId, userName).permissions = [...permissions];
    },
    expireSession(apiKey) {
      const record = sessions.get(apiKey);
      if (!record) throw new Error(`fake SORACOM: no session ${apiKey}`);
      for (const issued of record.tokens.values()) issued.exp = Math.min(issued.exp, now() - 1);
    },
    failNext(count, status = 503, failOptions = {}) {
      failures = { remaining: count, status, ...failOptions };
    },
    now,
    setNow(seconds) {
      frozenNow = seconds;
    },
    advance(seconds) {
      frozenNow = now() + seconds;
    },
    totp(who, atSeconds) {
      const mfa = mustMfa(who);
      if (mfa.secret === undefined) throw new Error(`fake SORACOM: ${srnOf(who)} has no MFA secret`);
      return totpCode(mfa.secret, DEFAULT_TOTP_PARAMS, atSeconds ?? now());
    },
    operator(operatorId) {
      const op = operators.get(operatorId);
      if (!op) return undefined;
      const mfa: FakeSoracomMfa = { status: op.mfa.status, backupCodes: [...op.mfa.backupCodes] };
      if (op.mfa.secret !== undefined) mfa.secret = op.mfa.secret;
      return { ...op, coverageTypes: [...op.coverageTypes], mfa };
    },
    samUser(operatorId, userName) {
      const user = samUser(operatorId, userName);
      if (!user) return undefined;
      const mfa: FakeSoracomMfa = { status: user.mfa.status, backupCodes: [] };
      if (user.mfa.secret !== undefined) mfa.secret = user.mfa.secret;
      return { ...user, permissions: [...user.permissions], mfa };
    },
    session(apiKey) {
      const record = sessions.get(apiKey);
      return record ? view(record) : undefined;
    },
    close: () => service.close(),
  };
}
