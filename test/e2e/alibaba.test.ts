import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, tempHome } from '../harness/cli';
import { waitFor } from '../harness/wait';
import { startFakeAlibaba, type FakeAlibaba } from '../fakes/alibaba';
import { addProfile, openProfile, shot, startUi, type UiSession } from './helpers';

// Alibaba Cloud's OAuth login (PKCE + loopback redirect) in the UI, against oidc-provider, in browser mode: the page
// opens the sign-in page in a new tab of its own browser (never TOBIRA_BROWSER / xdg-open on the serving machine),
// the "waiting for the browser" state and its Cancel, which really ends the login (the loopback port closes), and a
// sign-in in that tab that comes back through the loopback redirect. (The pasted-redirect prompt, for a desktop app
// that cannot start a browser, is covered in test/unit/core/app/sessions.test.ts.)
let fake: FakeAlibaba;
let session: UiSession;
let browserPath: string;
/** Written by the TOBIRA_BROWSER script, which browser mode must never start. */
let launched: string;
// Below the ephemeral range (32768+) and apart from the integration tests' 20000–31999.
const ports = Array.from({ length: 3 }, (_, index) => 15_000 + ((process.pid * 7) % 2990) + index);

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** The "browser": records the URL it was given and does nothing else (the person has not signed in yet). */
function installBrowser(): void {
  writeFileSync(
    browserPath,
    `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(launched)}, process.argv.at(-1));\n`,
  );
  chmodSync(browserPath, 0o755);
}

beforeAll(async () => {
  fake = await startFakeAlibaba({ allowedPorts: ports });
  const home = tempHome('tobira-e2e-alibaba-');
  browserPath = join(dirname(home), 'browser.cjs');
  launched = join(dirname(home), 'opened.txt');
  installBrowser();
  session = await startUi(home, {
    ...FILE_STORE_ENV,
    HOME: dirname(home),
    TOBIRA_ENDPOINT_ALIBABA_SIGNIN: fake.origin,
    TOBIRA_ENDPOINT_ALIBABA_OAUTH: fake.origin,
    TOBIRA_OAUTH_PORTS: `${ports[0]}-${ports[2]}`,
    TOBIRA_OAUTH_TIMEOUT_SECONDS: '60',
    TOBIRA_BROWSER: browserPath,
  });
  await addProfile(session.page, 'alibaba', 'ali', { site: 'cn', region: 'cn-hangzhou' });
}, 60_000);

afterAll(async () => {
  await session?.close();
  await fake?.close();
});

describe('Alibaba Cloud OAuth login in the UI (browser mode: the page opens the sign-in page in a new tab)', () => {
  it('opens the sign-in page in a tab of the page’s browser, shows "waiting", and Cancel closes the loopback port', async () => {
    const { page, context } = session;
    await openProfile(page, 'ali');
    const tab = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const status = page.locator('.activity');
    await status.getByText('Waiting for you to finish in the browser…').waitFor();
    const opened = await tab;
    // The tab shows the provider's sign-in; nothing was started on the serving machine.
    await opened.waitForLoadState();
    const link = status.getByRole('link', { name: 'Open it here' });
    const href = new URL((await link.getAttribute('href')) ?? '');
    expect(`${href.origin}${href.pathname}`).toBe(`${fake.origin}/oauth2/v1/auth`);
    expect(new URL(opened.url()).origin).toBe(fake.origin);
    expect(existsSync(launched)).toBe(false);
    const port = Number(new URL(href.searchParams.get('redirect_uri') ?? '').port);
    expect(ports).toContain(port);
    expect(await refuses(port)).toBe(false);
    await opened.close();
    await shot(page, 'app-oauth-waiting-en');

    await status.getByRole('button', { name: 'Cancel' }).click();
    await status.waitFor({ state: 'detached' });
    await waitFor(() => refuses(port), 5_000, `the loopback port ${port} is still open after Cancel`);
    expect(fake.grants).toEqual([]);
    expect(await page.locator('.detail .badge').first().textContent()).toContain('Signed out');
  });

  it('signing in in that tab comes back through the loopback redirect on the same machine and logs in', async () => {
    const { page, context } = session;
    const tab = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const opened = await tab;
    opened.setDefaultTimeout(15_000);
    await opened.fill('input[name="login"]', 'alice');
    await opened.fill('input[name="password"]', 'any password');
    await opened.click('button[type="submit"]');
    await opened.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });
    await opened.click('button[type="submit"]');
    await opened.waitForURL(/\/cli\/callback\?/);
    await page.getByText(/^Logged in ali as /).waitFor();
    expect(fake.grants).toEqual([{ grantType: 'authorization_code' }]);
    expect(fake.issuedSts).toHaveLength(1);
    expect(existsSync(launched)).toBe(false);
    await opened.close();
  });
});
