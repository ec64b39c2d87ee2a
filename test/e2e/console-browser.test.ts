import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, tempHome } from '../harness/cli';
import { shot, startUi, type UiSession } from './helpers';

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
});
