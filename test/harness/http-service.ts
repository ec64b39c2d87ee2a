import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake service saw it; plain data, so tests can assert on it after the fact. */
export interface RecordedRequest {
  method: string;
  /** Path and query exactly as sent, e.g. "/v1/auth?x=1". */
  url: string;
  /** The path without the query, e.g. "/v1/auth". */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The whole body, decoded as UTF-8 ("" when there is none). */
  body: string;
}

/** What a handler gets: the recorded request plus the raw Node message for anything unusual. */
export interface ServiceRequest extends RecordedRequest {
  raw: IncomingMessage;
}

export type ServiceHandler = (req: ServiceRequest, res: ServerResponse) => void | Promise<void>;

export interface HttpServiceOptions {
  /** Loopback address to bind; 127.0.0.1 unless a test needs IPv6. */
  host?: string;
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
  /** Requests with a larger body are answered 413 without calling the handler. */
  maxBodyBytes?: number;
}

export interface HttpService {
  /** e.g. "http://127.0.0.1:40123", no trailing slash. */
  origin: string;
  port: number;
  /** Every request in arrival order, recorded before the handler runs. */
  requests: RecordedRequest[];
  /** Errors thrown by the handler; each was also answered 500. */
  errors: Error[];
  /** `origin + path`, for readability in tests. */
  url(path: string): string;
  /** Stops listening and destroys every open connection, keep-alive ones included. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Starts a fake HTTP service on a free loopback port; later fake clouds (SORACOM, AWS STS, ...) are built on it. */
export async function startHttpService(
  handler: ServiceHandler,
  options: HttpServiceOptions = {},
): Promise<HttpService> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const requests: RecordedRequest[] = [];
  const errors: Error[] = [];

  const server = createServer((raw, res) => {
    void (async () => {
      let body: string;
      try {
        body = await readBody(raw, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return json(res, 413, { error: error.message });
        // The client went away mid-body; there is nobody to answer.
        return;
      }
      const url = raw.url ?? '/';
      const parsed = new URL(url, 'http://fake.invalid');
      const recorded: RecordedRequest = {
        method: raw.method ?? 'GET',
        url,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: raw.headers,
        body,
      };
      requests.push(recorded);
      try {
        await handler({ ...recorded, raw }, res);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        errors.push(failure);
        if (!res.headersSent)
          json(res, 500, { error: 'fake service handler failed', message: failure.message });
        else res.destroy(failure);
      }
    })();
  });

  server.listen(options.port ?? 0, host);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]: unknown[]) => Promise.reject(error)),
  ]);
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    origin,
    port,
    requests,
    errors,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** Answers with a JSON body. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Answers with a text body (XML for AWS-style APIs, HTML, ...). */
export function text(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** The body parsed as JSON; throws (so the handler answers 500) when it is not JSON. */
export function jsonBody(req: RecordedRequest): unknown {
  return JSON.parse(req.body) as unknown;
}

/** The body parsed as application/x-www-form-urlencoded, e.g. AWS STS "Action=AssumeRole&...". */
export function formBody(req: RecordedRequest): URLSearchParams {
  return new URLSearchParams(req.body);
}

class BodyTooLargeError extends Error {}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Keeps draining past the limit: leaving the loop early would destroy the socket before the 413 is sent.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) throw new BodyTooLargeError(`request body over ${maxBytes} bytes`);
  return Buffer.concat(chunks).toString('utf8');
}
