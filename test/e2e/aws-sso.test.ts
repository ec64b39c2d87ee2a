import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, runTobira, tempHome } from '../harness/cli';
import { startFakeAws, type FakeAws } from '../fakes/aws';
import { startFakeAwsSso, type FakeAwsSso } from '../fakes/aws-sso';
import { openProfile, shot, startUi, type UiSession } from './helpers';

let aws: FakeAws;
let sso: FakeAwsSso;
let session: UiSession;

beforeAll(async () => {
  aws = await startFakeAws();
  sso = await startFakeAwsSso({
    mint: (accountId, roleName) => ({
      ...aws.mintWebIdentitySession(
        `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${roleName}_0a1b`,
      ),
    }),
  });
  const home = tempHome('tobira-e2e-sso-');
  const env = {
    ...FILE_STORE_ENV,
    HOME: dirname(home),
    TOBIRA_ENDPOINT_AWS_SSO_OIDC: sso.oidcOrigin,
    TOBIRA_ENDPOINT_AWS_SSO_PORTAL: sso.portalOrigin,
    TOBIRA_ENDPOINT_AWS_STS: aws.origin,
    TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
    TOBIRA_AWS_RETRY_BASE_MS: '5',
    TOBIRA_OAUTH_TIMEOUT_SECONDS: '20',
  };
  const added = await runTobira(
    [
      'profile',
      'add',
      'org',
      '--type',
      'aws-sso-session',
      '--start-url',
      sso.startUrl,
      '--sso-region',
      sso.region,
    ],
    { home, env },
  );
  expect(added.code, added.stderr).toBe(0);
  session = await startUi(home, env);
}, 60_000);

afterAll(async () => {
  await session?.close();
  await sso?.close();
  await aws?.close();
});

describe('AWS IAM Identity Center in the app', () => {
  it('signs in, syncs the accounts and roles under the session, finds one by search, opens its console', async () => {
    const { page } = session;
    await openProfile(page, 'org');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await expect.poll(() => sso.tokens.length, { timeout: 20_000 }).toBe(1);
    await page.getByRole('button', { name: 'Preview' }).click();
    const plan = page.getByRole('list', { name: 'Sync plan' });
    await plan.waitFor();
    expect(await plan.getByRole('listitem').count()).toBe(4);
    await page.getByRole('button', { name: 'Sync accounts' }).click();
    const list = page.getByRole('listbox', { name: 'Profiles' });
    await expect.poll(() => list.getByRole('option').count()).toBe(5);
    // Listed under the session, each with its account and role.
    await page.getByRole('heading', { name: 'org', level: 2 }).waitFor();
    const targets = page.locator('section[aria-labelledby="sec-targets"] ul.targets');
    await expect.poll(() => targets.getByRole('button').count()).toBe(4);
    await shot(page, 'app-sso-session-en');

    await page.locator('#search').fill('staging');
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    await page.locator('#search').fill('222222222222');
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    await page.locator('#search').fill('');

    await openProfile(page, 'prod-ReadOnly');
    // Browser mode opens the console in a tab of the page's own browser (T20): the one-shot loopback link, its 302
    // to the federation sign-in, then the console.
    const { context } = session;
    const requests: string[] = [];
    const record = (request: { url(): string }) => requests.push(request.url());
    context.on('request', record);
    const tab = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Open console' }).click();
    const opened = await tab;
    await opened.waitForURL(/\/console/);
    context.off('request', record);
    expect(requests.some((url) => url.startsWith(`${aws.origin}/federation?Action=login`))).toBe(true);
    expect(sso.portalRequests.some((request) => request.query.get('role_name') === 'ReadOnly')).toBe(true);
  });
});
