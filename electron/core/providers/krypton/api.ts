import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ExitCode, TobiraError } from '../../errors';
import { badResponse } from '../../bad-response';
import { httpRequest, parseJsonBody, type HttpResponse } from '../../http';
import { addStep } from '../../timings';

export type KryptonStep = 'keys' | 'verify' | 'provisioning';

/** A 4xx of the Krypton or Keys API, with SORACOM's `{code, message}` when it sent one. */
export class KryptonRejection extends Error {
  constructor(
    readonly step: KryptonStep,
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
  ) {
    super(`${step}: ${status} ${code}`);
  }

  toTobiraError(): TobiraError {
    return new TobiraError(`krypton.rejected.${this.step}`, ExitCode.rejected, {
      status: this.status,
      code: this.code,
      message: this.serverMessage,
    });
  }
}

const SERVICE = 'SORACOM Krypton';

const Base64Bytes = (length: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'standard base64')
    .transform((value) => Buffer.from(value, 'base64'))
    .refine((bytes) => bytes.length === length, `${length} bytes`);

/** POST /v1/keys answer (docs/protocols/krypton.md: a keyId and a 3G challenge. */
export const Challenge = z.object({
  keyId: z.string().regex(/^[A-Za-z0-9._~-]{1,200}$/, 'a URL-safe key id'),
  rand: Base64Bytes(16),
  autn: Base64Bytes(16),
});
export type Challenge = z.infer<typeof Challenge>;

/** POST /v1/provisioning/aws/cognito/credentials answer (§3.5). `expiration` is epoch ms, or ISO in some samples. */
export const CognitoCredentials = z.object({
  identityId: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  credentials: z.object({
    accessKeyId: z.string().min(16).max(128),
    secretKey: z.string().min(1),
    sessionToken: z.string().min(1),
    expiration: z.union([z.number().int().positive(), z.string().datetime({ offset: true })]),
  }),
});
export type CognitoCredentials = z.infer<typeof CognitoCredentials>;

const ErrorBody = z.object({ code: z.string().optional(), message: z.string().optional() });

export const COGNITO_CREDENTIALS_PATH = '/v1/provisioning/aws/cognito/credentials';

/**
 * `base64( SHA-256( body ‖ decimal epoch ms ‖ CK ) )`: plain SHA-256, not HMAC, over the exact body bytes
 * (docs/protocols/krypton.md).
 */
export function kryptonSignature(body: string, timestamp: string, ck: Uint8Array): string {
  return createHash('sha256').update(body, 'utf8').update(timestamp, 'ascii').update(ck).digest('base64');
}

export interface SignedRequest {
  payload: { keyId: string; requestParameters: null };
  /** JSON.stringify(payload): the exact bytes that are hashed and sent. */
  body: string;
  headers: Record<string, string>;
}

/** The provisioning body and headers, byte-compatible with krypton-cli (`requestParameters` present and null). */
export function signedProvisioningRequest(keyId: string, ck: Uint8Array, nowMs: number): SignedRequest {
  const payload = { keyId, requestParameters: null };
  const body = JSON.stringify(payload);
  const timestamp = String(Math.trunc(nowMs));
  return {
    payload,
    body,
    headers: {
      'x-soracom-timestamp': timestamp,
      'x-soracom-digest-algorithm': 'SHA-256',
      'x-soracom-signature': kryptonSignature(body, timestamp, ck),
    },
  };
}

export interface KryptonTimings {
  /** Called with the wall time of each HTTP exchange, for `TOBIRA_KRYPTON_TIMINGS` and the benchmark. */
  http?: (step: KryptonStep, ms: number) => void;
  sign?: (ms: number) => void;
}

/** The Keys API (SIM authentication, AKA) and the provisioning API of one SORACOM origin. */
export class KryptonApi {
  constructor(
    readonly base: string,
    private readonly timings: KryptonTimings = {},
  ) {}

  /** A new challenge; with `resync`, the RAND of the failed one and the card's AUTS (§3.2 b). 200 and 401 both carry it. */
  async createKey(imsi: string, resync?: { rand: Uint8Array; auts: Uint8Array }): Promise<Challenge> {
    const body = resync ? { imsi, rand: b64(resync.rand), auts: b64(resync.auts) } : { imsi };
    const response = await this.post('keys', '/v1/keys', body);
    if (response.status !== 200 && response.status !== 401) throw this.rejection('keys', response);
    const parsed = Challenge.safeParse(parseJsonBody(response.text));
    if (!parsed.success) {
      if (response.status === 401) throw this.rejection('keys', response);
      throw invalid('challenge', parsed.error, response);
    }
    return parsed.data;
  }

  /** Only 200 means RES matched XRES (§3.2 c). */
  async verify(keyId: string, res: Uint8Array): Promise<void> {
    const response = await this.post('verify', `/v1/keys/${encodeURIComponent(keyId)}/verify`, {
      res: b64(res),
    });
    if (response.status !== 200) throw this.rejection('verify', response);
  }

  async cognitoCredentials(keyId: string, ck: Uint8Array): Promise<CognitoCredentials> {
    const started = performance.now();
    const request = signedProvisioningRequest(keyId, ck, Date.now());
    const signMs = performance.now() - started;
    addStep('krypton.sign', signMs);
    this.timings.sign?.(signMs);
    const response = await this.post('provisioning', COGNITO_CREDENTIALS_PATH, request.payload, request);
    if (response.status !== 200) throw this.rejection('provisioning', response);
    const parsed = CognitoCredentials.safeParse(parseJsonBody(response.text));
    if (!parsed.success) throw invalid('Cognito credentials', parsed.error, response);
    return parsed.data;
  }

  private async post(
    step: KryptonStep,
    path: string,
    payload: object,
    signed?: SignedRequest,
  ): Promise<HttpResponse> {
    const started = performance.now();
    try {
      return await httpRequest(SERVICE, {
        method: 'POST',
        url: `${this.base}${path}`,
        headers: { 'content-type': 'application/json', ...signed?.headers },
        // httpRequest sends JSON.stringify(json), which for the signed payload is `signed.body`, the hashed bytes.
        json: payload,
      });
    } finally {
      const ms = performance.now() - started;
      addStep(`http.krypton.${step}`, ms);
      this.timings.http?.(step, ms);
    }
  }

  private rejection(step: KryptonStep, response: HttpResponse): KryptonRejection {
    const body = ErrorBody.safeParse(parseJsonBody(response.text));
    const code = (body.success ? body.data.code : undefined) ?? `HTTP ${response.status}`;
    const message = (body.success ? body.data.message : undefined) ?? '';
    return new KryptonRejection(step, response.status, code.slice(0, 100), message.slice(0, 300));
  }
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

function invalid(what: string, error: z.ZodError, response: HttpResponse): TobiraError {
  return badResponse({
    service: SERVICE,
    what,
    problem: error,
    status: response.status,
    headers: response.headers,
    exitCode: ExitCode.error,
  });
}
