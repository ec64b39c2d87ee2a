import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, runTobira, tempHome } from '../harness/cli';
import { openProfile, shot, startUi, type UiSession } from './helpers';

let session: UiSession | undefined;
afterAll(async () => session?.close());

describe('Settings: the browser consoles open in', () => {
  it('offers the system browser and the browsers found here, and saves the choice for tobira console too', async () => {
    const home = tempHome('tobira-e2e-console-');
    session = await startUi(home, { ...FILE_STORE_ENV, PATH: '/usr/bin:/bin' });
    const { page } = session;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const select = page.getByLabel('Consoles open in');
    expect(await select.inputValue()).toBe('default');
    const options = await select.locator('option').allTextContents();
    // Debian's Chromium is installed here (/usr/bin/chromium, the test machines' package list).
    expect(options[0]).toBe('System browser (one cookie jar for all)');
    expect(options).toContain('chromium');
    await select.selectOption('chromium');
    await expect
      .poll(
        () =>
          (JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as { consoleBrowser?: string })
            .consoleBrowser,
      )
      .toBe('chromium');
    await page.getByText('its own browser identity').waitFor();
    await shot(page, 'app-settings-console-en');
  }, 60_000);

  it('removing a profile with a console says its browser identity goes too, and removes it', async () => {
    if (!session) throw new Error('no UI session');
    const { page, home } = session;
    const add = await runTobira(
      ['profile', 'add', 'prod', '--type', 'aws-iam-user', '--access-key-id', 'AKIAE2ECONSOLE000001'],
      { home, env: FILE_STORE_ENV, input: 'e2eConsoleSecretKey/0123456789abcdefghijkl\n' },
    );
    expect(add.code).toBe(0);
    const id = (
      JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')) as { profiles: Array<{ id: string }> }
    ).profiles[0]?.id;
    const identity = join(home, 'browser', id ?? '', 'chromium');
    mkdirSync(identity, { recursive: true });
    writeFileSync(join(identity, 'Cookies'), 'console cookies');
    // Added from a terminal: a reload shows it (the session survives a reload).
    await page.reload();
    await page.getByRole('heading', { name: '扉 Tobira', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Profiles', exact: true }).click();
    await openProfile(page, 'prod');
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove prod?' });
    await confirm.getByText('Its console browser identity').waitFor();
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByText('Removed prod.').waitFor();
    expect(existsSync(join(home, 'browser', id ?? ''))).toBe(false);
  }, 60_000);
});
