import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, tempHome } from '../harness/cli';
import { startFakeAws, type FakeAws } from '../fakes/aws';
import { addProfile, shot, startUi, type UiSession } from './helpers';

// The access-key panel of an aws-iam-user profile: its age, the rotation offer past the setting, and the Rotate
// button running the same core as `tobira rotate`, against the AWS fake (IAM propagation delay included).
const SECRET = 'canaryE2eRotateSecret/0123456789abcdefghi';
const OLD = 'AKIAE2EROTATE0000001';

let fake: FakeAws;
let session: UiSession;

beforeAll(async () => {
  fake = await startFakeAws({
    users: [
      {
        userName: 'alice',
        accountId: '123456789012',
        accessKeyId: OLD,
        secretAccessKey: SECRET,
        keyCreatedAt: Date.now() - 120 * 86_400_000, // past the default 90 days
      },
    ],
    newKeyDelayMs: 1500,
  });
  session = await startUi(tempHome('tobira-e2e-rotate-'), {
    ...FILE_STORE_ENV,
    TOBIRA_ENDPOINT_AWS_STS: fake.origin,
    TOBIRA_ENDPOINT_AWS_IAM: fake.origin,
    TOBIRA_AWS_RETRY_BASE_MS: '5',
  });
  await addProfile(session.page, 'aws-iam-user', 'alice', { accessKeyId: OLD }, SECRET);
}, 60_000);

afterAll(async () => {
  await session?.close();
  await fake?.close();
});

describe('AWS access key in the UI', () => {
  it('offers rotation once the key is older than the setting, rotates, and shows the new key and its age', async () => {
    const { page, home } = session;
    const panel = page.getByRole('region', { name: 'Access key' });
    // A key added by hand: the panel asks IAM when it was made (ListAccessKeys) and keeps the date.
    await expect
      .poll(() => panel.getByTestId('access-key-age').textContent())
      .toContain('120 days old (created');
    const stored = JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')) as {
      profiles: Array<{ fields: Record<string, string> }>;
    };
    expect(stored.profiles[0]?.fields.keyCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await panel.getByText('more than the 90 days set for rotation', { exact: false }).waitFor();
    expect(await panel.getByRole('button', { name: 'Rotate key' }).getAttribute('class')).toContain(
      'primary',
    );
    await shot(page, 'app-aws-key-due-en');

    await panel.getByRole('button', { name: 'Rotate key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the access key of alice?' });
    expect(await dialog.textContent()).toContain(OLD);
    await dialog.getByRole('button', { name: 'Rotate key' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 60_000 });
    const fresh = fake.accessKeys.map((key) => key.accessKeyId);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).not.toBe(OLD);
    await panel.getByText(fresh[0] ?? 'missing').waitFor();
    await expect
      .poll(() => panel.getByTestId('access-key-age').textContent())
      .toContain('0 days old (created');
    expect(await panel.getByText('set for rotation', { exact: false }).count()).toBe(0);
    // Neither secret ever reaches the page.
    const html = await page.content();
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain(fake.accessKeys[0]?.secretAccessKey ?? 'missing');
    await shot(page, 'app-aws-key-rotated-en');
  });
});
