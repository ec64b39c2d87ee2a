/**
 * A faithful local fake of SORACOM Krypton's SIM-authenticated surface (docs/protocols/krypton.md): the Keys API
 * (AKA with Milenage, resync with AUTS, verify RES) and the signed provisioning call for Amazon Cognito credentials.
 *
 * - Wire shapes follow the Go and Java clients: standard base64 with padding, `{"keyId","rand","autn"}` challenges,
 *   `{"res"}` or `{"xres"}` verify bodies, `x-soracom-*` headers matched case-insensitively, the signature checked
 *   over the raw body bytes, `{code, message}` errors. Error codes are invented (§9: the real ones are unknown).
 * - Keys expire after `keyTtlMs` (1 h, at least the client's cache TTL) and timestamps must be within
 *   `timestampWindowMs` (±5 min, a guess of §7).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import * as z from 'zod';
import { json, startHttpService, type RecordedRequest, type ServiceRequest } from '../harness/http-service';
import type { FakeAws } from './aws';
import { milenageSqnFromAuts, milenageVector } from '../harness/virtual-usim';

export interface FakeKryptonSubscriber {
  imsi: string;
  /** hex */
  k: string;
  /** hex */
  opc: string;
  /** SQN_HE, the last SQN used (hex, 6 bytes); the next challenge uses SQN_HE + 1. */
  sqn?: string;
  /** hex, 2 bytes; 8000 by default. */
  amf?: string;
}

export interface FakeKryptonKey {
  keyId: string;
  imsi: string;
  rand: Buffer;
  xres: Buffer;
  ck: Buffer;
  verified: boolean;
  createdAt: number;
}

export interface FakeKryptonIssued {
  imsi: string;
  identityId: string;
  region: string;
  accessKeyId: string;
  secretKey: string;
  sessionToken: string;
  expiration: number;
}

export interface FakeKryptonOptions {
  /** 200 (default) or 401: both carry the challenge, and clients must accept both (§3.2 a). */
  challengeStatus?: 200 | 401;
  keyTtlMs?: number;
  timestampWindowMs?: number;
  /** How `credentials.expiration` is written: epoch ms (the default, as the typed clients read it) or ISO. */
  expirationFormat?: 'ms' | 'iso';
  region?: string;
  /** Called before a challenge is answered, e.g. to pull the card out mid-sign-in. */
  beforeChallenge?: (imsi: string) => Promise<void> | void;
  /** Called with each credential set issued. */
  onIssue?: (issued: FakeKryptonIssued) => void;
  /**
   * Where the temporary AWS credentials come from, as Krypton gets them from Cognito's GetCredentialsForIdentity:
   * e.g. the fake AWS's `mintWebIdentitySession`, so the console sign-in accepts them. Random ones by default.
   */
  mintCredentials?: () => {
    accessKeyId: string;
    secretKey: string;
    sessionToken: string;
    expiration: number;
  };
  now?: () => number;
}

/** `mintCredentials` from a fake AWS: a web-identity session of ROLE, as Cognito mints it, so the console accepts it. */
export function mintFromFakeAws(
  aws: Pick<FakeAws, 'mintWebIdentitySession'>,
  role: string,
): NonNullable<FakeKryptonOptions['mintCredentials']> {
  return () => {
    const session = aws.mintWebIdentitySession(role);
    return {
      accessKeyId: session.accessKeyId,
      secretKey: session.secretAccessKey,
      sessionToken: session.sessionToken,
      expiration: session.expiresAt,
    };
  };
}

export interface FakeKrypton {
  /** Origin for TOBIRA_ENDPOINT_KRYPTON / --endpoint. */
  endpoint: string;
  requests: RecordedRequest[];
  errors: Error[];
  keys: Map<string, FakeKryptonKey>;
  issued: FakeKryptonIssued[];
  /** Counters of what happened, for tests. */
  stats: { challenges: number; resyncs: number; verified: number; provisioned: number; refused: number };
  addSubscriber(subscriber: FakeKryptonSubscriber): void;
  /** SQN_HE of a subscriber (hex). */
  sqnOf(imsi: string): string;
  setSqn(imsi: string, sqn: string): void;
  /** Ages every key past its TTL, as if an hour went by on the server. */
  expireKeys(): void;
  close(): Promise<void>;
}

export const KEY_TTL_MS = 3_600_000;
export const TIMESTAMP_WINDOW_MS = 5 * 60_000;

