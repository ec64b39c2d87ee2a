import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, runTobira, tempHome } from '../harness/cli';
import { startFakeAws, type FakeAws } from '../fakes/aws';
import { openProfile, shot, startUi, type UiSession } from './helpers';

// T18's remembered console page set in the app (not only `tobira console --remember`), and T20's remove dialog for
// several profiles and the focus after the last one goes.
const ACCOUNT = '123456789012';
const SECRET = 'canaryE2ePageSecret/0123456789abcdefghij';
const KEY = 'AKIAE2EPAGE000000001';

let aws: FakeAws;
let session: UiSession;

beforeAll(async () => {
  aws = await startFakeAws({
    users: [{ userName: 'prod', accountId: ACCOUNT, accessKeyId: KEY, secretAccessKey: SECRET }],
  });
  const home = tempHome('tobira-e2e-console-page-');
  const env = {
    ...FILE_STORE_ENV,
    TOBIRA_ENDPOINT_AWS_STS: aws.origin,
    TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
    TOBIRA_AWS_RETRY_BASE_MS: '5',
  };
  const add = async (args: string[], input?: string) => {
    const result = await runTobira(['profile', 'add', ...args], { home, env, ...(input ? { input } : {}) });
    expect(result.code, result.stderr).toBe(0);
  };
  await add(['prod', '--type', 'aws-iam-user', '--access-key-id', KEY], `${SECRET}\n`);
  for (const name of ['ops', 'audit']) {
    await add([
      name,
      '--type',
      'aws-role',
      '--source',
      'prod',
      '--role-arn',
      `arn:aws:iam::${ACCOUNT}:role/${name}`,
    ]);
  }
  session = await startUi(home, env);
}, 60_000);

afterAll(async () => {
  await session?.close();
  await aws?.close();
});

describe('the console page a favourite remembers, set in the app; removing several profiles', () => {
  it('s3 in eu-west-1 chosen in the detail pane: remembered, shown, and the console opens there', async () => {
    const { page, context, home } = session;
    await openProfile(page, 'prod');
    const editor = page.getByRole('region', { name: 'Console page' });
    // A page tobira console would refuse is refused here too, and nothing is remembered.
    await editor.getByLabel('Service').selectOption('s3');
    await editor.getByLabel('Region').fill('eu-west-1/evil');
    await editor.getByRole('button', { name: 'Save page' }).click();
    await page.getByText('Unknown region "eu-west-1/evil"').waitFor();
    await editor.getByLabel('Region').fill('eu-west-1');
    await editor.getByRole('button', { name: 'Save page' }).click();
    await page.getByText('The console of prod opens at s3 (eu-west-1).').waitFor();
    await editor.getByText('Opens at: s3 (eu-west-1)').waitFor();
    const stored = (
      JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')) as {
        profiles: Array<{ name: string; console?: unknown }>;
      }
    ).profiles.find((profile) => profile.name === 'prod')?.console;
    expect(stored).toEqual({ service: 's3', region: 'eu-west-1' });
    await shot(page, 'app-console-page-en');

    const tab = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Open console' }).click();
    const opened = await tab;
    await opened.waitForURL(/\/console\?/);
    // The sign-in fake lands on its /console page with the Destination the federation login was given.
    expect(new URL(opened.url()).searchParams.get('destination')).toBe(
      'https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1',
    );
    await opened.close();

    await editor.getByRole('button', { name: 'Forget page' }).click();
    await page.getByText('The console of prod opens at its home page.').waitFor();
    await expect.poll(() => editor.getByText(/^Opens at:/).count()).toBe(0);
  });

  it('a favourite toggled at the star re-reads only that row, not the whole list', async () => {
    const { page } = session;
    await openProfile(page, 'prod');
    const bodies: string[] = [];
    const record = (request: { url(): string; postData(): string | null }) => {
      if (request.url().endsWith('/api/profiles:list')) bodies.push(request.postData() ?? '');
    };
    page.on('request', record);
    const star = page.getByRole('button', { name: 'Favourite' });
    const row = page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /prod/ }).first();
    await star.click();
    await row.locator('.fav').waitFor();
    expect(await row.getAttribute('aria-posinset')).toBe('1');
    await star.click();
    await row.locator('.fav').waitFor({ state: 'detached' });
    page.off('request', record);
    expect(bodies).toEqual([JSON.stringify({ names: ['prod'] }), JSON.stringify({ names: ['prod'] })]);
  });

  it('removing a profile with two dependents speaks of all three; after the last, focus is on Add', async () => {
    const { page } = session;
    await openProfile(page, 'prod');
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove prod?' });
    await confirm.getByText(/^(audit, ops|ops, audit) use prod as their source\. Remove all 3/).waitFor();
    const text = (await confirm.textContent()) ?? '';
    expect(text).toContain('Their stored secrets and cached sessions are deleted');
    expect(text).not.toContain('Its stored secrets');
    await confirm.getByRole('button', { name: 'Remove all 3' }).click();
    await page.getByText('Removed ops.').waitFor();
    const add = page.getByRole('button', { name: 'Add your first profile' });
    await add.waitFor();
    await expect
      .poll(() => add.evaluate((element) => element === element.ownerDocument.activeElement))
      .toBe(true);
  });
});
