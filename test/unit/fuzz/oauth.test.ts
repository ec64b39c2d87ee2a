import { createServer } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listenLoopback } from '../../../electron/core/oauth';
import { rawRequest, requestHead } from './http-raw';
import { assertCleanError, fuzz, nastyString, recordCasesOf } from './support';

recordCasesOf(import.meta.filename);

const STATE = 'st4te-0123456789abcdefghijklmnopqrstuvwxyz';
const PATH = '/cli/callback';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const paramValue = fc.oneof(
  nastyString(20),
  fc.constantFrom(STATE, `${STATE}x`, STATE.slice(1), STATE.toUpperCase(), 'abc'),
);
const query = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom('state', 'code', 'error', 'error_description', 'iss', 'State', 'state[]', 'code '),
          nastyString(8),
        ),
        paramValue,
        fc.boolean(),
      ),
      { maxLength: 5 },
    ),
    fc.constantFrom('&', '&', ';', '&&'),
  )
  .map(([pairs, separator]) =>
    pairs
      .map(([key, value, encode]) => {
        if (!encode) return `${key}=${value}`;
        try {
          return `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
        } catch {
          return `${key}=${value}`;
        }
      })
      .join(separator),
  );

const request = (port: number) =>
  fc.record({
    method: fc.constantFrom('GET', 'GET', 'GET', 'POST', 'HEAD', 'OPTIONS', 'get', 'CONNECT', 'X'),
    target: fc.oneof(
      {
        arbitrary: fc
          .tuple(
            fc.constantFrom(
              PATH,
              `${PATH}/`,
              '/CLI/callback',
              '/cli/./callback',
              '/',
              '//x',
              '/cli/callback%00',
            ),
            query,
          )
          .map(([path, q]) => `${path}?${q}`),
        weight: 8,
      },
      { arbitrary: query.map((q) => `http://127.0.0.1:${port}${PATH}?${q}`), weight: 1 },
      {
        arbitrary: fc.constantFrom(
          'http://[',
          'http://[/cli/callback',
          '*',
          '%',
          '/%zz',
          'http://evil.example/cli/callback',
          '\u00ff',
        ),
        weight: 2,
      },
      { arbitrary: nastyString(60).map((text) => text.replace(/ /g, '')), weight: 2 },
    ),
    host: fc.oneof(
      fc.constantFrom(
        `127.0.0.1:${port}`,
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        '127.0.0.1',
        `evil.example:${port}`,
        '',
      ),
      nastyString(20),
    ),
    extra: fc.array(
      fc.tuple(
        fc.constantFrom('Origin', 'Referer', 'Cookie', 'X-Forwarded-Host', 'Transfer-Encoding'),
        nastyString(20),
      ),
      {
        maxLength: 2,
      },
    ),
  });

describe('OAuth loopback redirect server over real HTTP (fuzz)', () => {
  it('random callbacks always get an answer, never end the wait unless they carry the state, and the genuine one still works', async () => {
    const port = await freePort();
    await fuzz(
      'oauth: loopback callback query',
      fc.array(request(port), { minLength: 1, maxLength: 3 }),
      async (requests) => {
        const server = await listenLoopback({ ports: [port], path: PATH, expectedState: STATE, lang: 'ja' });
        let ended: URL | undefined;
        const waiting = server.waitForCallback({ timeoutMs: 10_000 }).then((url) => (ended = url));
        try {
          for (const { method, target, host, extra } of requests) {
            if (server.closed) break;
            const headers: [string, string][] = host === '' ? [] : [['Host', host]];
            const answer = await rawRequest(port, requestHead(method, target, [...headers, ...extra]));
            // Node's parser answers malformed requests itself (400); every request gets some answer, except CONNECT,
            // whose connection Node closes at once when nobody listens for tunnels.
            if (method !== 'CONNECT') expect(answer.status, answer.text.slice(0, 200)).toBeDefined();
            await new Promise((resolve) => setImmediate(resolve));
            if (ended === undefined) continue;
            // The wait ended: that request carried the state, a code or an error, our path and our Host.
            expect(target).toContain(STATE);
            expect(host).toBe(`127.0.0.1:${port}`);
            expect(answer.status).toBe(200);
            expect(ended.searchParams.get('state')).toBe(STATE);
            expect(ended.searchParams.has('code') || ended.searchParams.has('error')).toBe(true);
            expect(`${ended.origin}${ended.pathname}`).toBe(`http://127.0.0.1:${port}${PATH}`);
          }
          if (ended === undefined) {
            const genuine = await rawRequest(
              port,
              requestHead('GET', `${PATH}?code=c0de&state=${STATE}`, [['Host', `127.0.0.1:${port}`]]),
            );
            expect(genuine.status).toBe(200);
            expect((await waiting).searchParams.get('code')).toBe('c0de');
          }
        } finally {
          await server.close();
        }
      },
      {
        numRuns: 150,
        examples: [
          // Found by this fuzzer: an absolute-form target that is no URL made `new URL` throw inside the request
          // handler, an uncaught exception that killed the CLI waiting for the login.
          [{ method: 'GET', target: 'http://[', host: `127.0.0.1:${port}`, extra: [] }],
        ],
      },
    );
  });

  it('the wait ends with a clear oauth.timeout when only forged callbacks come', async () => {
    const port = await freePort();
    const server = await listenLoopback({ ports: [port], path: PATH, expectedState: STATE, lang: 'en' });
    const waiting = server.waitForCallback({ timeoutMs: 300 });
    await rawRequest(
      port,
      requestHead('GET', `${PATH}?code=x&state=forged`, [['Host', `127.0.0.1:${port}`]]),
    );
    const error = await waiting.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(assertCleanError(error).key).toBe('oauth.timeout');
  });
});
