import * as z from 'zod';
import { tracedFetch } from '../../debug';
import { ExitCode, TobiraError } from '../../errors';
import type { Env } from '../../home';
import { networkProblem, parseJsonBody } from '../../http';

/** Authentication API errors (`/oauth/token`): `{error, error_description}` (specs B3). */
const AuthError = z.object({ error: z.string(), error_description: z.string().optional() });
/** Management API errors: `{statusCode, error, message, errorCode?}` (specs B3). */
const ManagementError = z.object({
  statusCode: z.number(),
  error: z.string(),
  message: z.string(),
  errorCode: z.string().optional(),
});

/** A 4xx answer of Auth0 as sent, before it is turned into a user-facing error. */
export class Auth0Rejection extends Error {
  constructor(
    readonly status: number,
    /** `error` of the authentication API, or `errorCode` (else `error`) of the management API. */
    readonly code: string,
    readonly description: string,
  ) {
    super(`${status} ${code}`);
  }
}

/** Auth0 messages do not echo secrets, but keep them short and on one line anyway. */
function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

export function rejectionFrom(status: number, body: unknown): Auth0Rejection {
  const management = ManagementError.safeParse(body);
  if (management.success) {
    const { errorCode, error, message } = management.data;
    return new Auth0Rejection(status, errorCode ?? error, tidy(message));
  }
  const auth = AuthError.safeParse(body);
  if (auth.success)
    return new Auth0Rejection(status, auth.data.error, tidy(auth.data.error_description ?? ''));
  return new Auth0Rejection(status, `HTTP${status}`, '');
}

export interface Auth0Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
}

export interface Auth0Response {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  body: unknown;
}

export interface RetryTuning {
  /** Attempts in all for 429 answers (Auth0 rate limits), the first included. */
  rateLimitAttempts: number;
  /** Attempts in all for 5xx and network failures. */
  failureAttempts: number;
  /** First backoff step when the service gives no time; doubled each time. */
  baseDelayMs: number;
  /** A 429 asking for a longer wait than this fails at once (exit 4) with the time to wait, instead of hanging. */
  maxWaitMs: number;
}

const DEFAULTS: RetryTuning = {
  rateLimitAttempts: 5,
  failureAttempts: 3,
  baseDelayMs: 500,
  maxWaitMs: 30_000,
};

/** TOBIRA_AUTH0_RETRY_BASE_MS / TOBIRA_AUTH0_RETRY_MAX_WAIT_MS make backoff fast in tests. */
export function retryTuning(env: Env): RetryTuning {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    ...DEFAULTS,
    baseDelayMs: number('TOBIRA_AUTH0_RETRY_BASE_MS', DEFAULTS.baseDelayMs),
    maxWaitMs: number('TOBIRA_AUTH0_RETRY_MAX_WAIT_MS', DEFAULTS.maxWaitMs),
  };
}

/**
 * The wait a 429 asks for, in ms: `Retry-After` (seconds or HTTP date), else `X-RateLimit-Reset` (UTC epoch
 * seconds, what Auth0 sends); undefined when neither is there.
 */
export function requestedWaitMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers.get('x-ratelimit-reset') ?? Number.NaN);
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  return undefined;
}

/** Auth0's brute-force block answers 429 too; it is a rejection of this key, not a rate limit to wait out. */
function isBruteForceBlock(body: unknown): boolean {
  return (
    typeof body === 'object' && body !== null && (body as { error?: unknown }).error === 'too_many_attempts'
  );
}

/**
 * One exchange with Auth0. Rate limits (429) are waited out with bounded backoff, honouring Retry-After and
 * X-RateLimit-Reset; 5xx and network failures are retried a little; then exit 4. 4xx answers are returned for the
 * caller to map. Errors never carry URLs or bodies (they may hold secrets).
 */
export async function auth0Request(
  service: string,
  call: Auth0Call,
  tuning: RetryTuning,
): Promise<Auth0Response> {
  let rateLimited = 0;
  let failures = 0;
  let problem: string;
  for (;;) {
    let waitMs: number;
    try {
      const response = await send(call);
      const text = await response.text();
      const body = text === '' ? undefined : parseJsonBody(text);
      if (response.status === 429 && !isBruteForceBlock(body)) {
        rateLimited += 1;
        const asked = requestedWaitMs(response.headers);
        const seconds = Math.ceil((asked ?? 0) / 1000);
        if (asked !== undefined && asked > tuning.maxWaitMs) {
          throw new TobiraError('auth0.rateLimited', ExitCode.unreachable, { service, seconds });
        }
        if (rateLimited >= tuning.rateLimitAttempts) {
          throw new TobiraError('auth0.rateLimited', ExitCode.unreachable, {
            service,
            seconds: Math.max(1, seconds),
          });
        }
        waitMs = Math.max(asked ?? 0, tuning.baseDelayMs * 2 ** (rateLimited - 1));
        waitMs = Math.min(waitMs, tuning.maxWaitMs);
      } else if (response.status >= 500) {
        failures += 1;
        problem = `HTTP ${response.status}`;
        if (failures >= tuning.failureAttempts) break;
        waitMs = tuning.baseDelayMs * 2 ** (failures - 1);
      } else {
        return { status: response.status, headers: response.headers, body };
      }
    } catch (error) {
      if (error instanceof TobiraError) throw error;
      failures += 1;
      problem = networkProblem(error);
      if (failures >= tuning.failureAttempts) break;
      waitMs = tuning.baseDelayMs * 2 ** (failures - 1);
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  throw new TobiraError('provider.unreachable', ExitCode.unreachable, {
    service,
    detail: problem,
    attempts: failures,
  });
}

function send(call: Auth0Call): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  let body: string | undefined;
  if (call.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.json);
  } else if (call.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(call.form).toString();
  }
  return tracedFetch(call.url, {
    method: call.method,
    headers,
    body,
    signal: AbortSignal.timeout(15_000),
    redirect: 'manual',
  });
}
