import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../harness/canary';
import { FILE_STORE_ENV, tempHome } from '../harness/cli';
import { startVirtualUsim, type VirtualUsim } from '../harness/virtual-usim';
import { startFakeAws, type FakeAws } from '../fakes/aws';
import { startFakeKrypton, type FakeKrypton } from '../fakes/krypton';
import { addProfile, openProfile, shot, startUi, type UiSession } from './helpers';

// SORACOM Krypton with --second-factor sim-pin in the UI: real pcscd + vpcd and the virtual USIM (Milenage), the
// PIN asked in the app's masked prompt, the tries left shown after a wrong PIN, and the SIM page with the card.
const K = '465b5ce8b199b49faa5f0a2ee238a6bc';
const OPC = 'cd63cb71954a9f4e48a5994e37a02baf';
const IMSI = '001010000000001';
const READER = 'Virtual PCD 00 00';
const ROLE = 'arn:aws:iam::123456789012:role/Cognito_KryptonAuth_Role';
const PIN = '73915804';

let aws: FakeAws;
let krypton: FakeKrypton;
let card: VirtualUsim;
let session: UiSession;

const verifies = () => card.commands().filter((apdu) => apdu.startsWith('00200001'));

beforeAll(async () => {
  aws = await startFakeAws();
  krypton = await startFakeKrypton({
    mintCredentials: () => {
      const minted = aws.mintWebIdentitySession(ROLE);
      return {
        accessKeyId: minted.accessKeyId,
        secretKey: minted.secretAccessKey,
        sessionToken: minted.sessionToken,
        expiration: minted.expiresAt,
      };
    },
  });
  krypton.addSubscriber({ imsi: IMSI, k: K, opc: OPC });
  card = await startVirtualUsim({ imsi: IMSI, milenage: { k: K, opc: OPC }, pin: { value: PIN } });
  session = await startUi(tempHome('tobira-e2e-krypton-'), {
    ...FILE_STORE_ENV,
    TOBIRA_ENDPOINT_KRYPTON: krypton.endpoint,
    TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
    TOBIRA_SIM_WAIT_MS: '1000',
  });
  await addProfile(session.page, 'aws-krypton', 'sim', { reader: READER, secondFactor: 'sim-pin' });
}, 60_000);

afterAll(async () => {
  await session?.close();
  await card?.remove();
  await krypton?.close();
  await aws?.close();
});

describe('aws-krypton with the SIM PIN in the UI (virtual USIM through pcscd)', () => {
  it('asks the PIN in a masked prompt, shows the tries left after a wrong one, then signs in', async () => {
    const { page } = session;
    await openProfile(page, 'sim');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const prompt = page.getByRole('dialog', { name: 'SIM PIN needed' });
    await prompt.waitFor();
    const field = prompt.getByLabel(`SIM PIN for sim (SORACOM Krypton)`);
    expect(await field.getAttribute('type')).toBe('password');
    expect(await prompt.textContent()).toContain('Tobira never stores it.');
    await field.fill('11111111');
    await prompt.getByRole('button', { name: 'Continue' }).click();
    // T20: the refusal stays in the detail pane until dismissed, not only in a toast that goes.
    const inline = page.locator('.detail').getByTestId('inline-error');
    await inline.getByText(/rejected the PIN: 2 tries left/).waitFor();
    expect(verifies()).toHaveLength(1);
    expect(krypton.stats.challenges).toBe(0);

    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await prompt.waitFor();
    expect(await prompt.getByRole('alert').textContent()).toBe(
      'The SIM rejected the last PIN: 2 tries left.',
    );
    await shot(page, 'app-sim-pin-en');
    await field.fill(PIN);
    await prompt.getByRole('button', { name: 'Continue' }).click();
    await page.getByText(/^Logged in sim as /).waitFor();
    expect(verifies()).toHaveLength(2);
    expect(krypton.stats).toMatchObject({ challenges: 1, verified: 1, provisioned: 1 });
  });

  it('the SIM page shows the reader with its card and IMSI; the PIN is in no file', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'SIM readers' }).click();
    const row = page.getByRole('row', { name: new RegExp(READER) });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/SIM inserted/);
    // T20: a PIN-enabled SIM whose PIN was not given answers 6982 to an IMSI read: said in words, as the normal
    // state it is, not as "status 6982".
    const locked = await startVirtualUsim({ imsi: '001010000000002', pin: { value: '5678' }, port: 35964 });
    try {
      await page.getByRole('button', { name: 'Refresh' }).click();
      const lockedRow = page.getByRole('row', { name: new RegExp(locked.reader) });
      await expect.poll(() => lockedRow.textContent()).toContain('PIN-protected (normal)');
      expect(await lockedRow.textContent()).not.toContain('6982');
      await shot(page, 'day-sim-pin-locked-en');
    } finally {
      await locked.remove();
    }
    await shot(page, 'app-sim-card-en');
    await session.close();
    expect(filesContaining(session.home, PIN)).toEqual([]);
  });
});
