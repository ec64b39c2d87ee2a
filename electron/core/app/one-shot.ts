import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * Hands a secret-bearing URL (a console sign-in link) to the browser without putting it in any process's argv: the
 * browser is opened on a loopback URL with a random path, answered once with a redirect, then the server closes.
 */
export async function openViaOneShotRedirect(
  target: string,
  open: (url: string) => Promise<void>,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const path = `/${randomBytes(16).toString('hex')}`;
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== path) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(303, { location: target, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    res.end();
    server.close();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const timer = setTimeout(() => server.close(), options.timeoutMs ?? 60_000);
  server.once('close', () => clearTimeout(timer));
  timer.unref();
  const { port } = server.address() as { port: number };
  try {
    await open(`http://127.0.0.1:${port}${path}`);
  } catch (error) {
    server.close();
    throw error;
  }
}
