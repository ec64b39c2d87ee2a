/**
 * A faithful local fake of AWS STS (query API) and the AWS sign-in federation endpoint, from
 * docs/protocols/aws.md and the STS API reference:
 *
 * - STS: `POST /` (or GET) with Action + Version=2011-06-15, SigV4 verified for real against the fake's known secret
 *   keys (scope, date, signed headers, payload hash, x-amz-security-token for session keys), answers in STS's XML
 *   success shape or its `<ErrorResponse>` with the real codes: MissingAuthenticationToken, InvalidClientTokenId,
 *   SignatureDoesNotMatch, ExpiredToken, AccessDenied, ValidationError (incl. the role-chaining cap), Throttling,
 *   InvalidAction. MFA codes are checked with otplib (±1 step) and each code is accepted once per device.
 * - GetSessionToken and GetFederationToken only with long-term keys; AssumeRole checks the trust policy (principal
 *   ARN or account root), ExternalId and MFA; chained calls (temporary credentials) are capped at one hour.
 * - Federation: `/federation?Action=getSigninToken` by GET or POST refuses long-term and GetSessionToken
 *   credentials, refuses SessionDuration outside 900..43200 or for chained roles, federation tokens and web
 *   identity (Cognito) credentials, all with an HTML 400 "Invalid credentials parameter" as AWS does; `Action=login`
 *   turns a token (15 minutes, once) into a 302 to a fake console, with the console session in a cookie as AWS does (a
 *   second sign-in in the same browser replaces the first; `/console` shows who the cookie signs in as);
 *   `/oauth?Action=logout` 302s to redirect_uri.
 * - IAM (Query API, Version=2010-05-08, SigV4 scope service `iam`) on the same `/`: ListAccessKeys, CreateAccessKey,
 *   DeleteAccessKey, GetAccessKeyLastUsed for the caller's own user (or UserName), with IAM's XML shapes and its real
 *   errors: LimitExceeded (409) for a third key, NoSuchEntity (404), InvalidClientTokenId (403), and AccessDenied for
 *   GetSessionToken credentials without MFA ("Cannot call IAM API operations unless MFA authentication information
 *   is included in the request"). A new key signs nothing for `newKeyDelayMs` (IAM's eventual consistency); a deleted
 *   key is InvalidClientTokenId at once.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { authenticator } from 'otplib';
import { startHttpService, text, type RecordedRequest, type ServiceRequest } from '../harness/http-service';

export type FakePartition = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface FakeAwsUser {
  userName: string;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A virtual MFA device: its ARN and base32 TOTP secret. */
  mfa?: { serial: string; secret: string };
  /** CreateDate of the first key (epoch ms; default: when the fake started). */
  keyCreatedAt?: number;
}

/** One IAM access key; the users' first keys are in the list from the start. */
export interface FakeAccessKey {
  userName: string;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
  createdAt: number;
  /** Signs requests only from this time on (eventual consistency of a new key). */
  validFrom: number;
  lastUsed?: { at: number; service: string; region: string };
}

export interface FakeAwsRole {
  arn: string;
  /** Principal ARNs the trust policy allows: user or role ARNs, or `arn:aws:iam::ACCOUNT:root`. */
  trust: string[];
  /** Trust condition aws:MultiFactorAuthPresent. */
  requireMfa?: boolean;
  /** Trust condition sts:ExternalId. */
  externalId?: string;
  /** MaxSessionDuration of the role (default 3600, up to 43200). */
  maxSessionDuration?: number;
}

type SessionKind = 'session-token' | 'assumed-role' | 'federation-token' | 'web-identity';

export interface FakeAwsSession {
  kind: SessionKind;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  accountId: string;
  /** The ARN GetCallerIdentity answers. */
  arn: string;
  userId: string;
  /** For roles: the role ARN (the trust-policy principal of a chained call). */
  roleArn?: string;
  /** AssumeRole was called with temporary credentials. */
  chained: boolean;
  mfa: boolean;
  durationSeconds: number;
  policy?: string;
}

