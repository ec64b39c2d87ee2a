import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isOwnPeer } from './net/peer-uid';

export interface ConsoleRedirect {
  /** http://127.0.0.1:PORT/NONCE – itself a credential while unused: hand it over through a launch file only. */
  url: string;
  /** 'served' after the first request for the nonce path, 'timeout' if none came in time. Closes the server. */
  done: Promise<'served' | 'timeout'>;
  /** Requests for the nonce refused because they came from another local user. */
  readonly refused: number;
  close(): void;
}

/**
 * A one-shot loopback redirect (docs/protocols/aws.md): the browser is given only a random local URL, and
 * the first GET of it answers 302 to the real sign-in URL, which so never shows up in a process list, shell history
 * or crash report. Other paths get 404, and a client of another uid (where the OS can tell) 403; neither consumes
 * the redirect. The server closes after the first hit or the timeout.
 */
export async function startConsoleRedirect(
  location: string,
  options: { timeoutMs?: number } = {},
): Promise<ConsoleRedirect> {
  const nonce = randomBytes(24).toString('base64url');
  let finish: (result: 'served' | 'timeout') => void = () => undefined;
  const done = new Promise<'served' | 'timeout'>((resolve) => (finish = resolve));
  let served = false;
  let refused = 0;
  const notFound = (res: ServerResponse) => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end('Not found\n');
  };
  const server = createServer((req, res) => void serve(req, res));
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (served || req.method !== 'GET' || req.url !== `/${nonce}`) return notFound(res);
    if (!(await isOwnPeer(req.socket))) {
      refused += 1;
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('Forbidden\n');
      return;
    }
    if (served) return notFound(res);
    served = true;
    res.writeHead(302, {
      location,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-length': '0',
      connection: 'close',
    });
    res.end(() => stop('served'));
  }
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
  return {
    url: `http://127.0.0.1:${port}/${nonce}`,
    done,
    get refused() {
      return refused;
    },
    close: () => stop('timeout'),
  };
}
