import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../electron/core/mfa';
import { generateKey } from '../../electron/core/providers/auth0/key';
import { filesContaining } from '../harness/canary';
import { FILE_STORE_ENV, tempHome } from '../harness/cli';
import { LAUNCH_TARGET_MODULE } from '../harness/launch-target.mjs';
import { RFC6238_SEEDS } from '../harness/rfc6238';
import { startFakeAws, type FakeAws } from '../fakes/aws';
import { chooseKind, openProfile, setLanguage, shot, startUi, terminal, type UiSession } from './helpers';

// Every registered provider's add form, then the AWS stories against the STS + federation fake: click-to-login
// console (MFA through the prompt; browser mode opens the link in a tab of the page's own browser, and the
// TOBIRA_BROWSER script must never run) and a terminal's credential_process
// answered in the UI.
const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const ALICE_SECRET = 'canaryE2eAliceSecret/0123456789abcdefghij';
const BOB_SECRET = 'canaryE2eBobSecretKey/0123456789abcdefghi';
const ALICE_MFA = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const BOB_MFA = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const SORACOM_PASSWORD = 'canary-e2e-soracom-pw-5d1e';
const IDP_PASSWORD = 'canary-e2e-idp-pw-70aa';
const AUTH0_SECRET = 'canary-e2e-auth0-client-secret-1c9f';
const API_KEY = generateKey().key;

let aws: FakeAws;
let session: UiSession;
let report: string;

function code(secret: string): string {
  return totpCode(secret, { algorithm: 'SHA1', digits: 6, period: 30 }, Math.floor(Date.now() / 1000));
}

interface TypeCase {
  type: string;
  name: string;
  label: string;
  mark: string;
  fields: Record<string, string>;
  secret?: string;
  /** A value the provider's build() refuses, the field its error must appear under, and part of its text. */
  invalid: { field: string; value: string; says: string | RegExp };
}

const CASES: TypeCase[] = [
  {
    type: 'totp',
    name: 'github',
    label: 'TOTP',
    mark: '123',
    fields: {},
    secret: `otpauth://totp/GitHub:me?secret=${RFC6238_SEEDS.SHA1}&issuer=GitHub`,
    invalid: { field: 'secret', value: 'not base32!', says: 'is not one of A–Z and 2–7' },
  },
  {
    type: 'soracom',
    name: 'work',
    label: 'SORACOM',
    mark: 'S',
    fields: { operatorId: 'OP0012345678', user: 'alice' },
    secret: SORACOM_PASSWORD,
    invalid: { field: 'operatorId', value: 'OP12', says: 'OP0012345678' },
  },
  {
    type: 'soracom-switch',
    name: 'deploy',
    label: 'SORACOM',
    mark: 'S',
    fields: { source: 'work', operatorId: 'OP0012345678', user: 'deploy' },
    invalid: { field: 'operatorId', value: 'OP1', says: 'OP0012345678' },
  },
  {
    type: 'aws-iam-user',
    name: 'alice',
    label: 'AWS',
    mark: 'aws',
    fields: {
      accessKeyId: 'AKIAE2EALICE00000001',
      mfaSerial: `arn:aws:iam::${ACCOUNT}:mfa/alice`,
      region: 'ap-northeast-1',
    },
    secret: ALICE_SECRET,
    invalid: { field: 'accessKeyId', value: 'nope', says: 'AKIA' },
  },
  {
    type: 'aws-role',
    name: 'admin',
    label: 'AWS',
    mark: 'aws',
    fields: { source: 'alice', roleArn: `arn:aws:iam::${OTHER}:role/Admin` },
    invalid: { field: 'roleArn', value: 'arn:bad', says: 'arn:aws:iam::123456789012:role/Name' },
  },
  {
    type: 'aws-sso-session',
    name: 'org',
    label: 'AWS IAM Identity Center',
    mark: 'sso',
    fields: { startUrl: 'https://d-1234567890.awsapps.com/start', ssoRegion: 'ap-northeast-1' },
    invalid: { field: 'startUrl', value: 'http://portal.example.com/start', says: 'must be https://' },
  },
  {
    type: 'aws-sso',
    name: 'org-admin',
    label: 'AWS',
    mark: 'aws',
    fields: { session: 'org', accountId: OTHER, roleName: 'AdministratorAccess' },
    invalid: { field: 'accountId', value: '12345', says: '12-digit' },
  },
  {
    type: 'aws-krypton',
    name: 'sim',
    label: 'SORACOM Krypton',
    mark: 'Kr',
    fields: { coverage: 'jp', secondFactor: 'sim-pin' },
    invalid: { field: 'endpoint', value: 'ftp://krypton.example', says: 'must be https://' },
  },
  {
    type: 'alibaba',
    name: 'ali',
    label: 'Alibaba Cloud',
    mark: 'Ali',
    fields: { site: 'cn', region: 'cn-hangzhou' },
    invalid: { field: 'region', value: 'Bad Region', says: 'cn-hangzhou' },
  },
  {
    type: 'idp-server',
    name: 'idp',
    label: 'idp-server',
    mark: 'id',
    fields: { issuer: 'https://idp.example.com/t1', clientId: 'cli', username: 'alice', otp: 'sms' },
    secret: IDP_PASSWORD,
    invalid: { field: 'issuer', value: 'not a url', says: 'not a URL' },
  },
  {
    type: 'idp-server-admin',
    name: 'idp-admin',
    label: 'idp-server',
    mark: 'id',
    fields: { issuer: 'https://idp.example.com/admin', clientId: 'admin-cli', username: 'root' },
    secret: IDP_PASSWORD,
    invalid: { field: 'issuer', value: 'http://idp.example.com', says: 'must be https://' },
  },
  {
    type: 'auth0-apikey',
    name: 'api',
    label: 'Auth0',
    mark: 'A0',
    fields: {
      domain: 'tenant.jp.auth0.com',
      clientId: 'exchClient0123456789abcdefABCDEF',
      audience: 'https://api.example.com',
      realm: 'api-keys',
    },
    secret: API_KEY,
    invalid: { field: 'secret', value: 'tbk_notakey', says: 'is not a Tobira Auth0 API key' },
  },
  {
    type: 'auth0-admin',
    name: 'auth0-admin',
    label: 'Auth0',
    mark: 'A0',
    fields: {
      domain: 'tenant.jp.auth0.com',
      clientId: 'mgmtClient0123456789abcdefABCDEF',
      connection: 'api-keys',
      audience: 'https://api.example.com',
    },
    secret: AUTH0_SECRET,
    invalid: { field: 'domain', value: 'bad domain', says: 'tenant.jp.auth0.com' },
  },
];

