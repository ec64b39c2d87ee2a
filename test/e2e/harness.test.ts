import { existsSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from '../harness/chromium';
import { json, jsonBody, startHttpService, type HttpService } from '../harness/http-service';
import { serveDirectory } from '../harness/static-server';
import { startXvfb, type XvfbServer } from '../harness/xvfb';

const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
const NO_BRIDGE = 'This page must be opened from the Tobira app or from tobira ui.';

interface RendererCheck {
  heading: string;
  alert: string;
  userAgent: string;
  problems: string[];
}

/** Opens the built renderer and reads what a user would see; `problems` collects page errors and console errors. */
async function openRenderer(browser: Browser, origin: string, shot: string): Promise<RendererCheck> {
  const page = await browser.newPage({ locale: 'en-US', viewport: { width: 800, height: 500 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // HTTP failures are reported (with their URL) by the response listener below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()}`));
  page.on('response', (response) => {
    // Chromium asks for /favicon.ico on its own; the renderer has none.
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') {
      problems.push(`http ${response.status()}: ${response.url()}`);
    }
  });
  try {
    const response = await page.goto(`${origin}/`);
    expect(response?.status()).toBe(200);
    const heading = page.getByRole('heading', { level: 1 });
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 10_000 });
    const path = screenshotPath(shot);
    rmSync(path, { force: true });
    await page.screenshot({ path });
    expect(statSync(path).size).toBeGreaterThan(1000);
    return {
      heading: ((await heading.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
      alert: (await alert.textContent()) ?? '',
      userAgent: String(await page.evaluate('navigator.userAgent')),
      problems,
    };
  } finally {
    await page.close();
  }
}

describe('browser harness', () => {
  let site: HttpService;

  beforeAll(async () => {
    if (!existsSync(`${RENDERER_DIR}index.html`)) {
      throw new Error(`${RENDERER_DIR}index.html is missing: run \`npm run build\` before the e2e tests.`);
    }
    site = await serveDirectory(RENDERER_DIR);
  });

  afterAll(async () => {
    await site?.close();
  });

  it('headless Chromium renders the built renderer with the no-bridge alert', async () => {
    const browser = await launchChromium();
    try {
      const seen = await openRenderer(browser, site.origin, 'e2e-harness-headless');
      expect(seen.heading).toBe('扉 Tobira');
      expect(seen.alert).toBe(NO_BRIDGE);
      expect(seen.userAgent).toContain('HeadlessChrome/');
      expect(seen.problems).toEqual([]);
    } finally {
      await browser.close();
    }
    expect(site.requests.map((req) => req.path)).toContain('/');
    expect(site.requests.some((req) => /^\/assets\/index-.*\.js$/.test(req.path))).toBe(true);
  });

  it('headful Chromium under Xvfb renders the same page', async () => {
    let xvfb: XvfbServer | undefined;
    let browser: Browser | undefined;
    try {
      xvfb = await startXvfb();
      expect(xvfb.display).toMatch(/^:\d+$/);
      browser = await launchChromium({ headful: true, display: xvfb.display });
      const seen = await openRenderer(browser, site.origin, 'e2e-harness-headful-xvfb');
      expect(seen.heading).toBe('扉 Tobira');
      expect(seen.alert).toBe(NO_BRIDGE);
      // A headful build reports a plain Chrome UA: the window really went to the X server.
      expect(seen.userAgent).toContain('Chrome/');
      expect(seen.userAgent).not.toContain('Headless');
      expect(seen.problems).toEqual([]);
    } finally {
      await browser?.close();
      await xvfb?.stop();
    }
    const socket = `/tmp/.X11-unix/X${xvfb.display.slice(1)}`;
    expect(existsSync(socket)).toBe(false);
  });

  it('headful launch without a display fails fast with a clear message', async () => {
    const saved = process.env.DISPLAY;
    delete process.env.DISPLAY;
    try {
      await expect(launchChromium({ headful: true })).rejects.toThrow(/needs an X display/);
    } finally {
      if (saved !== undefined) process.env.DISPLAY = saved;
    }
  });

  it('the static server refuses paths outside its folder', async () => {
    // fetch() would normalise "..", so send the raw path.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request({ host: '127.0.0.1', port: site.port, path: '/../../package.json' }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(404);
    expect((await fetch(site.url('/missing.js'))).status).toBe(404);
  });
});

describe('fake HTTP service', () => {
  it('records a POST body and answers JSON', async () => {
    const service = await startHttpService((req, res) => {
      if (req.method === 'POST' && req.path === '/v1/auth') {
        const body = jsonBody(req) as { email?: string };
        return json(res, 200, { apiKey: `key-for-${body.email ?? '?'}`, query: req.query.get('lang') });
      }
      json(res, 404, { error: 'not found' });
    });
    try {
      const response = await fetch(service.url('/v1/auth?lang=ja'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test': 'yes' },
        body: JSON.stringify({ email: 'a@example.com', password: 'p' }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await response.json()).toEqual({ apiKey: 'key-for-a@example.com', query: 'ja' });

      expect((await fetch(service.url('/nope'))).status).toBe(404);

      expect(service.requests).toHaveLength(2);
      const [first] = service.requests;
      expect(first?.method).toBe('POST');
      expect(first?.url).toBe('/v1/auth?lang=ja');
      expect(first?.path).toBe('/v1/auth');
      expect(first?.headers['content-type']).toBe('application/json');
      expect(first?.headers['x-test']).toBe('yes');
      expect(first?.body).toBe('{"email":"a@example.com","password":"p"}');
      expect(service.requests[1]).toMatchObject({ method: 'GET', path: '/nope', body: '' });
      expect(service.errors).toEqual([]);
    } finally {
      await service.close();
    }
    // close() must also end fetch's keep-alive connection, or this request would still be answered.
    await expect(fetch(service.url('/v1/auth'), { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('answers 500 and keeps the error when a handler throws', async () => {
    const service = await startHttpService(() => {
      throw new Error('boom');
    });
    try {
      const response = await fetch(service.url('/x'));
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'fake service handler failed', message: 'boom' });
      expect(service.errors.map((error) => error.message)).toEqual(['boom']);
    } finally {
      await service.close();
    }
  });

  it('close() returns promptly with an idle keep-alive connection open', async () => {
    const service = await startHttpService((_req, res) => json(res, 200, { ok: true }));
    const response = await fetch(service.url('/'));
    expect(await response.json()).toEqual({ ok: true });
    const started = Date.now();
    await service.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
