import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, runTobira, tempHome } from '../harness/cli';
import { launchChromium } from '../harness/chromium';
import { shot, startUi, type UiSession } from './helpers';

/**
 * A ~/.aws of `count` profiles, half IAM users (credentials) and half roles on them (config), imported the way a
 * user would (`tobira profile import aws`), then the app in browser mode at a fixed window size.
 */
function awsFiles(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  const users = Math.ceil(count / 2);
  const pad = (n: number) => String(n).padStart(5, '0');
  const credentials: string[] = [];
  const config: string[] = [];
  for (let n = 1; n <= users; n++) {
    credentials.push(
      `[user-${pad(n)}]`,
      `aws_access_key_id = AKIA${pad(n).padStart(16, 'X')}`,
      `aws_secret_access_key = ${'s'.repeat(30)}${pad(n)}${'k'.repeat(5)}`,
      '',
    );
  }
  for (let n = 1; n <= count - users; n++) {
    config.push(
      `[profile role-${pad(n)}]`,
      `role_arn = arn:aws:iam::123456789012:role/r${n}`,
      `source_profile = user-${pad(n)}`,
      'region = ap-northeast-1',
      '',
    );
  }
  writeFileSync(join(dir, 'credentials'), credentials.join('\n'));
  writeFileSync(join(dir, 'config'), config.join('\n'));
}

async function withProfiles(count: number, browser: Browser): Promise<UiSession> {
  const home = tempHome('tobira-e2e-scale-');
  const aws = join(home, '..', 'aws');
  awsFiles(aws, count);
  const env = { ...FILE_STORE_ENV };
  const imported = await runTobira(['profile', 'import', 'aws', '--path', aws, '--json'], { home, env });
  expect(imported.code, imported.stderr).toBe(0);
  expect((JSON.parse(imported.stdout) as { imported: unknown[] }).imported).toHaveLength(count);
  return startUi(home, env, { browser });
}

/** The element's box lies inside the window (the page itself never scrolls). */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const height = Number(await page.evaluate('window.innerHeight'));
  return box !== null && box.y >= 0 && box.y + box.height <= height && box.height > 0;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe.each([15, 1000])('layout with %i profiles', (count) => {
  let session: UiSession;
  let page: Page;
  beforeAll(async () => {
    session = await withProfiles(count, browser);
    page = session.page;
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option').first().waitFor();
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('the window never scrolls; the list scrolls under a search box that stays in view', async () => {
    const list = page.getByRole('listbox', { name: 'Profiles' });
    const scrollHeight = Number(await page.evaluate('document.scrollingElement.scrollHeight'));
    expect(scrollHeight).toBeLessThanOrEqual(Number(await page.evaluate('window.innerHeight')));

    await list.hover();
    await page.mouse.wheel(0, 100_000);
    await page.evaluate('window.scrollTo(0, 100000)');
    expect(await page.evaluate('window.scrollY')).toBe(0);
    expect(await inViewport(page, '#search')).toBe(true);
    if (count > 15) {
      // Only the rows in view are in the DOM, whatever the count.
      await expect.poll(() => list.evaluate((element) => element.scrollTop)).toBeGreaterThan(1000);
      expect(await list.getByRole('option').count()).toBeLessThan(60);
    }
  });

  it('a row clicked after scrolling shows its details in view, at the top of the detail pane', async () => {
    const list = page.getByRole('listbox', { name: 'Profiles' });
    await list.evaluate((element) => (element.scrollTop = element.scrollHeight));
    const last = list.getByRole('option').last();
    const name = (await last.locator('.row-name').textContent())?.replace(/^★ /, '') ?? '';
    await last.click();
    const heading = page.getByRole('heading', { name, level: 2 });
    await heading.waitFor();
    expect(await inViewport(page, '#detail-title')).toBe(true);
    expect(await last.getAttribute('aria-selected')).toBe('true');

    // The detail pane scrolls on its own; choosing another profile starts its detail at the top.
    await page.locator('.detail-pane').evaluate((element) => (element.scrollTop = element.scrollHeight));
    await list.getByRole('option').nth(-2).click();
    await expect.poll(() => page.locator('.detail-pane').evaluate((element) => element.scrollTop)).toBe(0);
    expect(await inViewport(page, '#detail-title')).toBe(true);
    expect(await inViewport(page, '#search')).toBe(true);
    if (count === 1000) await shot(page, 'app-list-1000-selected-en');
  });

  it('the list is one Tab stop: arrows, Home and End move the selection and keep it in view', async () => {
    const list = page.getByRole('listbox', { name: 'Profiles' });
    await page.locator('#search').focus();
    await page.keyboard.press('Tab'); // Add profile
    await page.keyboard.press('Tab'); // the list
    expect(await page.evaluate("document.activeElement?.getAttribute('role')")).toBe('listbox');

    await page.keyboard.press('Home');
    await page.getByRole('heading', { name: 'role-00001', level: 2 }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('heading', { name: 'role-00002', level: 2 }).waitFor();
    const active = await list.getAttribute('aria-activedescendant');
    expect(await page.locator(`#${active}`).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    const lastName = `user-${String(Math.ceil(count / 2)).padStart(5, '0')}`;
    await page.getByRole('heading', { name: lastName, level: 2 }).waitFor();
    expect(await inViewport(page, '.profile-list .row.selected')).toBe(true);

    // Tab leaves the list at once (it does not walk its rows).
    await page.keyboard.press('Tab');
    expect(await page.evaluate(`document.activeElement?.closest('[role="listbox"]') === null`)).toBe(true);
  });

  it('a dialog fits the window and scrolls on its own', async () => {
    await page.getByRole('button', { name: 'Add profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a profile' });
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 760).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
