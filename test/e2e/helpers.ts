import { once } from 'node:events';
import { existsSync, rmSync } from 'node:fs';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium, screenshotPath } from '../harness/chromium';
import { spawnTobira } from '../harness/cli';

export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

/** A running `tobira ui` and a Chromium page signed in with its one-time URL. */
export interface UiSession {
  ui: ChildProcessWithoutNullStreams;
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  home: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Reads the first line `tobira ui` prints on stdout: the one-time URL. */
async function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  let text = '';
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout) {
    text += chunk as string;
    if (text.includes('\n')) return text.split('\n')[0] as string;
  }
  throw new Error('tobira ui ended without printing a URL');
}

export async function startUi(
  home: string,
  env: Record<string, string>,
  options: { browser?: Browser; locale?: string } = {},
): Promise<UiSession> {
  if (!existsSync(`${RENDERER_DIR}index.html`))
    throw new Error('out/renderer is missing: run npm run build first');
  const ui = spawnTobira(['ui'], { home, env, input: null });
  let stderr = '';
  ui.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await firstLine(ui).catch((error: unknown) => {
    throw new Error(`${String(error)}: ${stderr}`);
  });
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  const browser = options.browser ?? (await launchChromium());
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    viewport: { width: 1200, height: 760 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  await page.getByRole('heading', { name: '扉 Tobira', level: 1 }).waitFor();
  let closing: Promise<void> | undefined;
  return {
    ui,
    url,
    browser,
    context,
    page,
    home,
    env,
    close: () =>
      (closing ??= (async () => {
        if (!options.browser) await browser.close();
        else await context.close();
        if (ui.exitCode === null && ui.signalCode === null) {
          ui.kill('SIGTERM');
          await once(ui, 'close');
        }
      })()),
  };
}

/** A screenshot in test-output/screenshots, with the transient notices dismissed first. */
export async function shot(page: Page, name: string): Promise<void> {
  while ((await page.locator('.toast').count()) > 0) await page.locator('.toast').first().click();
  const path = screenshotPath(name);
  rmSync(path, { force: true });
  await page.screenshot({ path });
}

export async function openProfile(page: Page, name: string): Promise<void> {
  const profiles = page.getByRole('listbox', { name: /Profiles|プロファイル/ });
  await profiles.getByRole('option', { name: new RegExp(`^(★ )?${name}( |$)`) }).click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

/** Runs `tobira ARGS` as a terminal would (non-TTY stdin, closed), while the UI (the agent) answers its prompt. */
export function terminal(
  args: string[],
  run: { home: string; env: Record<string, string>; lang?: 'ja' | 'en' },
) {
  const child = spawnTobira(args, {
    home: run.home,
    env: { ...run.env, LANG: run.lang === 'ja' ? 'ja_JP.UTF-8' : 'C.UTF-8' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, done };
}

/** Fills the add form of `type` field by field (labels as the form shows them) and submits it. */
export async function addProfile(
  page: Page,
  type: string,
  name: string,
  fields: Record<string, string>,
  secret?: string,
): Promise<void> {
  await page.getByRole('button', { name: 'Add profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a profile' });
  await dialog.waitFor();
  await dialog.locator(`[data-type="${type}"]`).click();
  const form = page.getByRole('dialog');
  await form.locator('#f-name').fill(name);
  await chooseKind(form, Object.keys(fields));
  for (const [key, value] of Object.entries(fields)) {
    const field = form.locator(`#f-${key}`);
    if ((await field.evaluate((element) => element.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  if (secret !== undefined) await form.locator('#f-secret').fill(secret);
  await form.getByRole('button', { name: 'Add profile' }).click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

/** On a form with a choice of sign-in kind (SORACOM), picks the kind whose fields are about to be filled. */
export async function chooseKind(form: Locator, keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    const radio = form.locator(`input[name="kind"][data-fields~="${key}"]`);
    if ((await radio.count()) > 0) {
      await radio.click();
      await expect.poll(() => radio.isChecked()).toBe(true);
      return;
    }
  }
}

/** Switches the UI language in Settings (a saved setting), then returns to the profiles page. */
export async function setLanguage(page: Page, lang: 'ja' | 'en'): Promise<void> {
  await page.getByRole('button', { name: lang === 'ja' ? 'Settings' : '設定', exact: true }).click();
  await page.locator('#s-language').selectOption(lang);
  await page.getByRole('heading', { name: lang === 'ja' ? '設定' : 'Settings', level: 2 }).waitFor();
  await page.getByRole('button', { name: lang === 'ja' ? 'プロファイル' : 'Profiles', exact: true }).click();
}
