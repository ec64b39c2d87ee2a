import { once } from 'node:events';
import { existsSync, rmSync } from 'node:fs';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../harness/canary';
import { launchChromium, screenshotPath } from '../harness/chromium';
import { FILE_STORE_ENV, runTobira, spawnTobira, tempHome } from '../harness/cli';
import { RFC6238_SEEDS } from '../harness/rfc6238';
import { startFakeSoracom, trustPolicyFor, type FakeSoracom } from '../fakes/soracom';
import { totpCode } from '../../electron/core/mfa';

const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
const PASSWORD = 'canary-e2e-sam-password-31f4';
const OTHER_PASSWORD = 'canary-e2e-term-password-8a2c';

let fake: FakeSoracom;
let operatorId: string;
let home: string;
let env: Record<string, string>;
let ui: ChildProcessWithoutNullStreams;
let uiUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function shot(name: string): Promise<void> {
  // Notices are dismissed first, so the screenshot shows the screen itself.
  while ((await page.locator('.toast').count()) > 0) await page.locator('.toast').first().click();
  const path = screenshotPath(name);
  rmSync(path, { force: true });
  await page.screenshot({ path });
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

async function setLanguage(lang: 'ja' | 'en'): Promise<void> {
  await page.getByRole('button', { name: lang === 'ja' ? 'Settings' : '設定', exact: true }).click();
  await page.locator('#s-language').selectOption(lang);
  await page.getByRole('heading', { name: lang === 'ja' ? '設定' : 'Settings', level: 2 }).waitFor();
}

async function openProfile(name: string): Promise<void> {
  await page
    .getByRole('listbox', { name: /Profiles|プロファイル/ })
    .getByRole('option', { name: new RegExp(`^(★ )?${name}\\b`) })
    .click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
}

/** Runs `tobira ARGS` as a terminal would, while the browser UI (the agent) answers its prompt. */
function terminal(args: string[], lang: 'ja' | 'en' = 'en') {
  const child = spawnTobira(args, { home, env: { ...env, LANG: lang === 'ja' ? 'ja_JP.UTF-8' : 'C.UTF-8' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, done };
}

beforeAll(async () => {
  if (!existsSync(`${RENDERER_DIR}index.html`))
    throw new Error('out/renderer is missing: run npm run build first');
  fake = await startFakeSoracom();
  operatorId = fake.addOperator({ email: 'root@example.com', password: PASSWORD }).operatorId;
  for (const userName of ['alice', 'bob', 'carol']) {
    fake.addSamUser({
      operatorId,
      userName,
      password: userName === 'alice' ? PASSWORD : OTHER_PASSWORD,
      permissions: ['*'],
    });
    fake.enableMfa({ operatorId, userName });
  }
  fake.addSamUser({
    operatorId,
    userName: 'deploy',
    permissions: ['*'],
    trustPolicy: trustPolicyFor([{ operatorId, userName: 'alice' }]),
  });
  home = tempHome('tobira-e2e-');
  env = { ...FILE_STORE_ENV, TOBIRA_ENDPOINT_SORACOM: fake.endpoint };
  for (const [name, user] of [
    ['term', 'bob'],
    ['term-ja', 'carol'],
  ] as const) {
    const added = await runTobira(
      ['profile', 'add', name, '--type', 'soracom', '--operator-id', operatorId, '--user', user],
      {
        home,
        env,
        input: `${OTHER_PASSWORD}\n`,
      },
    );
    expect(added.code, added.stderr).toBe(0);
  }
  ui = spawnTobira(['ui'], { home, env, input: null });
  uiUrl = await firstLine(ui);
  expect(uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 760 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(uiUrl).origin });
  page = await context.newPage();
  const response = await page.goto(uiUrl);
  expect(response?.status()).toBe(200);
  await page.getByRole('heading', { name: '扉 Tobira', level: 1 }).waitFor();
  // The token was exchanged for a session secret that only this tab holds, and went out of the address bar.
  await page.waitForURL((current) => current.search === '');
  expect(await context.cookies()).toEqual([]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (ui && ui.exitCode === null && ui.signalCode === null) {
    ui.kill('SIGTERM');
    await once(ui, 'close');
  }
  await fake?.close();
});

describe('Tobira UI in browser mode (tobira ui)', () => {
  it('the one-time URL works once; a second browser cannot reuse it', async () => {
    const other = await browser.newContext();
    try {
      const second = await other.newPage();
      await second.goto(uiUrl);
      await second.getByRole('alert').getByText('This link was already used').waitFor();
    } finally {
      await other.close();
    }
  });

  it('a reload keeps the session; a second tobira ui in the same browser does not log this one out', async () => {
    const otherHome = tempHome('tobira-e2e-second-ui-');
    const second = spawnTobira(['ui'], { home: otherHome, env, input: null });
    try {
      const secondUrl = await firstLine(second);
      const secondPage = await context.newPage();
      await secondPage.goto(secondUrl);
      await secondPage.getByRole('heading', { name: '扉 Tobira', level: 1 }).waitFor();
      await secondPage.getByText('No profiles yet', { exact: false }).first().waitFor();
      // Cookies would be shared by both ports of 127.0.0.1; the session header of each tab is not.
      expect(await context.cookies()).toEqual([]);
      await page.reload();
      await page.getByRole('heading', { name: '扉 Tobira', level: 1 }).waitFor();
      await page.getByText('term-ja', { exact: true }).first().waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
      await secondPage.close();
    } finally {
      second.kill('SIGTERM');
      await once(second, 'close');
    }
  });

  it('adds a TOTP profile through the generated form and shows its code at once, like an authenticator', async () => {
    await page.getByRole('heading', { name: '扉 Tobira', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('dialog', { name: 'Add a profile' }).waitFor();
    await shot('app-add-type-en');
    await page.locator('[data-type="totp"]').click();
    await page.getByLabel('Profile name').fill('github');
    await page
      .getByLabel('TOTP secret (otpauth:// URI or base32)')
      .fill(`otpauth://totp/GitHub:me?secret=${RFC6238_SEEDS.SHA1}&issuer=GitHub`);
    await page.getByRole('dialog').getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('heading', { name: 'github', level: 2 }).waitFor();
    await page.getByTestId('otp-code').waitFor();
    const code = ((await page.getByTestId('otp-code').textContent()) ?? '').replace(/\s/g, '');
    const now = Math.floor(Date.now() / 1000);
    const params = { algorithm: 'SHA1' as const, digits: 6, period: 30 };
    expect([
      totpCode(RFC6238_SEEDS.SHA1, params, now),
      totpCode(RFC6238_SEEDS.SHA1, params, now - 30),
    ]).toContain(code);
  });

  it('validates a SORACOM form inline with the provider’s own errors, then adds it', async () => {
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.locator('[data-type="soracom"]').click();
    await page.getByLabel('Profile name').fill('work');
    await page.getByLabel('SAM user', { exact: true }).check();
    await page.getByLabel('Operator ID').fill('OP12');
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('User name').blur();
    const error = page.locator('#err-operatorId');
    await error.waitFor();
    expect(await error.textContent()).toContain('OP0012345678');
    await page.getByLabel('Operator ID').fill(operatorId);
    await page.getByLabel(/SORACOM password/).fill(PASSWORD);
    await page.getByLabel(/SORACOM password/).blur();
    await expect.poll(() => error.count()).toBe(0);
    await shot('app-add-soracom-en');
    await page.getByRole('dialog').getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('heading', { name: 'work', level: 2 }).waitFor();
  });

  it('logs in with MFA through the prompt, and the session shows its time left', async () => {
    await openProfile('work');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const prompt = page.getByRole('dialog', { name: 'MFA code needed' });
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('Asked by a login you started in this window.');
    await prompt.getByLabel('MFA code for work (SORACOM)').fill(fake.totp({ operatorId, userName: 'alice' }));
    await prompt.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Logged in work as alice@' + operatorId).waitFor();
    await expect
      .poll(async () => page.locator('.detail .badge').first().textContent())
      .toMatch(/Signed in · \d+h \d+m left/);
  });

  it('adds a SORACOM switch-user target from the source profile and switches to it without a password', async () => {
    await page.getByRole('button', { name: 'Add Switch user target' }).click();
    await expect.poll(() => page.getByLabel('Source profile').inputValue()).toBe('work');
    await page.getByLabel('Profile name').fill('deploy');
    await page.getByLabel('Operator ID').fill(operatorId);
    await page.getByLabel('User name').fill('deploy');
    await page.getByRole('dialog').getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('heading', { name: 'deploy', level: 2 }).waitFor();
    const switches = fake.requests.filter((request) => request.path === '/v1/auth/switch_user').length;
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByText(`Logged in deploy as deploy@${operatorId}`).waitFor();
    expect(fake.requests.filter((request) => request.path === '/v1/auth/switch_user').length).toBe(
      switches + 1,
    );
    await openProfile('work');
    await page
      .getByRole('region', { name: /Switch user/ })
      .getByRole('button', { name: 'deploy' })
      .waitFor();
    await shot('app-profile-soracom-en');
  });

  it('copies an export through the page, and reveals it only after confirmation', async () => {
    await openProfile('deploy');
    // Browser mode (T20): the server hands the text to the page, which writes this browser's clipboard.
    await page.getByLabel('Format').selectOption('env');
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByText(/^Copied\. This page clears the clipboard in 60 seconds/).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toMatch(/^export SORACOM_API_KEY='api-/m);
    await page.getByRole('button', { name: 'Show…' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('This shows live credentials on screen');
    expect(await dialog.locator('pre').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Show credentials' }).click();
    const snippet = (await dialog.locator('pre').textContent()) ?? '';
    expect(snippet).toMatch(/^export SORACOM_API_KEY='api-/m);
    expect(snippet).toContain("export SORACOM_USER_NAME='deploy'");
    await shot('app-reveal-en');
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(snippet);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('a terminal’s tobira export gets its MFA prompt in the UI, naming the profile and the process', async () => {
    const run = terminal(['export', 'term', '--format', 'env']);
    const prompt = page.getByRole('dialog', { name: 'MFA code needed' });
    await prompt.waitFor();
    const text = (await prompt.textContent()) ?? '';
    expect(text).toContain('term');
    expect(text).toContain('SORACOM');
    expect(text).toContain('tobira export term --format env');
    expect(text).toContain(`pid ${process.pid}`);
    await shot('app-prompt-terminal-en');
    await prompt.getByLabel('MFA code for term (SORACOM)').fill(fake.totp({ operatorId, userName: 'bob' }));
    await prompt.getByRole('button', { name: 'Continue' }).click();
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("export SORACOM_USER_NAME='bob'");
  });

  it('cancelling a terminal’s prompt makes the terminal fail with exit 5, in its own language', async () => {
    const run = terminal(['export', 'term-ja', '--format', 'json'], 'ja');
    const prompt = page.getByRole('dialog', { name: 'MFA code needed' });
    await prompt.waitFor();
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    const result = await run.done;
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('Tobira アプリでキャンセルされました');
  });

  it('shows the SIM readers of pcscd and the settings', async () => {
    await page.getByRole('button', { name: 'SIM readers' }).click();
    await page.getByRole('heading', { name: 'SIM readers', level: 2 }).waitFor();
    await page
      .getByRole('table')
      .or(page.getByText('No card reader is connected.'))
      .or(page.getByRole('alert'))
      .first()
      .waitFor();
    await shot('app-sim-en');
    await page.getByRole('button', { name: 'Settings' }).click();
    expect(await page.locator('#s-store').isDisabled()).toBe(true); // fixed by TOBIRA_SECRET_STORE
    expect(await page.locator('#s-login').isDisabled()).toBe(true); // desktop app only
    await shot('app-settings-en');
  });

  it('switches to Japanese and to the dark theme; the main screens in ja', async () => {
    await setLanguage('ja');
    await page.getByRole('button', { name: 'プロファイル', exact: true }).click();
    await openProfile('work');
    await page.getByRole('heading', { name: 'セッション', level: 3 }).waitFor();
    await shot('app-profile-soracom-ja');
    await page.getByRole('button', { name: 'プロファイルを追加' }).click();
    await page.locator('[data-type="soracom"]').click();
    await shot('app-add-soracom-ja');
    await page.getByRole('dialog').getByRole('button', { name: 'キャンセル' }).click();

    const run = terminal(['export', 'term-ja', '--format', 'env'], 'ja');
    const prompt = page.getByRole('dialog', { name: 'MFA コードが必要です' });
    await prompt.waitFor();
    await shot('app-prompt-terminal-ja');
    await prompt
      .getByLabel('term-ja (SORACOM) の MFA コード')
      .fill(fake.totp({ operatorId, userName: 'carol' }));
    await prompt.getByRole('button', { name: '続行' }).click();
    expect((await run.done).code).toBe(0);

    await page.getByRole('button', { name: 'SIM リーダー' }).click();
    await shot('app-sim-ja');
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.locator('#s-theme').selectOption('dark');
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await shot('app-settings-ja-dark');
    await page.getByRole('button', { name: 'プロファイル', exact: true }).click();
    await openProfile('work');
    await shot('app-profile-soracom-ja-dark');
    await page.locator('#search').fill('deploy');
    expect(await page.getByRole('listbox', { name: 'プロファイル' }).getByRole('option').count()).toBe(1);
    await page.locator('#search').fill('');
    await setLanguage('en');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.locator('#s-theme').selectOption('system');
  });

  it('stars, renames and removes a profile from its detail, filters the list by provider; / jumps to the search', async () => {
    await page.getByRole('button', { name: 'Profiles', exact: true }).click();
    const list = page.getByRole('listbox', { name: 'Profiles' });
    await openProfile('github');
    await page.getByRole('button', { name: 'Favourite', exact: true, pressed: false }).click();
    await page.getByRole('button', { name: 'Favourite', exact: true, pressed: true }).waitFor();
    await expect.poll(() => list.locator('.row-name').first().textContent()).toBe('★ github');

    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByLabel('New name').fill(' gh ');
    await page.locator('form.inline-form').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'gh', level: 2 }).waitFor();
    await page.getByText('Renamed github to gh.').waitFor();

    const filters = page.getByRole('group', { name: 'Providers' });
    await filters.getByRole('button', { name: /TOTP/ }).click();
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    await filters.getByRole('button', { name: 'All', exact: true }).click();
    await expect.poll(() => list.getByRole('option').count()).toBeGreaterThan(1);

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('search');

    await page.getByRole('heading', { name: 'gh', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove gh?' });
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByText('Removed gh.').waitFor();
    expect(await confirm.count()).toBe(0);
    await expect.poll(() => list.locator('.row-name', { hasText: /^(★ )?gh$/ }).count()).toBe(0);
  });

  it('keeps every secret out of the data folder files in clear; stopping tobira ui removes its socket', async () => {
    ui.kill('SIGTERM');
    await once(ui, 'close');
    expect(existsSync(`${home}/agent.sock`)).toBe(false);
    expect(existsSync(`${home}/agent.token`)).toBe(false);
    for (const secret of [PASSWORD, OTHER_PASSWORD, RFC6238_SEEDS.SHA1])
      expect(filesContaining(home, secret)).toEqual([]);
  });
});