const ERRORS = {
  badRequest: { status: 400, code: 'KRY0400', message: 'Invalid request' },
  unknownImsi: { status: 404, code: 'KRY0001', message: 'The subscriber is not found' },
  resyncFailed: { status: 400, code: 'KRY0002', message: 'Synchronisation failure could not be verified' },
  unknownKey: { status: 404, code: 'KRY0003', message: 'The key is not found' },
  resMismatch: { status: 401, code: 'KRY0004', message: 'Authentication failed' },
  keyNotVerified: { status: 403, code: 'KRY0005', message: 'The key is not verified' },
  keyExpired: { status: 401, code: 'KRY0006', message: 'The key has expired' },
  badAlgorithm: { status: 400, code: 'KRY0007', message: 'Unsupported digest algorithm' },
  badTimestamp: { status: 401, code: 'KRY0008', message: 'The request timestamp is out of range' },
  badSignature: { status: 401, code: 'KRY0009', message: 'Invalid signature' },
  notFound: { status: 404, code: 'KRY0404', message: 'Not found' },
} as const;

type ErrorKey = keyof typeof ERRORS;

function fail(res: ServerResponse, key: ErrorKey): void {
  const { status, code, message } = ERRORS[key];
  json(res, status, { code, message });
}

const StdBase64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
const KeysBody = z.object({
  imsi: z.string().regex(/^\d{6,15}$/),
  rand: StdBase64.optional(),
  auts: StdBase64.optional(),
});
const VerifyBody = z.union([z.object({ res: StdBase64 }), z.object({ xres: StdBase64 })]);
const ProvisioningBody = z.object({ keyId: z.string().min(1) }).passthrough();

function parse<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

function header(req: ServiceRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()]; // node lower-cases names: matching is case-insensitive
  return Array.isArray(value) ? value[0] : value;
}

function sqnPlusOne(sqn: Buffer): Buffer {
  const next = Buffer.from(sqn);
  for (let i = next.length - 1; i >= 0; i--) {
    next[i] = ((next[i] as number) + 1) & 0xff;
    if (next[i] !== 0) break;
  }
  return next;
}