export interface FakeSignin {
  token: string;
  session: FakeAwsSession;
  sessionDuration?: number;
  createdAt: number;
  used: boolean;
}

export interface FakeAwsOptions {
  users?: FakeAwsUser[];
  roles?: FakeAwsRole[];
  partition?: FakePartition;
  now?: () => number;
  /** How long a key made by CreateAccessKey is refused (InvalidClientTokenId) before it works, in ms. */
  newKeyDelayMs?: number;
}

export interface FakeAws {
  origin: string;
  requests: RecordedRequest[];
  errors: Error[];
  users: FakeAwsUser[];
  roles: FakeAwsRole[];
  sessions: FakeAwsSession[];
  signins: FakeSignin[];
  /** Every IAM access key that exists (deleted ones are removed). */
  accessKeys: FakeAccessKey[];
  /** The next `count` IAM requests of `action` fail with `code` (e.g. ServiceFailure 500) before anything happens. */
  failIamNext(action: string, count: number, code?: 'ServiceFailure' | 'AccessDenied'): void;
  /** STS Actions in arrival order (only requests that passed authentication). */
  calls: Array<{ action: string; accessKeyId: string; params: Record<string, string> }>;
  /** The next `count` STS requests are answered 400 Throttling "Rate exceeded". */
  throttleNext(count: number): void;
  /** Every issued session expires now (ExpiredToken from then on). */
  expireSessions(): void;
  /** Credentials as Cognito (AssumeRoleWithWebIdentity) would issue them, for providers built on this fake. */
  mintWebIdentitySession(roleArn: string, seconds?: number): FakeAwsSession;
  close(): Promise<void>;
}

const STS_VERSION = '2011-06-15';
const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const IAM_VERSION = '2010-05-08';
const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const IAM_KEYS_PER_USER = 2;
const SIGNIN_TOKEN_MS = 15 * 60 * 1000;
const ROLE_CHAINING_MAX = 3600;

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

const MFA_FAILED = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';
const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;