beforeAll(async () => {
  aws = await startFakeAws({
    users: [
      {
        userName: 'alice',
        accountId: ACCOUNT,
        accessKeyId: 'AKIAE2EALICE00000001',
        secretAccessKey: ALICE_SECRET,
        mfa: { serial: `arn:aws:iam::${ACCOUNT}:mfa/alice`, secret: ALICE_MFA },
      },
      {
        userName: 'bob',
        accountId: ACCOUNT,
        accessKeyId: 'AKIAE2EBOB0000000001',
        secretAccessKey: BOB_SECRET,
        mfa: { serial: `arn:aws:iam::${ACCOUNT}:mfa/bob`, secret: BOB_MFA },
      },
    ],
    roles: [{ arn: `arn:aws:iam::${OTHER}:role/Admin`, trust: [`arn:aws:iam::${ACCOUNT}:root`] }],
  });
  const home = tempHome('tobira-e2e-providers-');
  report = join(dirname(home), 'browser-report.json');
  const browserScript = join(dirname(home), 'browser.mjs');
  // The "browser" tobira opens: it records its argv, then follows the link as a browser would (one hop at a time).
  writeFileSync(
    browserScript,
    `import { readFileSync, writeFileSync } from 'node:fs';
import { launchTarget } from ${JSON.stringify(LAUNCH_TARGET_MODULE)};
const url = launchTarget(process.argv.at(-1));
const first = await fetch(url, { redirect: 'manual' });
const location = first.headers.get('location') ?? '';
const login = await fetch(location, { redirect: 'manual' });
writeFileSync(${JSON.stringify(report)}, JSON.stringify({
  argv: process.argv.slice(2),
  url,
  cmdline: readFileSync('/proc/self/cmdline', 'utf8'),
  status: first.status,
  location,
  login: login.status,
  console: login.headers.get('location'),
}));
`,
  );
  session = await startUi(home, {
    ...FILE_STORE_ENV,
    TOBIRA_ENDPOINT_AWS_STS: aws.origin,
    TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
    TOBIRA_AWS_RETRY_BASE_MS: '5',
    TOBIRA_BROWSER: `${process.execPath} ${browserScript}`,
  });
}, 60_000);

