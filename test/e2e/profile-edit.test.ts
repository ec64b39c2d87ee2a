import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, runTobira, tempHome } from '../harness/cli';
import { openProfile, shot, startUi, type UiSession } from './helpers';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const CANARY = 'CanaryE2eEditSecret00000000000000000000A1';
const REPLACED = 'CanaryE2eEditSecret00000000000000000000B2';
const ROLE = 'arn:aws:iam::210987654321:role/Admin';
const env = { ...FILE_STORE_ENV };
let session: UiSession;

beforeAll(async () => {
  const home = tempHome('tobira-e2e-edit-');
  for (const [args, input] of [
    [['profile', 'add', 'alice', '--type', 'aws-iam-user', '--access-key-id', KEY_ID], `${CANARY}\n`],
    [['profile', 'add', 'code', '--type', 'totp'], 'JBSWY3DPEHPK3PXP\n'],
    [['profile', 'add', 'admin', '--type', 'aws-role', '--source', 'alice', '--role-arn', ROLE], undefined],
  ] as const) {
    const added = await runTobira(args, { home, env, ...(input ? { input } : {}) });
    expect(added.code, added.stderr).toBe(0);
  }
  session = await startUi(home, env);
}, 60_000);

afterAll(async () => {
  await session?.close();
});

const active = () => session.page.evaluate('document.activeElement?.id || document.activeElement?.tagName');

describe('editing profiles and GUI-native forms (browser mode)', () => {
  it('after choosing a type the name field has the focus; a failed submit shows every error and focuses the first', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('dialog', { name: 'Add a profile' }).locator('[data-type="aws-iam-user"]').click();
    await expect.poll(active).toBe('f-name');
    const form = page.getByRole('dialog');
    await form.locator('#f-name').fill('bad name');
    await form.locator('#f-accessKeyId').fill('nope');
    await form.locator('#f-mfaSerial').fill('arn:aws:iam:123:mfa');
    await form.getByRole('button', { name: 'Add profile' }).click();
    for (const field of ['name', 'accessKeyId', 'mfaSerial', 'secret']) {
      await form.locator(`#err-${field}`).waitFor();
    }
    expect(await form.locator('#err-secret').textContent()).toBe('Required.');
    expect(await form.locator('#err-mfaSerial').textContent()).toContain(
      'arn:aws:iam::123456789012:mfa/name',
    );
    const text = (await form.locator('.field-error, .form-error').allTextContents()).join('\n');
    expect(text).not.toMatch(/stdin|expected string|Invalid input|Pipe the/);
    await expect.poll(active).toBe('f-name');
    await shot(page, 'app-form-errors-en');
    // Fixing the name moves the focus on the next submit to the next invalid field.
    await form.locator('#f-name').fill('bob');
    await form.getByRole('button', { name: 'Add profile' }).click();
    await expect.poll(active).toBe('f-accessKeyId');
  });

  it('Escape on a form with typed input asks first; Keep editing keeps it, Discard closes', async () => {
    const { page } = session;
    const form = page.getByRole('dialog');
    await page.keyboard.press('Escape');
    await form.getByText('Discard what you typed?').waitFor();
    await form.getByRole('button', { name: 'Keep editing' }).click();
    expect(await form.locator('#f-name').inputValue()).toBe('bob');
    await page.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('SORACOM: a choice of sign-in kind shows only that kind’s fields', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('dialog', { name: 'Add a profile' }).locator('[data-type="soracom"]').click();
    const form = page.getByRole('dialog');
    const visible = async () =>
      form
        .locator('input:not([type=radio]):not([type=checkbox]):not(#f-name):not(#f-secret), select')
        .evaluateAll((elements) => elements.map((element) => element.id));
    expect(await visible()).toEqual(['f-email', 'f-coverage', 'f-endpoint']);
    await form.getByLabel('SAM user', { exact: true }).check();
    expect(await visible()).toEqual(['f-operatorId', 'f-user', 'f-coverage', 'f-endpoint']);
    await form.getByLabel('AuthKey', { exact: true }).check();
    expect(await visible()).toEqual(['f-authKeyId', 'f-coverage', 'f-endpoint']);
    await form.locator('#f-name').fill('sora');
    await form.getByRole('button', { name: 'Add profile' }).click();
    expect(await form.locator('#err-authKeyId').textContent()).toBe('Required.');
    await shot(page, 'app-add-soracom-kind-en');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.getByRole('button', { name: 'Discard' }).click();
  });

  it('offers only compatible profiles as a role’s source', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('dialog', { name: 'Add a profile' }).locator('[data-type="aws-role"]').click();
    const source = page.getByRole('dialog').locator('#f-source');
    await expect
      .poll(() =>
        source.locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value'))),
      )
      .toEqual(['', 'alice', 'admin']);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('edits a profile: stored values filled in, an empty secret field keeps the secret, a typed one replaces it', async () => {
    const { page, home } = session;
    await openProfile(page, 'alice');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = page.getByRole('dialog', { name: 'Edit alice' });
    await form.waitFor();
    expect(await form.locator('#f-accessKeyId').inputValue()).toBe(KEY_ID);
    await expect.poll(active).toBe('f-accessKeyId');
    await form.locator('#f-mfaSerial').fill('arn:aws:iam:123:mfa');
    await form.locator('#f-region').fill('ap-northeast-1');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.locator('#err-mfaSerial').waitFor();
    await expect.poll(active).toBe('f-mfaSerial');
    await shot(page, 'app-edit-errors-en');
    await form.locator('#f-mfaSerial').fill('arn:aws:iam::123456789012:mfa/alice');
    await shot(page, 'app-edit-en');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved alice.').waitFor();
    await page.locator('.details').getByText('ap-northeast-1').waitFor();
    const secrets = () =>
      Object.keys(
        (JSON.parse(readFileSync(join(home, 'secrets.enc'), 'utf8')) as { records: object }).records,
      );
    const before = secrets();

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await form.locator('#f-secret').fill(REPLACED);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved alice.').waitFor();
    // The new secret is written, then the old one deleted: the same number of records, one of them new.
    await expect
      .poll(() => secrets().filter((id) => !before.includes(id)).length + secrets().length)
      .toBe(before.length + 1);
    const profiles = readFileSync(join(home, 'profiles.json'), 'utf8');
    expect(profiles).not.toContain(CANARY);
    expect(profiles).not.toContain(REPLACED);
    expect(await page.content()).not.toContain(CANARY);
  });

  it('remove names the dependents and offers to remove both; rename follows links', async () => {
    const { page } = session;
    await openProfile(page, 'alice');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByLabel('New name').fill('alice2');
    await page.locator('form.inline-form').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'alice2', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove alice2?' });
    await confirm.getByText('admin uses alice2 as its source').waitFor();
    await shot(page, 'app-remove-dependents-en');
    await confirm.getByRole('button', { name: 'Remove both' }).click();
    await page.getByText('Removed admin.').waitFor();
    const names = JSON.parse(
      (await runTobira(['profile', 'list', '--json'], { home: session.home })).stdout,
    ) as Array<{ name: string }>;
    expect(names.map((profile) => profile.name)).toEqual(['code']);
  });
});
