import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { base32Decode, totpCode } from '../../electron/core/mfa';
import { filesContaining } from '../harness/canary';
import { screenshotPath } from '../harness/chromium';
import { FILE_STORE_ENV, runTobira, tempHome } from '../harness/cli';
import { startVirtualYubikey, type VirtualYubikey } from '../harness/virtual-yubikey';
import { openProfile, startUi, type UiSession } from './helpers';

// The app's code view for a profile whose MFA is a YubiKey credential: real pcscd + vpcd, the virtual key with an
// OATH password and a touch-required credential, the password in the app's masked prompt, then a "Touch your YubiKey"
// dialog with the touch wait counting down (TOBIRA_YUBIKEY_TOUCH_SECONDS keeps it short here) that closes itself.
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PASSWORD = 'canary-e2e-oath-password';
const TOUCH_SECONDS = 8;

let key: VirtualYubikey;
let session: UiSession;

beforeAll(async () => {
  key = await startVirtualYubikey({
    password: PASSWORD,
    credentials: [{ id: 'AWS:alice', keyHex: base32Decode(SEED).toString('hex'), touch: true }],
    touchTimeoutMs: (TOUCH_SECONDS + 1) * 1000, // the app's wait ends first
  });
  const home = tempHome('tobira-e2e-yubikey-');
  const add = await runTobira(
    ['profile', 'add', 'prod', '--type', 'aws-iam-user', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE'],
    { home, env: FILE_STORE_ENV, input: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' },
  );
  expect(add.code, add.stderr).toBe(0);
  const set = await runTobira(['mfa', 'set', 'prod', '--yubikey', 'AWS:alice'], {
    home,
    env: FILE_STORE_ENV,
    input: `${PASSWORD}\n`,
  });
  expect(set.code, set.stderr).toBe(0);
  // A second profile to step away to: coming back to prod shows its detail afresh ("Show code" again).
  const other = await runTobira(['profile', 'add', 'other', '--type', 'totp'], {
    home,
    env: FILE_STORE_ENV,
    input: 'GEZDGNBVGY3TQOJQ\n',
  });
  expect(other.code, other.stderr).toBe(0);
  session = await startUi(home, { ...FILE_STORE_ENV, TOBIRA_YUBIKEY_TOUCH_SECONDS: String(TOUCH_SECONDS) });
}, 60_000);

afterAll(async () => {
  await session?.close();
  await key?.remove();
});

/** Shows prod's detail afresh, clicks "Show code", types the OATH password; resolves when the key wants a touch. */
async function askCodeUntilTouch(page: Page): Promise<void> {
  await openProfile(page, 'other');
  await openProfile(page, 'prod');
  const touchWanted = key.touchWanted();
  await page.getByRole('button', { name: 'Show code' }).click();
  const prompt = page.getByRole('dialog', { name: 'Secret needed' });
  await prompt.getByLabel(`OATH password of the YubiKey in "${key.reader}"`).fill(PASSWORD);
  await prompt.getByRole('button', { name: 'Continue' }).click();
  await touchWanted;
}

describe('YubiKey codes in the UI (virtual YKOATH applet through pcscd)', () => {
  it('asks the OATH password in a masked prompt, says to touch the key, and shows its code', async () => {
    const { page } = session;
    await openProfile(page, 'prod');
    const before = Math.floor(Date.now() / 1000);
    await page.getByRole('button', { name: 'Show code' }).click();
    const prompt = page.getByRole('dialog', { name: 'Secret needed' });
    await prompt.waitFor();
    const field = prompt.getByLabel(`OATH password of the YubiKey in "${key.reader}"`);
    expect(await field.getAttribute('type')).toBe('password');
    const touchWanted = key.touchWanted();
    await field.fill(PASSWORD);
    await prompt.getByRole('button', { name: 'Continue' }).click();
    await touchWanted;
    const touch = page.getByRole('dialog', { name: 'Touch your YubiKey' });
    await touch.getByText(`Touch your YubiKey ("${key.reader}") for prod`).waitFor();
    await touch.getByText('Credential "AWS:alice"').waitFor();
    const countdown = await touch.getByTestId('touch-countdown').textContent();
    const left = Number(/waits (\d+) s/.exec(countdown ?? '')?.[1]);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(TOUCH_SECONDS);
    expect(await touch.getByRole('textbox').count()).toBe(0); // nothing to type: the button on the key answers
    await page.screenshot({ path: screenshotPath('app-yubikey-touch-en') });
    key.touch();
    // Shown spaced like an authenticator app ("123 456").
    const code = (await page.locator('.otp-code').textContent({ timeout: 20_000 }))?.replace(/\s/g, '');
    const after = Math.floor(Date.now() / 1000);
    const params = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
    expect([totpCode(SEED, params, before), totpCode(SEED, params, after)]).toContain(code);
    await touch.waitFor({ state: 'detached' }); // closed itself when the code came

    // Copy code asks the key again (a touch per code): the same dialog, closed by the touch.
    const copyTouch = key.touchWanted();
    await page.getByRole('button', { name: 'Copy code' }).click();
    await prompt.getByLabel(`OATH password of the YubiKey in "${key.reader}"`).fill(PASSWORD);
    await prompt.getByRole('button', { name: 'Continue' }).click();
    await copyTouch;
    await touch.getByText(`Touch your YubiKey ("${key.reader}") for prod`).waitFor();
    key.touch();
    await touch.waitFor({ state: 'detached' });
  });

  it('nobody touching the key: the dialog counts down, closes, and the error says the touch timed out', async () => {
    const { page } = session;
    await askCodeUntilTouch(page);
    const touch = page.getByRole('dialog', { name: 'Touch your YubiKey' });
    await touch.waitFor();
    await touch.waitFor({ state: 'detached', timeout: (TOUCH_SECONDS + 5) * 1000 });
    await page.getByText(`The YubiKey in "${key.reader}" was not touched in time for "AWS:alice"`).waitFor();
    expect(await page.locator('.otp-code').count()).toBe(0);
  });

  it('the touch request can be cancelled', async () => {
    const { page } = session;
    await askCodeUntilTouch(page);
    const touch = page.getByRole('dialog', { name: 'Touch your YubiKey' });
    await touch.getByRole('button', { name: 'Cancel' }).click();
    await touch.waitFor({ state: 'detached', timeout: 3_000 });
    await page.getByText('The prompt for prod was cancelled in the Tobira app.').waitFor();
    expect(await page.locator('.otp-code').count()).toBe(0);
  });

  it('neither the OATH password nor the seed reached a file', async () => {
    await session.close();
    expect(filesContaining(session.home, PASSWORD)).toEqual([]);
    expect(filesContaining(session.home, SEED)).toEqual([]);
  });
});
