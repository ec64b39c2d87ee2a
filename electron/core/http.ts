import { tracedFetch } from './debug';
import { ExitCode, TobiraError } from './errors';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the 2nd attempt; doubled each time after. */
  baseDelayMs: number;
}

/** 429, 5xx and network failures are retried a few times with backoff, then reported as exit 4. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 300 };

/**
 * One HTTP exchange with a provider. Returns every answered request (4xx included, for the provider to interpret);
 * throws `provider.unreachable` (exit 4) when the service is down, overloaded or unreachable after the retries.
 * Error params name the service and status only: never a URL query or a body, which may carry secrets.
 */
export async function httpRequest(
  service: string,
  request: HttpRequest,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<HttpResponse> {
  let lastProblem = '';
  for (let attempt = 1; attempt <= retry.attempts; attempt += 1) {
    if (attempt > 1) await delay(retry.baseDelayMs * 2 ** (attempt - 2));
    try {
      const response = await tracedFetch(request.url, {
        method: request.method,
        headers: {
          accept: 'application/json',
          ...(request.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(request.form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...request.headers,
        },
        body:
          request.json !== undefined
            ? JSON.stringify(request.json)
            : request.form !== undefined
              ? new URLSearchParams(request.form).toString()
              : undefined,
        signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
        redirect: 'manual',
      });
      const text = await response.text();
      if (response.status === 429 || response.status >= 500) {
        lastProblem = `HTTP ${response.status}`;
        continue;
      }
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      lastProblem = networkProblem(error);
    }
  }
  throw new TobiraError('provider.unreachable', ExitCode.unreachable, {
    service,
    detail: lastProblem,
    attempts: retry.attempts,
  });
}

/**
 * One SDK call under the same policy as `httpRequest`: `classify` turns a failure into a rejection to throw at once
 * (an Error: a 4xx) or the text of a transient problem (throttling, 5xx, network), which is retried with backoff and
 * then reported as exit 4.
 */
export async function withRetries<T>(
  service: string,
  retry: RetryPolicy,
  call: () => Promise<T>,
  classify: (error: unknown) => Error | string,
): Promise<T> {
  let problem = '';
  for (let attempt = 1; attempt <= retry.attempts; attempt += 1) {
    if (attempt > 1) await delay(retry.baseDelayMs * 2 ** (attempt - 2));
    try {
      return await call();
    } catch (error) {
      const classified = classify(error);
      if (typeof classified !== 'string') throw classified;
      problem = classified;
    }
  }
  throw new TobiraError('provider.unreachable', ExitCode.unreachable, {
    service,
    detail: problem,
    attempts: retry.attempts,
  });
}

/** What went wrong with a request that got no answer, for `provider.unreachable`: never a URL or a body. */
export function networkProblem(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Parses a JSON body, or undefined when it is not JSON (load balancers answer HTML). */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
