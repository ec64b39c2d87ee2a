import { redactBody, redactHeaders, redactUrl } from './redact';
export { redactBody, redactHeaders, redactJson, redactUrl, redactXml, redacted } from './redact';

/**
 * `--debug` / `TOBIRA_DEBUG=1`: what Tobira sends and receives, APDU summaries, store and lock decisions, one line
 * each on stderr. Off (no sink) costs one check per call. Every value that could carry a secret goes through
 * ./redact.ts, which shows only allow-listed fields.
 */
export type DebugSink = (line: string) => void;

let sink: DebugSink | undefined;

export function setDebugSink(next: DebugSink | undefined): void {
  sink = next;
}

export function debugEnabled(): boolean {
  return sink !== undefined;
}

/** One debug line, e.g. `debug('store', 'chose keychain')`. `text` must already be free of secrets. */
export function debug(area: string, text: string): void {
  sink?.(`tobira debug [${area}] ${text}`);
}

/** Elapsed ms since `started` (performance.now()), rounded for reading. */
export function msSince(started: number): string {
  return `${Math.round(performance.now() - started)} ms`;
}

export interface TracedRequest {
  method: string;
  url: string;
  headers: Iterable<[string, string]>;
  /** The body as sent, when it is text. */
  body?: string | undefined;
}

export function traceRequest(request: TracedRequest): void {
  if (!sink) return;
  const headers = redactHeaders(request.headers);
  debug('http', `→ ${request.method} ${redactUrl(request.url)}`);
  debug('http', `  headers ${JSON.stringify(headers)}`);
  if (request.body) debug('http', `  body ${redactBody(request.body, headers['content-type'] ?? '', false)}`);
}

export function traceResponse(
  request: Pick<TracedRequest, 'method' | 'url'>,
  started: number,
  response: { status: number; headers: Iterable<[string, string]>; body?: string | undefined },
): void {
  if (!sink) return;
  const headers = redactHeaders(response.headers);
  debug('http', `← ${response.status} ${request.method} ${redactUrl(request.url)} (${msSince(started)})`);
  debug('http', `  headers ${JSON.stringify(headers)}`);
  if (response.body) {
    debug(
      'http',
      `  body ${redactBody(response.body, headers['content-type'] ?? '', response.status >= 400)}`,
    );
  }
}

export function traceFailure(
  request: Pick<TracedRequest, 'method' | 'url'>,
  started: number,
  error: unknown,
): void {
  if (!sink) return;
  const name = error instanceof Error ? error.name : 'Error';
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  // The code or error name only: messages may quote the URL, query included.
  const problem = cause?.code ?? (cause instanceof Error ? cause.name : name);
  debug('http', `✗ ${request.method} ${redactUrl(request.url)} (${msSince(started)}): ${problem}`);
}

type FetchInput = string | URL | Request;

/**
 * `fetch` that, with debug on, logs the request and the response (redacted). With debug off it is plain fetch.
 * Every HTTP exchange of core goes through it (http.ts, idp-server, Auth0, openid-client's customFetch).
 */
export async function tracedFetch(input: FetchInput, init: RequestInit = {}): Promise<Response> {
  if (!sink) return fetch(input, init);
  const url = input instanceof Request ? input.url : String(input);
  const method = init.method ?? (input instanceof Request ? input.method : 'GET');
  traceRequest({
    method,
    url,
    headers: new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined)),
    body: bodyText(init.body),
  });
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(input, init);
  } catch (error) {
    traceFailure({ method, url }, started, error);
    throw error;
  }
  const text = await response
    .clone()
    .text()
    .catch(() => '');
  traceResponse({ method, url }, started, { status: response.status, headers: response.headers, body: text });
  return response;
}

function bodyText(body: RequestInit['body']): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return '<stream>';
}
