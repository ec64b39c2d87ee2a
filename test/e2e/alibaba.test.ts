import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, tempHome } from '../harness/cli';
import { launchTarget } from '../harness/launch-target.mjs';
import { waitFor } from '../harness/wait';
import { startFakeAlibaba, type FakeAlibaba } from '../fakes/alibaba';
import { signInAndCaptureRedirect } from '../integration/providers/alibaba/browser-driver';
import { addProfile, openProfile, shot, startUi, type UiSession } from './helpers';

// Alibaba Cloud's OAuth login (PKCE + loopback redirect) in the UI, against oidc-provider: the "waiting for the
// browser" state and its Cancel, which really ends the login (the loopback port closes), and the pasted-redirect
// flow through the app's line prompt when no browser can be opened here.
let fake: FakeAlibaba;
let session: UiSession;
let browserPath: string;
let opened: string;
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
    `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(opened)}, process.argv.at(-1));\n`,
  );
  chmodSync(browserPath, 0o755);
}

beforeAll(async () => {
  fake = await startFakeAlibaba({ allowedPorts: ports });
  const home = tempHome('tobira-e2e-alibaba-');
  browserPath = join(dirname(home), 'browser.cjs');
  opened = join(dirname(home), 'opened.txt');
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

describe('Alibaba Cloud OAuth login in the UI', () => {
  it('shows "waiting for the browser" with the sign-in page, and Cancel closes the loopback port', async () => {
    const { page } = session;
    await openProfile(page, 'ali');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const status = page.locator('.activity');
    await status.getByText('Waiting for you to finish in the browser…').waitFor();
    await waitFor(() => existsSync(opened), 10_000, 'the browser was not started');
    // The browser got a launch file (file://) that forwards to the sign-in page, never the page's URL itself.
    const launch = readFileSync(opened, 'utf8');
    expect(launch).toMatch(/^file:\/\/.+\/launch\/[0-9a-f]{32}\.html$/);
    const authorize = new URL(launchTarget(launch));
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${fake.origin}/oauth2/v1/auth`);
    // "Did the browser not open?" links the same sign-in page.
    const link = status.getByRole('link', { name: 'Open the sign-in page' });
    expect(await link.getAttribute('href')).toBe(authorize.toString());
    const port = Number(new URL(authorize.searchParams.get('redirect_uri') ?? '').port);
    expect(ports).toContain(port);
    expect(await refuses(port)).toBe(false);
    await shot(page, 'app-oauth-waiting-en');

    await status.getByRole('button', { name: 'Cancel' }).click();
    await status.waitFor({ state: 'detached' });
    await waitFor(() => refuses(port), 5_000, `the loopback port ${port} is still open after Cancel`);
    expect(fake.grants).toEqual([]);
    expect(await page.locator('.detail .badge').first().textContent()).toContain('Signed out');
  });

  it('without a browser here, the app asks for the pasted redirect address next to the sign-in page', async () => {
    const { page } = session;
    rmSync(browserPath); // TOBIRA_BROWSER cannot be started now: the login falls back to pasting
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const prompt = page.getByRole('dialog', { name: 'Your input is needed' });
    await prompt.waitFor();
    const link = await prompt.getByRole('link', { name: 'Open the sign-in page' }).getAttribute('href');
    expect(link).toMatch(new RegExp(`^${fake.origin}/oauth2/v1/auth\\?`));
    const field = prompt.getByLabel('Pasted address (Alibaba Cloud (CN), ali)');
    expect(await field.getAttribute('type')).toBe('text');
    await shot(page, 'app-oauth-paste-en');
    // The person signs in on a browser that cannot reach this machine and copies the address it ends on.
    const redirect = await signInAndCaptureRedirect(session.browser, link ?? '');
    expect(redirect).toContain(`http://127.0.0.1:${ports[0]}/cli/callback?code=`);
    await field.fill(redirect);
    await prompt.getByRole('button', { name: 'Continue' }).click();
    await page.getByText(/^Logged in ali as /).waitFor();
    expect(fake.grants).toEqual([{ grantType: 'authorization_code' }]);
    expect(fake.issuedSts).toHaveLength(1);
    installBrowser();
  });
});
