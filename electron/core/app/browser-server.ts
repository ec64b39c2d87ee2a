import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import { UiEvent } from '../../../shared/ipc';
import { isOwnPeer } from '../net/peer-uid';
import { dispatch, isChannel, type Handlers } from './handlers';

/** Browser mode serves the renderer under the Electron window's policy. */
export const BROWSER_CSP = CONTENT_SECURITY_POLICY;

const MAX_BODY = 64 * 1024;
/** Marks the page as served by browser mode, so the renderer talks to the HTTP bridge. */
export const BRIDGE_META = '<meta name="tobira-bridge" content="http" />';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

export interface BrowserServerOptions {
  handlers: Handlers;
  /** out/renderer of the build. */
  rendererDir: string;
  /** Pushed events (service.onEvent); returns its unsubscribe. */
  subscribe(listener: (event: UiEvent) => void): () => void;
  port?: number;
}

export interface BrowserServer {
  /** The URL to open once: it carries the one-time token. */
  url: string;
  origin: string;
  port: number;
  /** Resolves when the page redeemed the one-time token (the launch file may go then). */
  redeemed: Promise<void>;
  close(): Promise<void>;
}

/** Where the page exchanges the one-time token for its session secret (outside /api/: not an IPC channel). */
export const SESSION_PATH = '/auth/session';
/** The header every API request carries the session secret in (a browser attaches no header by itself). */
export const SESSION_HEADER = 'authorization';

/**
 * Browser mode (`tobira ui`): the built renderer and the IPC contract over HTTP on 127.0.0.1 only.
 * - The printed URL carries a one-time token. The page posts it to SESSION_PATH (from a process of our own uid,
 *   where the OS can tell) and gets a session secret it keeps in sessionStorage (per origin, port included) and
 *   sends as `Authorization: Bearer …` on every API call. No cookie: a browser sends cookies for 127.0.0.1 to every
 *   port, so a page served by another local user on another port would carry it.
 * - Every request's Host must be this loopback origin (DNS rebinding), and any Origin / Sec-Fetch-Site must be ours
 *   (cross-site requests); API calls also need a JSON content type, which a plain HTML form cannot send.
 * - No CORS headers at all, a strict CSP, no caching, no framing. The static files hold no secret and need no session.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const base = resolve(options.rendererDir);
  let oneTimeToken: string | undefined = randomBytes(24).toString('hex');
  const sessionToken = randomBytes(32).toString('hex');
  const streams = new Set<ServerResponse>();
  let port = 0;
  let markRedeemed: () => void = () => undefined;
  const redeemed = new Promise<void>((done) => (markRedeemed = done));

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });

  const hosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (!hosts().has(host)) return send(res, 421, 'text/plain; charset=utf-8', 'wrong host\n');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) {
      return send(res, 403, 'text/plain; charset=utf-8', 'cross-origin request refused\n');
    }
    const site = req.headers['sec-fetch-site'];
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
    } catch {
      // An absolute-form target that is no URL ("http://[") is the client's mistake, not an internal error.
      return send(res, 400, 'text/plain; charset=utf-8', 'bad request\n');
    }

    const api = url.pathname.startsWith('/api/');
    if (api || url.pathname === SESSION_PATH) {
      if (site !== undefined && site !== 'same-origin') {
        return send(res, 403, 'text/plain; charset=utf-8', 'cross-site request refused\n');
      }
    }
    if (url.pathname === SESSION_PATH) return redeem(req, res, origin);
    if (api) {
      if (!authorised(req)) return send(res, 401, 'text/plain; charset=utf-8', 'session required\n');
      if (url.pathname === '/api/events' && req.method === 'GET') return events(res);
      const channel = url.pathname.slice('/api/'.length);
      if (req.method !== 'POST' || !isChannel(channel))
        return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      if (origin === undefined) return send(res, 403, 'text/plain; charset=utf-8', 'origin required\n');
      if (!isJson(req)) return send(res, 415, 'text/plain; charset=utf-8', 'application/json required\n');
      let raw: unknown;
      try {
        raw = JSON.parse(await body(req));
      } catch {
        return send(res, 400, 'text/plain; charset=utf-8', 'bad request\n');
      }
      const envelope = await dispatch(options.handlers, channel, raw);
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(envelope));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    return serveFile(req, res, url.pathname);
  }

  /** POST {"token"} → {"session"}, once, and only to a client of our own uid (another one does not use it up). */
  async function redeem(
    req: IncomingMessage,
    res: ServerResponse,
    origin: string | undefined,
  ): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    if (origin === undefined) return send(res, 403, 'text/plain; charset=utf-8', 'origin required\n');
    if (!isJson(req)) return send(res, 415, 'text/plain; charset=utf-8', 'application/json required\n');
    let given: unknown;
    try {
      given = (JSON.parse(await body(req)) as { token?: unknown } | null)?.token;
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'bad request\n');
    }
    if (!(await isOwnPeer(req.socket))) {
      return send(res, 403, 'text/plain; charset=utf-8', "another user's connection refused\n");
    }
    if (typeof given !== 'string' || oneTimeToken === undefined || !same(given, oneTimeToken)) {
      return send(res, 401, 'application/json; charset=utf-8', JSON.stringify({ error: 'used' }));
    }
    oneTimeToken = undefined;
    markRedeemed();
    return send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ session: sessionToken }));
  }

  function authorised(req: IncomingMessage): boolean {
    const match = /^Bearer ([0-9a-f]{64})$/.exec(req.headers[SESSION_HEADER] ?? '');
    return match !== null && same(match[1] ?? '', sessionToken);
  }

  function events(res: ServerResponse): void {
    res.writeHead(200, {
      ...securityHeaders(),
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.subscribe((event) =>
      res.write(`data: ${JSON.stringify(UiEvent.parse(event))}\n\n`),
    );
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const file = await resolveFile(base, path === '/' ? '/index.html' : path);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    let content: Buffer = await readFile(file);
    if (extname(file) === '.html') {
      content = Buffer.from(content.toString('utf8').replace('<head>', `<head>\n    ${BRIDGE_META}`));
    }
    res.writeHead(200, {
      ...securityHeaders(),
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': content.length,
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;
  const originUrl = `http://127.0.0.1:${port}`;
  return {
    url: `${originUrl}/?token=${oneTimeToken}`,
    origin: originUrl,
    port,
    redeemed,
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const stream of streams) stream.destroy();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': BROWSER_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { ...securityHeaders(), 'content-type': type });
  res.end(text);
}

function isJson(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').startsWith('application/json');
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      }
    });
    req.on('end', () => resolvePromise(text));
    req.on('error', reject);
  });
}

async function resolveFile(base: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const candidate = resolve(join(base, decoded));
  const inside = relative(base, candidate);
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) return undefined;
  try {
    return (await stat(candidate)).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}
