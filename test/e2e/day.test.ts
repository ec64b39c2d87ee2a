import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../electron/core/mfa';
import { FILE_STORE_ENV, runTobira, tempHome } from '../harness/cli';
import { startFakeAws, type FakeAws } from '../fakes/aws';
import {
  CLIENT,
  PASSWORD,
  PHONE,
  startWorld,
  type IdpWorld,
} from '../integration/providers/idp-server/fixture';
import { addProfile, openProfile, shot, startUi, type UiSession } from './helpers';

// T20 "used for a day" in browser mode: the empty state, codes like an authenticator, errors that stay, focus,
// a typed MFA code asked again, the settings' facts, the browser's own language, and an axe-core check.
const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const SECRET = 'canaryE2eDaySecretKey/0123456789abcdefgh';
const ACCOUNT = '123456789012';
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/erin`;
const MFA_SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let aws: FakeAws;
let idp: IdpWorld;
let session: UiSession;

const now = () => Math.floor(Date.now() / 1000);
const codeAt = (seed: string, at: number) => totpCode(seed, { algorithm: 'SHA1', digits: 6, period: 30 }, at);

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: Array<{ target: string[] }>;
}

/** axe-core run in the page: the serious and critical violations of what is on screen now. */
async function axe(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') rightly refuses an inline script.
  if (!(await page.evaluate("'axe' in window"))) await page.evaluate(AXE);
  const violations: unknown = await page.evaluate('axe.run().then((result) => result.violations)');
  return (violations as AxeViolation[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

beforeAll(async () => {
  aws = await startFakeAws({
    users: [
      {
        userName: 'erin',
        accountId: ACCOUNT,
        accessKeyId: 'AKIAE2EDAYERIN000001',
        secretAccessKey: SECRET,
        mfa: { serial: SERIAL, secret: MFA_SEED },
      },
    ],
  });
  idp = await startWorld();
  const home = tempHome('tobira-e2e-day-');
  session = await startUi(home, {
    ...FILE_STORE_ENV,
    TOBIRA_ENDPOINT_AWS_STS: aws.origin,
    TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
    TOBIRA_AWS_RETRY_BASE_MS: '5',
  });
}, 60_000);

afterAll(async () => {
  await session?.close();
  await aws?.close();
  await idp?.close();
});

describe('a day with the app in browser mode', () => {
  it('greets a new user with an empty state whose button opens the add form; axe finds nothing serious', async () => {
    const { page } = session;
    // Before any secret, Settings shows the store TOBIRA_SECRET_STORE chose, not "Automatic".
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    expect(await page.locator('#s-store').inputValue()).toBe('file');
    await page.getByRole('button', { name: 'Profiles', exact: true }).click();
    const empty = page.locator('.empty-state');
    await empty.getByRole('heading', { name: 'No profiles yet' }).waitFor();
    expect(await page.getByText('Select a profile.').count()).toBe(0);
    await shot(page, 'day-empty-state-en');
    expect(await axe(page)).toEqual([]);
    await empty.getByRole('button', { name: 'Add your first profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a profile' });
    await dialog.waitFor();
    expect(await axe(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Focus goes back to the control that opened the dialog.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Add your first profile');
  });

  it('shows a TOTP code like an authenticator: always there, refreshed, click to copy, the next one at the end', async () => {
    const { page } = session;
    await addProfile(page, 'totp', 'github', {}, `otpauth://totp/GitHub:me?secret=${SEED}&issuer=GitHub`);
    const code = page.getByTestId('otp-code');
    await expect.poll(async () => (await code.textContent())?.replace(/\s/g, '')).toBe(codeAt(SEED, now()));
    await code.click();
    await page.getByText(/Code copied/).waitFor();
    const copied = await page.evaluate('navigator.clipboard.readText()');
    expect([codeAt(SEED, now()), codeAt(SEED, now() - 1)]).toContain(copied);
    expect(await axe(page)).toEqual([]);
    // The last five seconds of the step show the next code; then the next code becomes the current one.
    const next = page.getByTestId('otp-next');
    await next.waitFor({ timeout: 32_000 });
    const upcoming = codeAt(SEED, now() + 5);
    expect((await next.textContent())?.replace(/\s/g, '')).toContain(upcoming);
    await shot(page, 'day-authenticator-en');
    await expect
      .poll(async () => (await code.textContent())?.replace(/\s/g, ''), { timeout: 8000 })
      .toBe(upcoming);
  }, 60_000);

  it('keeps a rename conflict inline until dismissed; Rename takes focus, Escape cancels and gives focus back', async () => {
    const { page } = session;
    await addProfile(page, 'totp', 'gitlab', {}, MFA_SEED);
    await openProfile(page, 'github');
    const renameButton = page.getByRole('button', { name: 'Rename', exact: true });
    await renameButton.click();
    const input = page.locator('#rename-input');
    await expect
      .poll(() => input.evaluate((element) => element === element.ownerDocument.activeElement))
      .toBe(true);
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'detached' });
    await expect
      .poll(() => renameButton.evaluate((element) => element === element.ownerDocument.activeElement))
      .toBe(true);
    await renameButton.click();
    await input.fill('gitlab');
    await page.keyboard.press('Enter');
    const error = page.locator('.detail').getByTestId('inline-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('gitlab');
    // Still there after a toast would have gone.
    await page.waitForTimeout(8500);
    expect(await error.isVisible()).toBe(true);
    await shot(page, 'day-inline-error-en');
    await error.getByRole('button', { name: 'Dismiss' }).click();
    await error.waitFor({ state: 'detached' });
    // A rename that works re-keys the pane: the focus goes to the renamed profile's title, not to <body>.
    await openProfile(page, 'gitlab');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.locator('#rename-input').fill('gitlab2');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'gitlab2', level: 2 }).waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('detail-title');
  }, 30_000);

  it('a wrong MFA code keeps the prompt open with AWS’s message and the tries left; the next code signs in', async () => {
    const { page } = session;
    const added = await runTobira(
      [
        'profile',
        'add',
        'erin',
        '--type',
        'aws-iam-user',
        '--access-key-id',
        'AKIAE2EDAYERIN000001',
        '--mfa-serial',
        SERIAL,
      ],
      { home: session.home, env: session.env, input: `${SECRET}\n` },
    );
    expect(added.code, added.stderr).toBe(0);
    await page.reload();
    await openProfile(page, 'erin');
    await page.getByRole('button', { name: 'Open console' }).click();
    const prompt = page.getByRole('dialog', { name: 'MFA code needed' });
    await prompt.waitFor();
    expect(await axe(page)).toEqual([]);
    await prompt.getByLabel('MFA code for erin (AWS)').fill(codeAt(MFA_SEED, now() - 600));
    await prompt.getByRole('button', { name: 'Continue' }).click();
    await prompt.getByText('2 tries left').waitFor();
    expect(await prompt.getByRole('alert').textContent()).toMatch(/MFA/);
    await shot(page, 'day-mfa-retry-en');
    const tab = session.context.waitForEvent('page');
    await prompt.getByLabel('MFA code for erin (AWS)').fill(codeAt(MFA_SEED, now()));
    await prompt.getByRole('button', { name: 'Continue' }).click();
    // Browser mode: the page itself opened the console's one-shot link in a new tab of this browser.
    const opened = await tab;
    await opened.waitForURL(/\/console/);
    await page.getByText('Opened the console of erin in your browser.').waitFor();
    await opened.close();
  }, 40_000);

  it('the idp-server SMS prompt is a code field with its own placeholder and a Resend button', async () => {
    const { page } = session;
    const added = await runTobira(
      [
        'profile',
        'add',
        'idp',
        '--type',
        'idp-server',
        '--issuer',
        idp.fake.issuer(idp.tenant),
        '--client-id',
        CLIENT,
        '--username',
        'alice',
        '--otp',
        'sms',
      ],
      { home: session.home, env: session.env, input: `${PASSWORD}\n` },
    );
    expect(added.code, added.stderr).toBe(0);
    await page.reload();
    await openProfile(page, 'idp');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const prompt = page.getByRole('dialog', { name: 'MFA code needed' });
    const field = prompt.getByLabel('SMS code for idp');
    await field.waitFor();
    expect(await field.getAttribute('placeholder')).toBe('6 digits');
    expect(await prompt.textContent()).not.toContain('"r"');
    expect(await axe(page)).toEqual([]);
    await shot(page, 'day-idp-sms-en');
    const first = idp.fake.lastCode(PHONE);
    const asked = await field.elementHandle();
    await prompt.getByRole('button', { name: 'Send a new code' }).click();
    // The answer ends that prompt; the login asks again for the new code in a new one.
    await asked?.waitForElementState('hidden');
    await expect.poll(() => idp.fake.lastCode(PHONE)).not.toBe(first);
    await page.getByLabel('SMS code for idp').fill(idp.fake.lastCode(PHONE) ?? '');
    await page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
    await page.getByText(/^Logged in idp as alice/).waitFor();
  }, 30_000);

  it('settings show the store profiles.json records; the SIM page passes axe', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    expect(await page.locator('#s-store').inputValue()).toBe('file');
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'SIM readers', exact: true }).click();
    await page.locator('#sim-title').waitFor();
    await page.waitForTimeout(500);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Profiles', exact: true }).click();
  });

  it('language “System” follows the browser (ja-JP) although tobira ui runs with LANG=C', async () => {
    const ja = await startUi(session.home, session.env, { locale: 'ja-JP', browser: session.browser });
    try {
      await ja.page.getByRole('button', { name: '設定', exact: true }).waitFor();
      expect(await ja.page.evaluate('document.documentElement.lang')).toBe('ja');
      await openProfile(ja.page, 'github');
      await ja.page.getByText(/^残り \d+ 秒$/).waitFor();
      await shot(ja.page, 'day-authenticator-ja');
      // The first tobira ui still answers: two servers in one browser do not log each other out.
      await session.page.reload();
      await openProfile(session.page, 'github');
    } finally {
      await ja.close();
    }
  }, 40_000);
});
