import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Lang } from '../../../shared/i18n';
import { ExitCode, TobiraError } from '../errors';
import { isOwnPeer } from '../net/peer-uid';
import { callbackPage, type PageKind } from './page';

/** RFC 8252 §7.3 / §8.3: the loopback IP literal, never "localhost", never another interface. */
export const LOOPBACK_HOST = '127.0.0.1';

export interface LoopbackOptions {
  /** Ports the authorization server accepts in the redirect URI, tried in order. */
  ports: readonly number[];
  /** The redirect URI's path, e.g. "/cli/callback". */
  path: string;
  /** The `state` sent in the authorization request; only a callback carrying it ends the wait. */
  expectedState: string;
  /** Language of the page the browser shows. */
  lang: Lang;
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A one-shot redirect receiver: bound on 127.0.0.1, answers one genuine callback, then closes. */
export interface LoopbackServer {
  port: number;
  redirectUri: string;
  /** The full callback URL (query included) of the first request with the right state; closes the server. */
  waitForCallback(options: WaitOptions): Promise<URL>;
  /** Closes the listener and every open connection; safe to call more than once. */
  close(): Promise<void>;
  /** True once the listening socket is closed. */
  readonly closed: boolean;
}

/** Constant-time comparison of two strings of any length (hashing first equalises the lengths). */
export function sameState(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** "12345–12349" for messages. */
export function portRange(ports: readonly number[]): string {
  if (ports.length === 0) return '-';
  const first = ports[0] as number;
  const last = ports[ports.length - 1] as number;
  return ports.length === 1 ? String(first) : `${first}–${last}`;
}

async function bind(server: Server, ports: readonly number[]): Promise<number> {
  for (const port of ports) {
    const outcome = await new Promise<'ok' | 'busy' | Error>((resolve) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        resolve(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? 'busy' : error);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve('ok');
      };
      server.once('error', onError);
      server.once('listening', onListening);
      // Binding directly (no probe-then-close) avoids the check-then-use race of the official CLI.
      server.listen({ port, host: LOOPBACK_HOST, exclusive: true });
    });
    // Port 0 asks the OS for a free one (IAM Identity Center accepts any loopback port): report the one it gave.
    if (outcome === 'ok') return (server.address() as AddressInfo).port;
    if (outcome instanceof Error) {
      throw new TobiraError('oauth.listenFailed', ExitCode.error, {
        detail: (outcome as NodeJS.ErrnoException).code ?? outcome.message,
      });
    }
  }
  throw new TobiraError('oauth.portsBusy', ExitCode.error, { range: portRange(ports) });
}

/** Starts listening on the first free port of `ports`; throws `oauth.portsBusy` when all are taken. */
export async function listenLoopback(options: LoopbackOptions): Promise<LoopbackServer> {
  let accepted: URL | undefined;
  let deliver: ((url: URL) => void) | undefined;
  let port = 0;

  const server = createServer((req, res) => void respond(req, res));

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const result = handle(req);
    if (result.kind !== 'accept') return answer(res, result.status, result.page, result.params);
    // A callback from another local user (who learnt the state, or signed in as themselves) is refused and the wait
    // goes on: taking it would store their account in this profile (login CSRF).
    if (!(await isOwnPeer(req.socket))) return answer(res, 403, 'forged');
    if (accepted) return answer(res, 410, 'used');
    accepted = result.url;
    const error = result.url.searchParams.get('error');
    answer(
      res,
      200,
      error ? 'error' : 'success',
      error ? { error, description: result.url.searchParams.get('error_description') ?? '' } : {},
    );
    deliver?.(result.url);
  }
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 1_000;

  type Handled =
    | { kind: 'accept'; url: URL }
    | {
        kind: 'refuse';
        status: number;
        page: PageKind | undefined;
        params?: Record<string, string>;
      };

  function handle(req: IncomingMessage): Handled {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}:${port}`);
    } catch {
      // An absolute-form target that is no URL ("http://["): thrown here it would be an uncaught exception.
      return { kind: 'refuse', status: 400, page: 'forged' };
    }
    if (req.method !== 'GET' || url.pathname !== options.path) {
      return { kind: 'refuse', status: 404, page: undefined };
    }
    // A page on another origin that learns the port (DNS rebinding) still cannot pass the Host check.
    if (req.headers.host !== `${LOOPBACK_HOST}:${port}`)
      return { kind: 'refuse', status: 400, page: 'forged' };
    if (accepted) return { kind: 'refuse', status: 410, page: 'used' };
    const state = url.searchParams.get('state');
    const hasOutcome = url.searchParams.has('code') || url.searchParams.has('error');
    // Forged, stale or malformed callbacks are refused and the wait goes on for the genuine one.
    if (state === null || !sameState(state, options.expectedState) || !hasOutcome) {
      return { kind: 'refuse', status: 400, page: 'forged' };
    }
    return { kind: 'accept', url: new URL(`http://${LOOPBACK_HOST}:${port}${options.path}${url.search}`) };
  }

  function answer(
    res: ServerResponse,
    status: number,
    page: PageKind | undefined,
    params: Record<string, string> = {},
  ): void {
    const body = page ? callbackPage(page, options.lang, params) : 'Not found\n';
    res.writeHead(status, {
      'content-type': page ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      ...(accepted ? { connection: 'close' } : {}),
    });
    res.end(body);
  }

  port = await bind(server, options.ports);
  const redirectUri = `http://${LOOPBACK_HOST}:${port}${options.path}`;

  let closing: Promise<void> | undefined;
  let isClosed = false;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => {
        isClosed = true;
        resolve();
      });
      // Give the page just sent a moment to flush, then drop whatever is left (keep-alive sockets included).
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 200).unref();
    });
    return closing;
  };

  return {
    port,
    redirectUri,
    get closed() {
      return isClosed;
    },
    close,
    waitForCallback({ timeoutMs, signal }) {
      return new Promise<URL>((resolve, reject) => {
        const finish = (outcome: () => void) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          deliver = undefined;
          void close().then(outcome);
        };
        const onAbort = () => finish(() => reject(new TobiraError('oauth.cancelled', ExitCode.error)));
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(
                new TobiraError('oauth.timeout', ExitCode.error, { seconds: Math.round(timeoutMs / 1000) }),
              ),
            ),
          timeoutMs,
        );
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        if (accepted) {
          const url = accepted;
          return finish(() => resolve(url));
        }
        deliver = (url) => finish(() => resolve(url));
      });
    },
  };
}