/** 20240101T000000Z, as in x-amz-date. */
function amzTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const now = options.now ?? Date.now;
  const partition = options.partition ?? 'aws';
  const users = options.users ?? [];
  const roles = options.roles ?? [];
  const sessions: FakeAwsSession[] = [];
  const signins: FakeSignin[] = [];
  const calls: FakeAws['calls'] = [];
  const usedCodes = new Set<string>();
  let throttle = 0;
  const newKeyDelayMs = options.newKeyDelayMs ?? 0;
  // A user's first key follows the user object (tests change a user's secret to see a refusal).
  const accessKeys: FakeAccessKey[] = users.map((user) => ({
    userName: user.userName,
    accountId: user.accountId,
    get accessKeyId() {
      return user.accessKeyId;
    },
    get secretAccessKey() {
      return user.secretAccessKey;
    },
    status: 'Active',
    createdAt: user.keyCreatedAt ?? now(),
    validFrom: 0,
  }));
  const iamFailures = new Map<string, { count: number; code: 'ServiceFailure' | 'AccessDenied' }>();
  // Codes are checked against the fake's own clock, like the SigV4 date and session expiry.
  const totp = () => authenticator.clone({ window: 1, epoch: now() });

  const userArn = (user: FakeAwsUser) => `arn:${partition}:iam::${user.accountId}:user/${user.userName}`;

  function issue(
    fields: Omit<FakeAwsSession, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiresAt'>,
  ) {
    const session: FakeAwsSession = {
      ...fields,
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64').slice(0, 40),
      sessionToken: `FwoGZXIvYXdzE${randomBytes(96).toString('base64')}`,
      expiresAt: now() + fields.durationSeconds * 1000,
    };
    sessions.push(session);
    return session;
  }

  function checkMfa(user: FakeAwsUser, serial: string | undefined, code: string | undefined): boolean {
    if (serial === undefined && code === undefined) return false;
    if (!user.mfa || serial !== user.mfa.serial || code === undefined || !/^\d{6}$/.test(code)) {
      throw new StsError(403, 'AccessDenied', MFA_FAILED);
    }
    const key = `${serial}:${code}:${Math.floor(now() / 30_000)}`;
    if (usedCodes.has(key) || !totp().check(code, user.mfa.secret))
      throw new StsError(403, 'AccessDenied', MFA_FAILED);
    usedCodes.add(key);
    return true;
  }

  function duration(params: URLSearchParams, fallback: number, max: number): number {
    const raw = params.get('DurationSeconds');
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < 900) {
      throw new StsError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
      );
    }
    if (value > max) {
      throw new StsError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
      );
    }
    return value;
  }

  /** Who signed: a user's long-term key or an issued session; `keyId` is the access key that signed. */
  type Caller = (
    { user: FakeAwsUser; session?: undefined } | { user?: FakeAwsUser; session: FakeAwsSession }
  ) & { keyId: string };

  function handleAction(action: string, params: URLSearchParams, caller: Caller): string {
    switch (action) {
      case 'GetCallerIdentity': {
        const { arn, userId, account } = caller.session
          ? { arn: caller.session.arn, userId: caller.session.userId, account: caller.session.accountId }
          : {
              arn: userArn(caller.user),
              userId: `AIDA${caller.user.accessKeyId.slice(4, 20)}`,
              account: caller.user.accountId,
            };
        return result(action, `<Arn>${arn}</Arn><UserId>${userId}</UserId><Account>${account}</Account>`);
      }
      case 'GetSessionToken': {
        if (caller.session)
          throw new StsError(403, 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
        const seconds = duration(params, 43_200, 129_600);
        const mfa = checkMfa(
          caller.user,
          params.get('SerialNumber') ?? undefined,
          params.get('TokenCode') ?? undefined,
        );
        const session = issue({
          kind: 'session-token',
          accountId: caller.user.accountId,
          arn: userArn(caller.user),
          userId: `AIDA${caller.user.accessKeyId.slice(4, 20)}`,
          chained: false,
          mfa,
          durationSeconds: seconds,
        });
        return result(action, credentialsXml(session));
      }
      case 'GetFederationToken': {
        if (caller.session) {
          throw new StsError(403, 'AccessDenied', 'Cannot call GetFederationToken with session credentials');
        }
        const name = params.get('Name') ?? '';
        if (!/^[\w+=,.@-]{2,32}$/.test(name)) {
          throw new StsError(
            400,
            'ValidationError',
            `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`,
          );
        }
        const seconds = duration(params, 43_200, 129_600);
        const session = issue({
          kind: 'federation-token',
          accountId: caller.user.accountId,
          arn: `arn:${partition}:sts::${caller.user.accountId}:federated-user/${name}`,
          userId: `${caller.user.accountId}:${name}`,
          chained: false,
          mfa: false,
          durationSeconds: seconds,
          ...(params.get('Policy') ? { policy: params.get('Policy') as string } : {}),
        });
        return result(
          action,
          `${credentialsXml(session)}<FederatedUser><Arn>${session.arn}</Arn><FederatedUserId>${session.userId}</FederatedUserId></FederatedUser><PackedPolicySize>6</PackedPolicySize>`,
        );
      }
      case 'AssumeRole': {
        if (caller.session?.kind === 'federation-token') {
          throw new StsError(403, 'AccessDenied', 'Cannot call AssumeRole with federation token credentials');
        }
        const roleArn = params.get('RoleArn') ?? '';
        const sessionName = params.get('RoleSessionName') ?? '';
        if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
          throw new StsError(
            400,
            'ValidationError',
            `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
          );
        }
        const principal = caller.session
          ? (caller.session.roleArn ?? caller.session.arn)
          : userArn(caller.user);
        const account = caller.session ? caller.session.accountId : caller.user.accountId;
        const denied = new StsError(
          403,
          'AccessDenied',
          `User: ${caller.session?.arn ?? principal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        );
        const role = roles.find((candidate) => candidate.arn === roleArn);
        if (!role) throw denied;
        if (!role.trust.includes(principal) && !role.trust.includes(`arn:${partition}:iam::${account}:root`))
          throw denied;
        if (role.externalId !== undefined && params.get('ExternalId') !== role.externalId) throw denied;
        let mfa = caller.session?.mfa ?? false;
        const serial = params.get('SerialNumber') ?? undefined;
        const code = params.get('TokenCode') ?? undefined;
        if (serial !== undefined || code !== undefined) {
          const owner = caller.user ?? users.find((user) => user.mfa?.serial === serial);
          if (!owner) throw new StsError(403, 'AccessDenied', MFA_FAILED);
          mfa = checkMfa(owner, serial, code) || mfa;
        }
        if (role.requireMfa && !mfa) throw denied;
        const chained = caller.session !== undefined;
        const requested = duration(params, 3600, 43_200);
        if (chained && requested > ROLE_CHAINING_MAX) {
          throw new StsError(
            400,
            'ValidationError',
            'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
          );
        }
        if (requested > (role.maxSessionDuration ?? 3600)) {
          throw new StsError(
            400,
            'ValidationError',
            'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
          );
        }
        const roleName = roleArn.split(':role/')[1]?.split('/').pop() ?? 'role';
        const roleAccount = roleArn.split(':')[4] ?? account;
        const roleId = `AROA${createHash('sha1').update(roleArn).digest('hex').slice(0, 16).toUpperCase()}`;
        const session = issue({
          kind: 'assumed-role',
          accountId: roleAccount,
          arn: `arn:${partition}:sts::${roleAccount}:assumed-role/${roleName}/${sessionName}`,
          userId: `${roleId}:${sessionName}`,
          roleArn,
          chained,
          mfa,
          durationSeconds: requested,
        });
        return result(
          action,
          `${credentialsXml(session)}<AssumedRoleUser><AssumedRoleId>${session.userId}</AssumedRoleId><Arn>${session.arn}</Arn></AssumedRoleUser><PackedPolicySize>6</PackedPolicySize>`,
        );
      }
      default:
        throw new StsError(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${STS_VERSION}`,
        );
    }
  }

  function authenticate(req: ServiceRequest, expectedService: 'sts' | 'iam' = 'sts'): Caller {
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || auth.length === 0) {
      throw new StsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    }
    const parsed =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!parsed)
      throw new StsError(400, 'IncompleteSignature', 'Authorization header requires a valid signature.');
    const [, keyId = '', date = '', region = '', service = '', signedHeaders = '', signature = ''] = parsed;
    const key = accessKeys.find(
      (candidate) =>
        candidate.accessKeyId === keyId && candidate.status === 'Active' && candidate.validFrom <= now(),
    );
    const user = key
      ? users.find(
          (candidate) => candidate.userName === key.userName && candidate.accountId === key.accountId,
        )
      : undefined;
    const session = user ? undefined : sessions.find((candidate) => candidate.accessKeyId === keyId);
    if (!user && !session) {
      throw new StsError(
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    }
    const token = req.headers['x-amz-security-token'];
    if (session && token !== session.sessionToken) {
      throw new StsError(
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    }
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    const at = Date.parse(
      amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
    );
    const signed = signedHeaders.split(';');
    if (
      service !== expectedService ||
      !amzDate.startsWith(date) ||
      !signed.includes('host') ||
      !signed.includes('x-amz-date')
    ) {
      throw new StsError(
        403,
        'SignatureDoesNotMatch',
        `Credential should be scoped to a valid region and service ${expectedService}.`,
      );
    }
    if (!Number.isFinite(at) || Math.abs(at - now()) > SIGNATURE_WINDOW_MS) {
      // AWS's own wording: the request's time, the edge of the window, and the server's time (with the window).
      const server = now();
      throw new StsError(
        403,
        'SignatureDoesNotMatch',
        Number.isFinite(at) && at > server
          ? `Signature not yet current: ${amzDate} is still later than ${amzTime(server + SIGNATURE_WINDOW_MS)} (${amzTime(server)} + 15 min.)`
          : `Signature expired: ${amzDate} is now earlier than ${amzTime(server - SIGNATURE_WINDOW_MS)} (${amzTime(server)} - 15 min.)`,
      );
    }
    const secret = key?.secretAccessKey ?? session?.secretAccessKey ?? '';
    const expected = sigv4Signature(req, { secret, date, region, service, amzDate, signed });
    if (expected !== signature) {
      throw new StsError(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    }
    if (session && session.expiresAt <= now()) {
      throw new StsError(403, 'ExpiredToken', 'The security token included in the request is expired');
    }
    if (key) key.lastUsed = { at: now(), service: expectedService, region };
    return session ? { session, keyId } : { user: user as FakeAwsUser, keyId };
  }

  function sts(req: ServiceRequest, res: ServerResponse): void {
    try {
      if (req.method !== 'POST' && req.method !== 'GET')
        throw new StsError(405, 'InvalidAction', 'Method not allowed');
      if (
        req.method === 'POST' &&
        !String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
      ) {
        throw new StsError(400, 'InvalidAction', 'Content-Type must be application/x-www-form-urlencoded');
      }
      const params = req.method === 'POST' ? new URLSearchParams(req.body) : req.query;
      if (throttle > 0) {
        throttle -= 1;
        throw new StsError(400, 'Throttling', 'Rate exceeded');
      }
      const action = params.get('Action');
      if (!action) throw new StsError(400, 'MissingAction', 'Missing Action');
      if (params.get('Version') === IAM_VERSION) return iam(req, res, action, params);
      if (params.get('Version') !== STS_VERSION) {
        throw new StsError(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
        );
      }
      const caller = authenticate(req);
      calls.push({
        action,
        accessKeyId: caller.keyId,
        params: Object.fromEntries(params),
      });
      const xml = handleAction(action, params, caller);
      text(res, 200, xml, 'text/xml', { 'x-amzn-requestid': randomUUID() });
    } catch (error) {
      if (!(error instanceof StsError)) throw error;
      const requestId = randomUUID();
      text(
        res,
        error.status,
        `<ErrorResponse xmlns="${XMLNS}">\n  <Error>\n    <Type>${error.type}</Type>\n    <Code>${error.code}</Code>\n    <Message>${escapeXml(error.message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
        'text/xml',
        { 'x-amzn-requestid': requestId },
      );
    }
  }

  function iamKeyXml(key: FakeAccessKey, withSecret: boolean): string {
    return `<UserName>${key.userName}</UserName><AccessKeyId>${key.accessKeyId}</AccessKeyId><Status>${key.status}</Status>${withSecret ? `<SecretAccessKey>${key.secretAccessKey}</SecretAccessKey>` : ''}<CreateDate>${new Date(key.createdAt).toISOString()}</CreateDate>`;
  }

  function iamAction(action: string, params: URLSearchParams, caller: Caller): string {
    const failure = iamFailures.get(action);
    if (failure && failure.count > 0) {
      failure.count -= 1;
      throw failure.code === 'ServiceFailure'
        ? new StsError(500, 'ServiceFailure', 'An unknown error occurred.', 'Receiver')
        : new StsError(403, 'AccessDenied', `User is not authorized to perform: iam:${action}`);
    }
    // GetSessionToken credentials reach IAM only when they were made with an MFA code; role sessions are no user.
    if (caller.session && caller.session.kind !== 'session-token') {
      throw new StsError(
        403,
        'AccessDenied',
        `User: ${caller.session.arn} is not authorized to perform: iam:${action}`,
      );
    }
    if (caller.session && !caller.session.mfa) {
      throw new StsError(
        403,
        'AccessDenied',
        'Cannot call IAM API operations unless MFA authentication information is included in the request.',
      );
    }
    const self =
      caller.user ??
      users.find(
        (user) => userArn(user) === caller.session?.arn && user.accountId === caller.session.accountId,
      );
    if (!self) throw new StsError(403, 'AccessDenied', `not authorized to perform: iam:${action}`);
    const userName = params.get('UserName') ?? self.userName;
    const target = users.find((user) => user.userName === userName && user.accountId === self.accountId);
    if (!target) throw new StsError(404, 'NoSuchEntity', `The user with name ${userName} cannot be found.`);
    if (target !== self) {
      throw new StsError(
        403,
        'AccessDenied',
        `User: ${userArn(self)} is not authorized to perform: iam:${action} on resource: user ${userName}`,
      );
    }
    const own = accessKeys.filter(
      (key) => key.userName === target.userName && key.accountId === target.accountId,
    );
    const named = (): FakeAccessKey => {
      const id = params.get('AccessKeyId') ?? '';
      const key = own.find((candidate) => candidate.accessKeyId === id);
      if (!key) throw new StsError(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
      return key;
    };
    switch (action) {
      case 'ListAccessKeys':
        return iamResult(
          action,
          `<AccessKeyMetadata>${own.map((key) => `<member>${iamKeyXml(key, false)}</member>`).join('')}</AccessKeyMetadata><IsTruncated>false</IsTruncated>`,
        );
      case 'CreateAccessKey': {
        if (own.length >= IAM_KEYS_PER_USER) {
          throw new StsError(
            409,
            'LimitExceeded',
            `Cannot exceed quota for AccessKeysPerUser: ${IAM_KEYS_PER_USER}`,
          );
        }
        const created = now();
        const key: FakeAccessKey = {
          userName: target.userName,
          accountId: target.accountId,
          accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
          secretAccessKey: randomBytes(30).toString('base64').slice(0, 40),
          status: 'Active',
          createdAt: created,
          validFrom: created + newKeyDelayMs,
        };
        accessKeys.push(key);
        return iamResult(action, `<AccessKey>${iamKeyXml(key, true)}</AccessKey>`);
      }
      case 'DeleteAccessKey': {
        const key = named();
        accessKeys.splice(accessKeys.indexOf(key), 1);
        return iamResult(action, undefined);
      }
      case 'GetAccessKeyLastUsed': {
        const key = named();
        const used = key.lastUsed;
        return iamResult(
          action,
          `<UserName>${key.userName}</UserName><AccessKeyLastUsed>${used ? `<LastUsedDate>${new Date(used.at).toISOString()}</LastUsedDate><ServiceName>${used.service}</ServiceName><Region>${used.region}</Region>` : '<ServiceName>N/A</ServiceName><Region>N/A</Region>'}</AccessKeyLastUsed>`,
        );
      }
      default:
        throw new StsError(
          400,
          'InvalidAction',
          `Could not find operation ${action} for version ${IAM_VERSION}`,
        );
    }
  }

  function iam(req: ServiceRequest, res: ServerResponse, action: string, params: URLSearchParams): void {
    try {
      const caller = authenticate(req, 'iam');
      calls.push({
        action,
        accessKeyId: caller.keyId,
        params: Object.fromEntries(params),
      });
      text(res, 200, iamAction(action, params, caller), 'text/xml', { 'x-amzn-requestid': randomUUID() });
    } catch (error) {
      if (!(error instanceof StsError)) throw error;
      const requestId = randomUUID();
      text(
        res,
        error.status,
        `<ErrorResponse xmlns="${IAM_XMLNS}">\n  <Error>\n    <Type>${error.type}</Type>\n    <Code>${error.code}</Code>\n    <Message>${escapeXml(error.message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
        'text/xml',
        { 'x-amzn-requestid': requestId },
      );
    }
  }

  function badCredentials(res: ServerResponse): void {
    text(
      res,
      400,
      '<html><head><title>400 Bad Request</title></head><body><h1>Invalid credentials parameter</h1><p>The request sent by the client was syntactically incorrect.</p></body></html>',
      'text/html;charset=utf-8',
    );
  }

  function federation(req: ServiceRequest, res: ServerResponse, origin: string): void {
    if (req.method !== 'GET' && req.method !== 'POST') return text(res, 405, 'Method Not Allowed');
    const params =
      req.method === 'POST' &&
      String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
        ? new URLSearchParams(req.body)
        : req.query;
    const action = params.get('Action');
    if (action === 'getSigninToken') {
      let parsed: { sessionId?: unknown; sessionKey?: unknown; sessionToken?: unknown };
      try {
        parsed = JSON.parse(params.get('Session') ?? '') as typeof parsed;
      } catch {
        return badCredentials(res);
      }
      const session = sessions.find((candidate) => candidate.accessKeyId === parsed.sessionId);
      // Long-term keys (no token, or not a session we issued) and GetSessionToken credentials cannot sign in.
      if (
        !session ||
        session.secretAccessKey !== parsed.sessionKey ||
        session.sessionToken !== parsed.sessionToken ||
        session.kind === 'session-token' ||
        session.expiresAt <= now()
      ) {
        return badCredentials(res);
      }
      const rawDuration = params.get('SessionDuration');
      let sessionDuration: number | undefined;
      if (rawDuration !== null) {
        sessionDuration = Number(rawDuration);
        const allowed = session.kind === 'assumed-role' && !session.chained;
        if (!/^\d+$/.test(rawDuration) || sessionDuration < 900 || sessionDuration > 43_200 || !allowed) {
          return badCredentials(res);
        }
      }
      const token = randomBytes(48).toString('base64url');
      signins.push({
        token,
        session,
        createdAt: now(),
        used: false,
        ...(sessionDuration ? { sessionDuration } : {}),
      });
      return text(res, 200, JSON.stringify({ SigninToken: token }), 'application/json');
    }
    if (action === 'login' && req.method === 'GET') {
      const signin = signins.find((candidate) => candidate.token === params.get('SigninToken'));
      const destination = params.get('Destination');
      if (!signin || signin.used || now() - signin.createdAt > SIGNIN_TOKEN_MS || !destination) {
        return text(
          res,
          400,
          '<html><body>The credentials in your login link were invalid.</body></html>',
          'text/html',
        );
      }
      signin.used = true;
      // Like the real console, the sign-in lands in a cookie: one console session per browser cookie jar, so a second
      // sign-in in the same browser replaces the first.
      const cookie = randomBytes(24).toString('base64url');
      consoleSessions.set(cookie, signin.session.arn);
      res.writeHead(302, {
        location: `${origin}/console?${new URLSearchParams({ destination, arn: signin.session.arn }).toString()}`,
        'set-cookie': `aws-console-session=${cookie}; Path=/; HttpOnly; SameSite=Lax`,
        'content-length': '0',
      });
      res.end();
      return;
    }
    return badCredentials(res);
  }

  /** Console cookie → the ARN it signed in as. */
  const consoleSessions = new Map<string, string>();

  const service = await startHttpService((req, res) => {
    const origin = `http://${req.headers.host ?? ''}`;
    if (req.path === '/') return sts(req, res);
    if (req.path === '/federation') return federation(req, res, origin);
    if (req.path === '/oauth' && req.query.get('Action') === 'logout') {
      const target = req.query.get('redirect_uri') ?? '';
      res.writeHead(302, { location: target, 'content-length': '0' });
      res.end();
      return;
    }
    if (req.path === '/console') {
      // Who is signed in comes from the cookie (the arn in the query is what the login link was for).
      const cookie = /(?:^|;\s*)aws-console-session=([\w-]+)/.exec(String(req.headers.cookie ?? ''))?.[1];
      const arn = cookie === undefined ? undefined : consoleSessions.get(cookie);
      return text(
        res,
        200,
        arn === undefined
          ? '<html><head><title>Signed out</title></head><body>Signed out of the AWS Management Console (fake).</body></html>'
          : `<html><head><title>Console: ${escapeXml(arn)}</title></head><body>AWS Management Console (fake): <span id="who">${escapeXml(arn)}</span></body></html>`,
        'text/html',
      );
    }
    text(res, 404, 'Not Found');
  });

  return {
    origin: service.origin,
    requests: service.requests,
    errors: service.errors,
    users,
    roles,
    sessions,
    signins,
    accessKeys,
    calls,
    failIamNext(action, count, code = 'ServiceFailure') {
      iamFailures.set(action, { count, code });
    },
    throttleNext(count) {
      throttle = count;
    },
    expireSessions() {
      for (const session of sessions) session.expiresAt = Math.min(session.expiresAt, now());
    },
    mintWebIdentitySession(roleArn, seconds = 3600) {
      const roleName = roleArn.split(':role/')[1]?.split('/').pop() ?? 'role';
      const account = roleArn.split(':')[4] ?? '000000000000';
      return issue({
        kind: 'web-identity',
        accountId: account,
        arn: `arn:${partition}:sts::${account}:assumed-role/${roleName}/CognitoIdentityCredentials`,
        userId: `AROAWEBIDENTITY:CognitoIdentityCredentials`,
        roleArn,
        chained: false,
        mfa: false,
        durationSeconds: seconds,
      });
    },
    close: () => service.close(),
  };
}

function result(action: string, inner: string): string {
  return `<${action}Response xmlns="${XMLNS}">\n  <${action}Result>\n    ${inner}\n  </${action}Result>\n  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`;
}

/** IAM's success shape: `<XResponse><XResult>…</XResult>` (no Result element for DeleteAccessKey), then metadata. */
function iamResult(action: string, inner: string | undefined): string {
  const body = inner === undefined ? '' : `\n  <${action}Result>\n    ${inner}\n  </${action}Result>`;
  return `<${action}Response xmlns="${IAM_XMLNS}">${body}\n  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`;
}

function credentialsXml(session: FakeAwsSession): string {
  return `<Credentials><AccessKeyId>${session.accessKeyId}</AccessKeyId><SecretAccessKey>${session.secretAccessKey}</SecretAccessKey><SessionToken>${session.sessionToken}</SessionToken><Expiration>${new Date(session.expiresAt).toISOString()}</Expiration></Credentials>`;
}

function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

/** The SigV4 signature the request should carry (AWS General Reference, "Signature Version 4 signing process"). */
export function sigv4Signature(
  req: Pick<RecordedRequest, 'method' | 'url' | 'headers' | 'body'>,
  scope: { secret: string; date: string; region: string; service: string; amzDate: string; signed: string[] },
): string {
  const [path = '/', rawQuery = ''] = req.url.split('?');
  const query = rawQuery
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      return [uriEncode(decodeURIComponent(key)), uriEncode(decodeURIComponent(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalUri = path
    .split('/')
    .map((segment) => uriEncode(decodeURIComponent(segment)))
    .join('/');
  const canonicalHeaders = scope.signed.map((name) => `${name}:${headerValue(req.headers, name)}\n`).join('');
  const payloadHash =
    typeof req.headers['x-amz-content-sha256'] === 'string'
      ? req.headers['x-amz-content-sha256']
      : createHash('sha256').update(req.body).digest('hex');
  const canonicalRequest = [
    req.method,
    canonicalUri,
    query,
    canonicalHeaders,
    scope.signed.join(';'),
    payloadHash,
  ].join('\n');
  const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    scope.amzDate,
    credentialScope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const kSigning = hmac(
    hmac(hmac(hmac(`AWS4${scope.secret}`, scope.date), scope.region), scope.service),
    'aws4_request',
  );
  return createHmac('sha256', kSigning).update(stringToSign).digest('hex');
}

/** Signs a request the way SDKs do, for tests of the fake that do not go through an SDK. */
export function signRequest(input: {
  origin: string;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region?: string;
  at?: Date;
  service?: 'sts' | 'iam';
}): { url: string; headers: Record<string, string> } {
  const service = input.service ?? 'sts';
  const at = input.at ?? new Date();
  const amzDate = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  const date = amzDate.slice(0, 8);
  const region = input.region ?? 'us-east-1';
  const host = new URL(input.origin).host;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    host,
    'x-amz-date': amzDate,
    ...(input.sessionToken ? { 'x-amz-security-token': input.sessionToken } : {}),
  };
  const signed = Object.keys(headers).sort();
  const signature = sigv4Signature(
    { method: 'POST', url: '/', headers, body: input.body },
    { secret: input.secretAccessKey, date, region, service, amzDate, signed },
  );
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${date}/${region}/${service}/aws4_request, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  delete headers.host;
  return { url: `${input.origin}/`, headers };
}
