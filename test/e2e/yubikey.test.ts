import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totpCode } from '../../electron/core/mfa';
import { filesContaining } from '../harness/canary';
import { screenshotPath } from '../harness/chromium';
import { FILE_STORE_ENV, runTobira, tempHome } from '../harness/cli';
import { startVirtualYubikey, type VirtualYubikey } from '../harness/virtual-yubikey';
import { openProfile, startUi, type UiSession } from './helpers';

// The app's code view for a profile whose MFA is a YubiKey credential: real pcscd + vpcd, the virtual key with an
// OATH password and a touch-required credential, the password in the app's masked prompt, "touch your YubiKey" shown.
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PASSWORD = 'canary-e2e-oath-password';

let key: VirtualYubikey;
let session: UiSession;

beforeAll(async () => {
  key = await startVirtualYubikey({
    password: PASSWORD,
    credentials: [{ id: 'AWS:alice', keyHex: base32Decode(SEED).toString('hex'), touch: true }],
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
  session = await startUi(home, { ...FILE_STORE_ENV });
}, 60_000);

afterAll(async () => {
  await session?.close();
  await key?.remove();
});

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
    await page.getByText(`Touch your YubiKey ("${key.reader}") for "AWS:alice"`).waitFor();
    await page.screenshot({ path: screenshotPath('app-yubikey-touch-en') }); // with the notice, unlike shot()
    key.touch();
    // Shown as an authenticator shows it ("912 832").
    const code = (await page.locator('.otp-code').textContent({ timeout: 20_000 }))?.replace(/\s/g, '');
    const after = Math.floor(Date.now() / 1000);
    const params = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
    expect([totpCode(SEED, params, before), totpCode(SEED, params, after)]).toContain(code);
    await session.close();
    expect(filesContaining(session.home, PASSWORD)).toEqual([]);
    expect(filesContaining(session.home, SEED)).toEqual([]);
  });
});