afterAll(async () => {
  await session?.close();
  await aws?.close();
});

describe('every provider through the UI; AWS console and credential_process stories', () => {
  it('adds a profile of each registered type: fields rendered, the provider’s own error inline, then listed', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Add profile' }).click();
    const picker = page.getByRole('dialog', { name: 'Add a profile' });
    // The cards come from types:list: wait until they are there before reading them all.
    await picker.locator('[data-type]').first().waitFor();
    const offered = await picker
      .locator('[data-type]')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-type')));
    // Every type the registry knows is offered (the add form is generated from its flags).
    expect(offered.sort()).toEqual(CASES.map((entry) => entry.type).sort());
    await picker.getByRole('button', { name: 'Cancel' }).click();

    for (const entry of CASES) {
      await page.getByRole('button', { name: 'Add profile' }).click();
      await page
        .getByRole('dialog', { name: 'Add a profile' })
        .locator(`[data-type="${entry.type}"]`)
        .click();
      const form = page.getByRole('dialog');
      await form.locator('#f-name').fill(entry.name);
      await chooseKind(form, Object.keys(entry.fields));
      for (const [key, value] of Object.entries(entry.fields)) {
        const field = form.locator(`#f-${key}`);
        if ((await field.evaluate((element) => element.tagName)) === 'SELECT')
          await field.selectOption(value);
        else await field.fill(value);
      }
      if (entry.secret !== undefined) await form.locator('#f-secret').fill(entry.secret);
      // Break one field: the provider's message shows under that field once it was left.
      const broken = form.locator(`#f-${entry.invalid.field}`);
      const good = await broken.inputValue();
      await broken.fill(entry.invalid.value);
      await broken.blur();
      const error = form.locator(`#err-${entry.invalid.field}`);
      await error.waitFor();
      expect(await error.textContent()).toMatch(entry.invalid.says);
      expect(await broken.getAttribute('aria-describedby')).toBe(`err-${entry.invalid.field}`);
      if (entry.type === 'aws-iam-user') await shot(page, 'app-add-aws-invalid-en');
      await broken.fill(good);
      await broken.blur();
      await error.waitFor({ state: 'detached' });
      await form.getByRole('button', { name: 'Add profile' }).click();
      await page.getByRole('heading', { name: entry.name, level: 2 }).waitFor();
    }
    // bob: the terminal's credential_process profile (MFA device, no stored TOTP secret, no command).
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('dialog').locator('[data-type="aws-iam-user"]').click();
    const form = page.getByRole('dialog');
    await form.locator('#f-name').fill('bob');
    await form.locator('#f-accessKeyId').fill('AKIAE2EBOB0000000001');
    await form.locator('#f-mfaSerial').fill(`arn:aws:iam::${ACCOUNT}:mfa/bob`);
    await form.locator('#f-secret').fill(BOB_SECRET);
    await form.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('heading', { name: 'bob', level: 2 }).waitFor();

    const list = page.getByRole('listbox', { name: 'Profiles' });
    for (const entry of CASES) {
      const row = list.getByRole('option', { name: new RegExp(`^(★ )?${entry.name} `) });
      expect(await row.locator('.row-sub').textContent()).toMatch(new RegExp(`^${entry.label}`));
      const icon = row.locator('.provider-icon');
      expect(await icon.getAttribute('data-provider')).toBe(entry.label);
      expect(await icon.textContent()).toBe(entry.mark);
    }
    await page.locator('#search').fill('auth0');
    await expect.poll(() => list.getByRole('option').count()).toBe(2);
    await page.locator('#search').fill('');
    await openProfile(page, 'work');
    await shot(page, 'app-profiles-all-en');
  });

  it('click-to-login console: MFA through the prompt, then the page opens only a one-shot loopback URL in a new tab', async () => {
    const { page, context } = session;
    await openProfile(page, 'admin');
    await page.getByRole('button', { name: 'Open console' }).click();
    const prompt = page.getByRole('dialog', { name: 'MFA code needed' });
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('alice');
    await shot(page, 'app-console-mfa-en');
    const requests: string[] = [];
    const record = (request: { url(): string }) => requests.push(request.url());
    context.on('request', record);
    const tab = context.waitForEvent('page');
    await prompt.getByLabel('MFA code for alice (AWS)').fill(code(ALICE_MFA));
    await prompt.getByRole('button', { name: 'Continue' }).click();
    // Browser mode (T20): the page opens the link in a tab of the person's own browser; nothing is started on the
    // machine serving tobira ui (TOBIRA_BROWSER's script never runs).
    const opened = await tab;
    await opened.waitForURL(/\/console/);
    await page.getByText('Opened the console of admin in your browser.').waitFor();
    context.off('request', record);
    const token = aws.signins.at(-1)?.token ?? '';
    expect(token.length).toBeGreaterThan(20);
    // The tab's first stop is the one-shot loopback link; the sign-in token comes only in its 302.
    const uiPort = new URL(session.url).port;
    const link = requests.find(
      (url) => /^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}$/.test(url) && new URL(url).port !== uiPort,
    );
    expect(link).toBeDefined();
    expect(link).not.toContain(token);
    const federation = requests.find((url) => url.startsWith(`${aws.origin}/federation?Action=login`));
    expect(new URL(federation ?? 'http://x').searchParams.get('SigninToken')).toBe(token);
    expect(existsSync(report)).toBe(false);
    await opened.close();
    await expect
      .poll(async () => page.locator('.detail .badge').first().textContent())
      .toMatch(/Signed in · (\d+h )?\d+m( \d+s)? left/);
    await shot(page, 'app-profiles-en');
  });

  it('a terminal’s credential_process gets its MFA prompt in the UI and prints Version 1 JSON', async () => {
    const { page } = session;
    const run = terminal(['credential-process', 'bob'], { home: session.home, env: session.env });
    const prompt = page.getByRole('dialog', { name: 'MFA code needed' });
    await prompt.waitFor();
    const text = (await prompt.textContent()) ?? '';
    expect(text).toContain('bob');
    expect(text).toContain('AWS');
    expect(text).toContain('tobira credential-process bob');
    expect(text).toContain(`pid ${process.pid}`);
    await shot(page, 'app-prompt-credential-process-en');
    await prompt.getByLabel('MFA code for bob (AWS)').fill(code(BOB_MFA));
    await prompt.getByRole('button', { name: 'Continue' }).click();
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    const issued = aws.sessions.at(-1);
    // AWS's credential_process shape (Version 1; AccountId is an optional field the AWS SDKs read too).
    const required = ['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'];
    expect(Object.keys(json).filter((key) => !required.includes(key))).toEqual(
      'AccountId' in json ? ['AccountId'] : [],
    );
    expect(json).toMatchObject({
      Version: 1,
      AccessKeyId: issued?.accessKeyId,
      SecretAccessKey: issued?.secretAccessKey,
      SessionToken: issued?.sessionToken,
      Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
    });
    expect(issued?.mfa).toBe(true);
    expect(result.stdout + result.stderr).not.toContain(BOB_SECRET);
    expect(await prompt.count()).toBe(0);
  });

  it('the same screens in Japanese: the profile list with sessions and the add form', async () => {
    const { page } = session;
    await setLanguage(page, 'ja');
    await openProfile(page, 'admin');
    await page.getByRole('button', { name: 'コンソールを開く' }).waitFor();
    await shot(page, 'app-profiles-ja');
    await page.getByRole('button', { name: 'プロファイルを追加' }).click();
    await shot(page, 'app-add-type-ja');
    await page.getByRole('dialog').locator('[data-type="aws-iam-user"]').click();
    await page.getByRole('dialog').locator('#f-name').fill('carol');
    await page.getByRole('dialog').locator('#f-accessKeyId').fill('AKIA');
    await page.getByRole('dialog').locator('#f-accessKeyId').blur();
    await page.locator('#err-accessKeyId').waitFor();
    await shot(page, 'app-add-aws-invalid-ja');
    await page.getByRole('dialog').getByRole('button', { name: 'キャンセル' }).click();
    // Typed input is not dropped without asking.
    await page.getByRole('dialog').getByRole('button', { name: '破棄' }).click();
    await setLanguage(page, 'en');
  });

  it('keeps every secret typed into a form out of the data folder in clear (tobira ui stopped)', async () => {
    await session.close();
    for (const secret of [ALICE_SECRET, BOB_SECRET, SORACOM_PASSWORD, IDP_PASSWORD, AUTH0_SECRET, API_KEY]) {
      expect(filesContaining(session.home, secret)).toEqual([]);
    }
  });
});