function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startFakeKrypton(options: FakeKryptonOptions = {}): Promise<FakeKrypton> {
  const now = options.now ?? Date.now;
  const keyTtlMs = options.keyTtlMs ?? KEY_TTL_MS;
  const windowMs = options.timestampWindowMs ?? TIMESTAMP_WINDOW_MS;
  const region = options.region ?? 'ap-northeast-1';
  const subscribers = new Map<string, { k: Buffer; opc: Buffer; amf: Buffer; sqn: Buffer }>();
  const keys = new Map<string, FakeKryptonKey>();
  const issued: FakeKryptonIssued[] = [];
  const stats = { challenges: 0, resyncs: 0, verified: 0, provisioned: 0, refused: 0 };

  const refuse = (res: ServerResponse, key: ErrorKey): void => {
    stats.refused++;
    fail(res, key);
  };

  async function createKey(req: ServiceRequest, res: ServerResponse): Promise<void> {
    const body = parse(KeysBody, req.body);
    if (body === undefined || (body.rand === undefined) !== (body.auts === undefined))
      return fail(res, 'badRequest');
    const subscriber = subscribers.get(body.imsi);
    if (subscriber === undefined) return fail(res, 'unknownImsi');
    if (body.rand !== undefined && body.auts !== undefined) {
      const rand = Buffer.from(body.rand, 'base64');
      const auts = Buffer.from(body.auts, 'base64');
      if (rand.length !== 16 || auts.length !== 14) return fail(res, 'badRequest');
      const sqnMs = milenageSqnFromAuts(subscriber.k, subscriber.opc, rand, auts);
      if (sqnMs === undefined) return refuse(res, 'resyncFailed');
      subscriber.sqn = sqnMs;
      stats.resyncs++;
    }
    await options.beforeChallenge?.(body.imsi);
    subscriber.sqn = sqnPlusOne(subscriber.sqn);
    const rand = randomBytes(16);
    const vector = milenageVector(subscriber.k, subscriber.opc, rand, subscriber.sqn, subscriber.amf);
    const keyId = randomBytes(16).toString('hex'); // URL-safe and without "_" (§3.6)
    keys.set(keyId, {
      keyId,
      imsi: body.imsi,
      rand,
      xres: vector.xres,
      ck: vector.ck,
      verified: false,
      createdAt: now(),
    });
    stats.challenges++;
    json(res, options.challengeStatus ?? 200, {
      keyId,
      rand: rand.toString('base64'),
      autn: vector.autn.toString('base64'),
    });
  }

  function verify(keyId: string, req: ServiceRequest, res: ServerResponse): void {
    const key = keys.get(keyId);
    if (key === undefined) return fail(res, 'unknownKey');
    const body = parse(VerifyBody, req.body);
    if (body === undefined) return fail(res, 'badRequest');
    const res64 = 'res' in body ? body.res : body.xres;
    if (!constantTimeEqual(Buffer.from(res64, 'base64'), key.xres)) {
      keys.delete(keyId); // one answer per challenge: no guessing
      return refuse(res, 'resMismatch');
    }
    key.verified = true;
    stats.verified++;
    json(res, 200, {});
  }

  function provision(req: ServiceRequest, res: ServerResponse): void {
    const raw = Buffer.from(req.body, 'utf8');
    const body = parse(ProvisioningBody, req.body);
    if (body === undefined) return fail(res, 'badRequest');
    const key = keys.get(body.keyId);
    if (key === undefined) return refuse(res, 'unknownKey');
    if (!key.verified) return refuse(res, 'keyNotVerified');
    if (now() - key.createdAt >= keyTtlMs) {
      keys.delete(key.keyId);
      return refuse(res, 'keyExpired');
    }
    if ((header(req, 'x-soracom-digest-algorithm') ?? '').toLowerCase() !== 'sha-256') {
      return refuse(res, 'badAlgorithm');
    }
    const timestamp = header(req, 'x-soracom-timestamp') ?? '';
    if (!/^\d{1,16}$/.test(timestamp) || Math.abs(now() - Number(timestamp)) > windowMs) {
      return refuse(res, 'badTimestamp');
    }
    const expected = createHash('sha256').update(raw).update(timestamp).update(key.ck).digest();
    const given = Buffer.from(header(req, 'x-soracom-signature') ?? '', 'base64');
    if (!constantTimeEqual(given, expected)) return refuse(res, 'badSignature');

    const credentials: FakeKryptonIssued = {
      imsi: key.imsi,
      identityId: `${region}:${randomBytes(16)
        .toString('hex')
        .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')}`,
      region,
      ...(options.mintCredentials?.() ?? {
        accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
        secretKey: randomBytes(30).toString('base64'),
        sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(96).toString('base64')}`,
        expiration: now() + 3_600_000,
      }),
    };
    issued.push(credentials);
    stats.provisioned++;
    options.onIssue?.(credentials);
    json(res, 200, {
      identityId: credentials.identityId,
      region,
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretKey: credentials.secretKey,
        sessionToken: credentials.sessionToken,
        expiration:
          options.expirationFormat === 'iso'
            ? new Date(credentials.expiration).toISOString()
            : credentials.expiration,
      },
    });
  }

  const service = await startHttpService(async (req, res) => {
    if (req.method !== 'POST') return fail(res, 'notFound');
    if (req.path === '/v1/keys') return createKey(req, res);
    const verifyPath = /^\/v1\/keys\/([^/]+)\/verify$/.exec(req.path);
    if (verifyPath) return verify(decodeURIComponent(verifyPath[1] as string), req, res);
    if (req.path === '/v1/provisioning/aws/cognito/credentials') return provision(req, res);
    return fail(res, 'notFound');
  });

  return {
    endpoint: service.origin,
    requests: service.requests,
    errors: service.errors,
    keys,
    issued,
    stats,
    addSubscriber({ imsi, k, opc, sqn = '000000000000', amf = '8000' }) {
      subscribers.set(imsi, {
        k: Buffer.from(k, 'hex'),
        opc: Buffer.from(opc, 'hex'),
        amf: Buffer.from(amf, 'hex'),
        sqn: Buffer.from(sqn, 'hex'),
      });
    },
    sqnOf(imsi) {
      const subscriber = subscribers.get(imsi);
      if (!subscriber) throw new Error(`no subscriber ${imsi}`);
      return subscriber.sqn.toString('hex');
    },
    setSqn(imsi, sqn) {
      const subscriber = subscribers.get(imsi);
      if (!subscriber) throw new Error(`no subscriber ${imsi}`);
      subscriber.sqn = Buffer.from(sqn, 'hex');
    },
    expireKeys() {
      for (const key of keys.values()) key.createdAt = now() - keyTtlMs;
    },
    close: () => service.close(),
  };
}
