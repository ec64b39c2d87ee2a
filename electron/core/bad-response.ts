import type * as z from 'zod';
import { ExitCode, TobiraError } from './errors';
import { tracedFetch } from './debug';

/** Response headers in which the providers send their request id (AWS, Auth0, Alibaba, generic gateways). */
const REQUEST_ID_HEADERS = [
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-auth0-requestid',
  'x-acs-request-id',
  'x-soracom-request-id',
  'x-request-id',
];
/** A request id is printed only when it looks like one: it comes from the response, which could hold anything. */
const REQUEST_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

export interface BadResponseInput {
  /** The service as the user knows it, e.g. "SORACOM API". */
  service: string;
  /** The exchange or part of it that was being read, e.g. "auth", "token", "Credentials". */
  what: string;
  /** What failed: the zod error of the body's schema, or a sentence naming the check ("ID token has no nonce"). */
  problem: z.ZodError | string;
  /** HTTP status of the answer, when there was one. */
  status?: number | undefined;
  headers?: Headers | undefined;
  /** A request id the caller found itself (e.g. `RequestId` of an XML or JSON body). */
  requestId?: string | undefined;
  exitCode?: ExitCode;
}

/**
 * The one builder of "answered something Tobira does not understand" errors, for every provider. It names the field
 * or check that failed, the HTTP status and the provider's request id, and never a value of the response: zod
 * issues give paths and expectations, not the data received.
 */
export function badResponse(input: BadResponseInput): TobiraError {
  const problem = typeof input.problem === 'string' ? oneLine(input.problem) : describeIssues(input.problem);
  const requestId = validRequestId(input.requestId) ?? requestIdOf(input.headers);
  const params = {
    service: input.service,
    detail: `${input.what}: ${problem}`,
    status: input.status ?? '?',
    ...(requestId ? { requestId } : {}),
  };
  return new TobiraError(
    requestId ? 'provider.badResponse.withRequestId' : 'provider.badResponse',
    input.exitCode ?? ExitCode.unreachable,
    params,
  );
}

/** `path.to.field: what was expected` for the first few issues; `(body)` when the body itself is wrong. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map((part) => safePathPart(part)).join('.');
    return `${path || '(body)'}: ${oneLine(issue.message)}`;
  });
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** The provider's request id from the usual headers, if any. */
export function requestIdOf(headers: Headers | undefined): string | undefined {
  if (!headers) return undefined;
  for (const name of REQUEST_ID_HEADERS) {
    const value = validRequestId(headers.get(name) ?? undefined);
    if (value) return value;
  }
  return undefined;
}

function validRequestId(value: string | undefined): string | undefined {
  return value !== undefined && REQUEST_ID.test(value) ? value : undefined;
}

/** Record keys come from the response: shown only when they look like field names. */
function safePathPart(part: PropertyKey): string {
  if (typeof part === 'number') return String(part);
  const text = String(part);
  return /^[A-Za-z_][\w-]{0,63}$/.test(text) ? text : '<key>';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Status and headers of the last answer a client got, for checks that fail after the HTTP exchange itself. */
export interface LastResponse {
  status: number;
  headers: Headers;
}

/** A fetch (traced for --debug) that remembers the last answer, for openid-client's `customFetch`. */
export function rememberingFetch(): {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  last: () => LastResponse | undefined;
} {
  let last: LastResponse | undefined;
  return {
    fetch: async (url, init) => {
      const response = await tracedFetch(url, init);
      last = { status: response.status, headers: response.headers };
      return response;
    },
    last: () => last,
  };
}

/**
 * openid-client's own checks (an ID token without `nonce`, a non-JSON answer, a missing `token_type`, …): its code and
 * message name the check and never carry a value; the status is that of the answer checked.
 */
export function openIdBadResponse(
  service: string,
  what: string,
  error: unknown,
  last?: LastResponse,
): TobiraError {
  const record = error as { code?: unknown; cause?: unknown };
  const response = record.cause instanceof Response ? record.cause : undefined;
  const code = typeof record.code === 'string' ? record.code : undefined;
  const message = error instanceof Error ? error.message : '';
  // openid-client wraps oauth4webapi's error, whose message names the exact check (`JWT "nonce" claim missing`).
  const inner = record.cause instanceof Error && record.cause.message !== message ? record.cause.message : '';
  return badResponse({
    service,
    what,
    problem: [code, message, inner].filter(Boolean).join(': ') || 'unexpected answer',
    status: response?.status ?? last?.status,
    headers: response?.headers ?? last?.headers,
  });
}
