import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { startHttpService, type HttpService } from '../../../harness/http-service';
import { launchTarget } from '../../../harness/launch-target.mjs';

export const SHIM_PATH = fileURLToPath(new URL('./browser-shim.mjs', import.meta.url));

/** What the "user" does in the browser when tobira opens it. */
export type BrowserMode =
  | { kind: 'allow'; login?: string }
  | { kind: 'deny' }
  /** Does nothing: the user walked away (timeout tests). */
  | { kind: 'ignore' }
  /** Before consenting, a forged callback with a wrong state hits the loopback server. */
  | { kind: 'forge-then-allow' };

export interface BrowserVisit {
  /** What the browser was given: the launch file's file:// URL. */
  url: string;
  /** Where the launch file forwards to (the authorization URL). */
  target: string;
  /** The text of the loopback server's page the browser ended on. */
  finalText?: string;
  /** HTTP status of the forged callback (forge-then-allow). */
  forgedStatus?: number;
  error?: string;
}

export interface BrowserDriver {
  /** TOBIRA_BROWSER value: node + the shim + this driver's receiver URL. */
  command: string;
  /** Every URL tobira asked to open (the argv of the browser command): launch files only. */
  opened: string[];
  /** Where each of them forwards to, read from the launch file when it arrived. */
  targets: string[];
  visits: BrowserVisit[];
  mode: BrowserMode;
  /** Resolves once every visit started so far has finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Receives the URLs tobira opens (through browser-shim.mjs) and performs the sign-in in headless Chromium, in a
 * fresh browser context each time, with every request off the loopback blocked (no network here anyway).
 */
export async function startBrowserDriver(browser: Browser): Promise<BrowserDriver> {
  const opened: string[] = [];
  const targets: string[] = [];
  const visits: BrowserVisit[] = [];
  const running: Array<Promise<void>> = [];
  const driver: BrowserDriver = {
    command: '',
    opened,
    targets,
    visits,
    mode: { kind: 'allow' },
    settled: async () => {
      await Promise.all(running);
    },
    close: async () => {
      await Promise.all(running);
      await receiver.close();
    },
  };

  const receiver: HttpService = await startHttpService((req, res) => {
    opened.push(req.body);
    // Not a launch file (an older tobira put the URL itself on the command line): the tests that check `opened` say so.
    const target = req.body.startsWith('file:') ? launchTarget(req.body) : req.body;
    targets.push(target);
    res.writeHead(204).end();
    const visit: BrowserVisit = { url: req.body, target };
    visits.push(visit);
    running.push(
      drive(browser, visit, driver.mode).catch((error: unknown) => {
        visit.error = error instanceof Error ? error.message : String(error);
      }),
    );
  });
  driver.command = `${process.execPath} ${SHIM_PATH} ${receiver.url('/open')}`;
  return driver;
}

async function drive(browser: Browser, visit: BrowserVisit, mode: BrowserMode): Promise<void> {
  if (mode.kind === 'ignore') return;
  const context = await browser.newContext({ locale: 'en-US' });
  try {
    // The launch file (file://) forwards to the sign-in; anything off the loopback is blocked.
    await context.route(
      (url) => url.protocol !== 'file:' && url.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(visit.url);
    await page.fill('input[name="login"]', mode.kind === 'allow' && mode.login ? mode.login : 'alice');
    await page.fill('input[name="password"]', 'any password');
    await page.click('button[type="submit"]');
    await page.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });
    if (mode.kind === 'forge-then-allow') {
      const redirect = new URL(new URL(visit.target).searchParams.get('redirect_uri') ?? '');
      redirect.searchParams.set('code', 'forged-code');
      redirect.searchParams.set('state', 'forged-state');
      visit.forgedStatus = (await fetch(redirect)).status;
    }
    if (mode.kind === 'deny') await page.click('text=[ Cancel ]');
    else await page.click('button[type="submit"]');
    await page.waitForURL(/\/cli\/callback\?/);
    visit.finalText = (await page.locator('main').innerText()).replace(/\s+/g, ' ').trim();
  } finally {
    await context.close();
  }
}

/**
 * The SSH case: the user signs in on a browser that cannot reach tobira's machine. The redirect to 127.0.0.1 is
 * caught (as "this site can't be reached" would leave it in the address bar) and its address returned for pasting.
 */
export async function signInAndCaptureRedirect(browser: Browser, url: string): Promise<string> {
  const context = await browser.newContext({ locale: 'en-US' });
  try {
    let captured = '';
    await context.route(
      (target) => target.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    await context.route(
      (target) => target.pathname === '/cli/callback',
      async (route) => {
        captured = route.request().url();
        await route.abort('connectionrefused');
      },
    );
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(url);
    await page.fill('input[name="login"]', 'alice');
    await page.fill('input[name="password"]', 'any password');
    await page.click('button[type="submit"]');
    await page.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });
    await page.click('button[type="submit"]').catch(() => undefined);
    for (let waited = 0; captured === '' && waited < 10_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return captured;
  } finally {
    await context.close();
  }
}
