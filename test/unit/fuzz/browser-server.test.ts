import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer, type Handlers } from '../../../electron/core/app';
import { rawRequest, requestHead } from './http-raw';
import { fuzz, nastyJson, nastyString, recordCasesOf } from './support';

recordCasesOf(import.meta.filename);

const OUTSIDE_CANARY = 'outside-the-renderer-canary-7f3a9c';
const root = mkdtempSync(join(tmpdir(), 'tobira-fuzz-ui-'));
const rendererDir = join(root, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(
  join(rendererDir, 'index.html'),
  '<!doctype html><html><head><title>t</title></head><body></body></html>',
);
writeFileSync(join(rendererDir, 'assets', 'a.js'), 'console.log(1)');
// A file next to the renderer folder: no request may ever read it.
writeFileSync(join(root, 'secret.txt'), OUTSIDE_CANARY);
writeFileSync(join(root, 'renderer-secret.txt'), OUTSIDE_CANARY);

const handlers = {
  'app:info': async () => ({
    version: '0',
    home: '/h',
    lang: 'en',
    mode: 'browser',
    capabilities: { clipboard: false, startAtLogin: false, agent: true },
  }),
} as unknown as Handlers;

let server: BrowserServer;
let session: string;
beforeAll(async () => {
  server = await startBrowserServer({ handlers, rendererDir, subscribe: () => () => undefined });
  const token = new URL(server.url).searchParams.get('token') ?? '';
  const answer = await rawRequest(
    server.port,
    requestHead(
      'POST',
      '/auth/session',
      [
        ['Host', `127.0.0.1:${server.port}`],
        ['Origin', server.origin],
        ['Content-Type', 'application/json'],
      ],
      JSON.stringify({ token }),
    ),
  );
  session = /"session":"([0-9a-f]{64})"/.exec(answer.text)?.[1] ?? '';
  expect(session).toMatch(/^[0-9a-f]{64}$/);
});
afterAll(() => server.close());

const paths = fc.oneof(
  fc.constantFrom(
    '/',
    '/index.html',
    '/assets/a.js',
    '/api/app:info',
    '/api/profiles:list',
    '/api/events',
    '/api/nope',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%2e%2e%2f%2e%2e%2frenderer-secret.txt',
    '/assets/%00',
    '/%zz',
    'http://[',
    '*',
    '/?token=',
    '/?token=deadbeef',
    '/auth/session',
  ),
  nastyString(40).map((text) => `/${text.replace(/ /g, '%20')}`),
  fc
    .array(fc.constantFrom('..', '.', '%2e%2e', 'assets', 'secret.txt', '%2f', '', 'index.html'), {
      maxLength: 6,
    })
    .map((parts) => `/${parts.join('/')}`),
);

const request = () =>
  fc.record({
    method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE'),
    path: paths,
    host: fc.constantFrom('ours', 'ours', 'localhost', 'evil.example', 'none', '127.0.0.1', '[::1]'),
    origin: fc.constantFrom('none', 'none', 'ours', 'evil', 'null'),
    auth: fc.constantFrom('valid', 'valid', 'none', 'wrong', 'prefixed', 'cookie'),
    site: fc.constantFrom(undefined, 'same-origin', 'cross-site', 'none'),
    type: fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/json; charset=utf-8'),
    body: fc.oneof(
      nastyJson.map((value) => JSON.stringify(value) ?? ''),
      nastyString(40),
      fc.constant(''),
    ),
  });

describe('browser mode HTTP server (fuzz)', () => {
  it('every random request is answered; without the session header, Host and Origin no API answer; nothing outside the renderer is served', async () => {
    await fuzz(
      'app: browser-mode HTTP request',
      request(),
      async (r) => {
        const ours = `127.0.0.1:${server.port}`;
        const host =
          r.host === 'ours'
            ? ours
            : r.host === 'localhost'
              ? `localhost:${server.port}`
              : r.host === 'none'
                ? undefined
                : r.host;
        const headers: [string, string][] = [];
        if (host !== undefined) headers.push(['Host', host]);
        if (r.origin !== 'none')
          headers.push([
            'Origin',
            r.origin === 'ours'
              ? `http://${host ?? ours}`
              : r.origin === 'evil'
                ? 'http://evil.example'
                : 'null',
          ]);
        const authValue =
          r.auth === 'valid'
            ? `Bearer ${session}`
            : r.auth === 'wrong'
              ? `Bearer ${'0'.repeat(64)}`
              : r.auth === 'prefixed'
                ? `Bearer x${session}`
                : undefined;
        if (authValue !== undefined) headers.push(['Authorization', authValue]);
        // The secret as a cookie (what a browser would attach to any 127.0.0.1 port by itself) counts for nothing.
        if (r.auth === 'cookie') headers.push(['Cookie', `tobira_ui=${session}`]);
        if (r.site !== undefined) headers.push(['Sec-Fetch-Site', r.site]);
        if (r.type !== undefined) headers.push(['Content-Type', r.type]);
        if (r.path === '/api/events' && r.method === 'GET') return; // a stream that stays open by design
        const answer = await rawRequest(
          server.port,
          requestHead(r.method, r.path, headers, r.method === 'GET' ? '' : r.body),
        );
        expect(answer.status, answer.text.slice(0, 300)).toBeDefined();
        const status = answer.status as number;
        expect(status, answer.text.slice(0, 300)).not.toBe(500);
        expect(answer.text).not.toContain(OUTSIDE_CANARY);
        const authorised = r.auth === 'valid';
        const rightHost = host === ours || host === `localhost:${server.port}`;
        if (!rightHost) expect([400, 421]).toContain(status);
        // 400: Node's parser refused the request line before the server saw it.
        if (rightHost && r.origin !== 'none' && r.origin !== 'ours') expect([400, 403]).toContain(status);
        // The one-time token was redeemed before: no request gets a session; the API answers only the header.
        const path = r.path.split('?')[0] ?? '';
        if (status >= 200 && status < 300) {
          expect(rightHost).toBe(true);
          expect(path).not.toBe('/auth/session');
          if (path.startsWith('/api/')) expect(authorised).toBe(true);
          else expect(['GET', 'HEAD']).toContain(r.method);
        }
        if (/^HTTP\/1\.1 2/.test(answer.text)) {
          expect(answer.text).toMatch(/content-security-policy: default-src 'none'/i);
        }
      },
      {
        numRuns: 400,
        examples: [
          // Found by this fuzzer: an absolute-form target that is no URL ended in the catch-all 500 "internal error".
          {
            method: 'GET',
            path: 'http://[',
            host: 'ours',
            origin: 'none',
            auth: 'valid',
            site: undefined,
            type: undefined,
            body: '',
          },
        ],
      },
    );
  });
});
