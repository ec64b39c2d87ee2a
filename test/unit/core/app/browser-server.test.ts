import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiEvent } from '../../../../shared/ipc';
import { startBrowserServer, type BrowserServer, type Handlers } from '../../../../electron/core/app';

let server: BrowserServer;
let session: string;
let authorization: string;
const listeners = new Set<(event: UiEvent) => void>();
const dir = mkdtempSync(join(tmpdir(), 'tobira-ui-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(
  join(dir, 'index.html'),
  '<!doctype html><html><head><title>t</title></head><body></body></html>',
);
writeFileSync(join(dir, 'assets', 'a.js'), 'console.log(1)');

const handlers = {
  'app:info': async () => ({
    version: '0',
    home: '/h',
    lang: 'en',
    mode: 'browser',
    capabilities: { clipboard: false, startAtLogin: false, agent: true },
  }),
} as unknown as Handlers;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so Host and Origin can be anything (fetch would not let a test forge them). */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (headers: Record<string, string> = {}, body = '{}') =>
  send('/api/app:info', {
    method: 'POST',
    body,
    headers: { authorization, origin: server.origin, 'content-type': 'application/json', ...headers },
  });

beforeAll(async () => {
  server = await startBrowserServer({
    handlers,
    rendererDir: dir,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  let redeemed = false;
  void server.redeemed.then(() => (redeemed = true));
  const exchange = await redeem(new URL(server.url).searchParams.get('token') ?? '');
  expect(exchange.status).toBe(200);
  expect(exchange.headers['set-cookie']).toBeUndefined();
  session = (JSON.parse(exchange.body) as { session: string }).session;
  authorization = `Bearer ${session}`;
  await Promise.resolve();
  expect(redeemed).toBe(true);
});

const redeem = (token: string) =>
  send('/auth/session', {
    method: 'POST',
    headers: { origin: server.origin, 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
afterAll(() => server.close());

describe('browser mode server', () => {
  it('serves the renderer (no secret in it) with the bridge marker and strict headers', async () => {
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<meta name="tobira-bridge" content="http" />');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect((await send('/assets/a.js')).status).toBe(200);
    expect((await send('/../../etc/passwd')).status).toBe(404);
  });

  it('the token works only once', async () => {
    expect((await redeem(new URL(server.url).searchParams.get('token') ?? '')).status).toBe(401);
  });

  it('reads nothing without the session header: no header, a wrong one, or the secret sent as a cookie', async () => {
    expect((await api({ authorization: '' })).status).toBe(401);
    expect((await api({ authorization: `Bearer ${'0'.repeat(64)}` })).status).toBe(401);
    expect((await api({ authorization: session })).status).toBe(401);
    expect((await api({ authorization: '', cookie: `tobira_ui=${session}` })).status).toBe(401);
  });

  it('answers the contract over POST with an envelope', async () => {
    const reply = await api();
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { mode: 'browser' } });
    expect(JSON.parse((await api({}, '{"x":1}')).body)).toMatchObject({
      ok: false,
      error: { key: 'ui.error.badRequest' },
    });
  });

  it('refuses DNS rebinding (foreign Host), cross-origin and cross-site calls, form posts and unknown channels', async () => {
    expect((await api({ host: 'attacker.example:80' })).status).toBe(421);
    expect((await api({ origin: 'http://attacker.example' })).status).toBe(403);
    expect((await api({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await api({ 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect(
      (
        await send('/api/app:info', {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(403);
    expect((await api({ authorization: 'Bearer guess' })).status).toBe(401);
    expect(
      (
        await send('/api/fs:read', {
          method: 'POST',
          headers: { authorization, origin: server.origin, 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(404);
  });

  it('streams events to the page', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/events',
          headers: { host: `127.0.0.1:${server.port}`, authorization },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
            if (body.includes('data: ')) {
              req.destroy();
              resolve(body);
            }
          });
          setTimeout(() => {
            for (const listener of listeners) listener({ kind: 'changed', topics: ['profiles'] });
          }, 20);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(text).toContain('data: {"kind":"changed","topics":["profiles"]}');
  });
});
