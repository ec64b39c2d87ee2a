import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConsoleRedirect {
  /** http://127.0.0.1:PORT/NONCE – safe to put in a browser's argv: it carries no token. */
  url: string;
  /** 'served' after the first request for the nonce path, 'timeout' if none came in time. Closes the server. */
  done: Promise<'served' | 'timeout'>;
  close(): void;
}

/**
 * A one-shot loopback redirect (specs/aws-federation.md §4.2): the browser is given only a random local URL, and
 * the first GET of it answers 302 to the real sign-in URL, which so never shows up in a process list, shell history
 * or crash report. Other paths get 404 and do not consume the redirect; the server closes after the first hit or
 * the timeout.
 */
export async function startConsoleRedirect(
  location: string,
  options: { timeoutMs?: number } = {},
): Promise<ConsoleRedirect> {
  const nonce = randomBytes(24).toString('base64url');
  let finish: (result: 'served' | 'timeout') => void = () => undefined;
  const done = new Promise<'served' | 'timeout'>((resolve) => (finish = resolve));
  let served = false;
  const server = createServer((req, res) => {
    if (served || req.method !== 'GET' || req.url !== `/${nonce}`) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('Not found\n');
      return;
    }
    served = true;
    res.writeHead(302, {
      location,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-length': '0',
      connection: 'close',
    });
    res.end(() => stop('served'));
  });
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs ?? 120_000);
  function stop(result: 'served' | 'timeout'): void {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
    finish(result);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/${nonce}`, done, close: () => stop('timeout') };
}
