import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../harness/canary';
import { FILE_STORE_ENV, tempHome } from '../harness/cli';
import { PASSWORD_REALM, standardTenant, startFakeAuth0, type FakeAuth0 } from '../fakes/auth0';
import { addProfile, openProfile, setLanguage, shot, startUi, type UiSession } from './helpers';

// Auth0 API key management in the UI (an auth0-admin profile's Management API client) against the Auth0 fake:
// list, create (shown once), edit permissions, rotate and revoke, through the same core module as `tobira apikey`.
const MGMT_SECRET = 'canary-e2e-auth0-mgmt-secret-77d1';
const KEY_SHAPE = /^tbk_[a-z2-7]{12}_[0-9A-Za-z]{38}$/;

let fake: FakeAuth0;
let tenant: ReturnType<typeof standardTenant>;
let session: UiSession;
const shownKeys: string[] = [];

/** Whether Auth0 accepts the key right now (password-realm straight at the fake, no Tobira in between). */
async function keyWorks(key: string): Promise<number> {
  const [, id, rest] = key.split('_') as [string, string, string];
  const response = await fetch(fake.url('/oauth/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: PASSWORD_REALM,
      client_id: tenant.exchangerClientId,
      username: `${id}@apikey.invalid`,
      password: rest.slice(0, 32),
      realm: tenant.connection,
      audience: tenant.audience,
    }).toString(),
  });
  return response.status;
}

function keyUser(id: string) {
  return fake.users.get(`auth0|${id}`);
}

beforeAll(async () => {
  fake = await startFakeAuth0();
  tenant = standardTenant(fake, { managementSecret: MGMT_SECRET });
  const home = tempHome('tobira-e2e-auth0-');
  session = await startUi(home, {
    ...FILE_STORE_ENV,
    TOBIRA_AUTH0_RETRY_BASE_MS: '5',
    TOBIRA_AUTH0_RETRY_MAX_WAIT_MS: '2000',
  });
  await addProfile(
    session.page,
    'auth0-admin',
    'tenant-admin',
    {
      domain: fake.origin,
      clientId: tenant.managementClientId,
      connection: tenant.connection,
      audience: tenant.audience,
    },
    MGMT_SECRET,
  );
}, 60_000);

afterAll(async () => {
  await session?.close();
  await fake?.close();
});

describe('Auth0 API keys in the UI', () => {
  it('creates a key, shows it once with a copy button, and lists it', async () => {
    const { page } = session;
    await openProfile(page, 'tenant-admin');
    const keys = page.getByRole('region', { name: 'API keys' });
    await keys.getByText('No keys yet.', { exact: false }).waitFor();
    await keys.getByRole('button', { name: 'Create key' }).click();
    const create = page.getByRole('dialog', { name: 'Create an API key' });
    await create.getByLabel('Name').fill('ci-deploy');
    await create.getByLabel('Permissions').fill('read:things, write:things');
    await shot(page, 'app-auth0-create-en');
    await create.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByRole('dialog', { name: 'Your new API key' });
    await shown.waitFor();
    expect(await shown.textContent()).toContain('You will not see it again');
    const key = (await shown.getByLabel('Your new API key').textContent()) ?? '';
    expect(key).toMatch(KEY_SHAPE);
    shownKeys.push(key);
    await shown.getByRole('button', { name: 'Copy key' }).click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key);
    expect(await keyWorks(key)).toBe(200);
    const id = key.split('_')[1] ?? '';
    expect(
      keyUser(id)
        ?.permissions.map((permission) => permission.permission_name)
        .sort(),
    ).toEqual(['read:things', 'write:things']);
    await shot(page, 'app-auth0-new-key-en');
    // T20: the key becomes a profile from here, without a terminal.
    await shown.getByLabel('Profile name').fill('ci-deploy');
    await shown.getByLabel('Auth0 application client ID').fill(tenant.exchangerClientId);
    await shown.getByRole('button', { name: 'Add as a profile' }).click();
    await shown.getByRole('status').getByText('Added profile ci-deploy with this key.').waitFor();
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });

    const row = keys.locator(`li[data-key="${id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('ci-deploy');
    expect(await row.locator('.permission').allTextContents()).toEqual(['read:things', 'write:things']);
    // The key itself is on screen only in the dialog that is now closed.
    expect(await page.content()).not.toContain(key);
    // Listing used the admin's Management API token: its session shows as signed in.
    await expect.poll(() => page.locator('.detail .badge').first().textContent()).toMatch(/^Signed in · /);
    await shot(page, 'app-auth0-keys-en');
    await setLanguage(page, 'ja');
    await page.getByRole('region', { name: 'API キー' }).locator(`li[data-key="${id}"]`).waitFor();
    await shot(page, 'app-auth0-keys-ja');
    await setLanguage(page, 'en');
    // The profile added from the dialog signs in with the key.
    await openProfile(page, 'ci-deploy');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByText(/^Logged in ci-deploy as /).waitFor();
    await openProfile(page, 'tenant-admin');
  });

  it('edits permissions, rotates (old key dead, new one shown once) and revokes after confirmation', async () => {
    const { page } = session;
    const keys = page.getByRole('region', { name: 'API keys' });
    const oldKey = shownKeys[0] ?? '';
    const oldId = oldKey.split('_')[1] ?? '';

    await keys.getByRole('button', { name: 'Permissions… ci-deploy' }).click();
    const edit = page.getByRole('dialog', { name: 'Permissions of ci-deploy' });
    await edit.getByLabel('Permissions').fill('read:things, delete:things');
    await edit.getByRole('button', { name: 'Save permissions' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect
      .poll(() => keys.locator(`li[data-key="${oldId}"] .permission`).allTextContents())
      .toEqual(['read:things', 'delete:things']);
    expect(
      keyUser(oldId)
        ?.permissions.map((permission) => permission.permission_name)
        .sort(),
    ).toEqual(['delete:things', 'read:things']);

    await keys.getByRole('button', { name: 'Rotate… ci-deploy' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate ci-deploy?' });
    expect(await rotate.textContent()).toContain(`the old key ${oldId} stops working at once`);
    await rotate.getByRole('button', { name: 'Rotate key' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new API key' });
    await shown.waitFor();
    const newKey = (await shown.getByLabel('Your new API key').textContent()) ?? '';
    expect(newKey).toMatch(KEY_SHAPE);
    expect(newKey).not.toBe(oldKey);
    shownKeys.push(newKey);
    expect(await keyWorks(newKey)).toBe(200);
    expect(await keyWorks(oldKey)).not.toBe(200);
    expect(keyUser(oldId)).toBeUndefined();
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    const newId = newKey.split('_')[1] ?? '';
    const row = keys.locator(`li[data-key="${newId}"]`);
    await row.waitFor();
    expect(await row.locator('.permission').allTextContents()).toEqual(['read:things', 'delete:things']);
    expect(await keys.locator(`li[data-key="${oldId}"]`).count()).toBe(0);

    await keys.getByRole('button', { name: 'Revoke… ci-deploy' }).click();
    const revoke = page.getByRole('dialog', { name: 'Revoke ci-deploy?' });
    expect(await revoke.textContent()).toContain('This cannot be undone.');
    await shot(page, 'app-auth0-revoke-en');
    // Cancel first: nothing happens.
    await revoke.getByRole('button', { name: 'Cancel' }).click();
    expect(await keyWorks(newKey)).toBe(200);
    await keys.getByRole('button', { name: 'Revoke… ci-deploy' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke ci-deploy?' })
      .getByRole('button', { name: 'Revoke key' })
      .click();
    await page.getByText(`Revoked key ${newId}.`).waitFor();
    await keys.getByText('No keys yet.', { exact: false }).waitFor();
    expect(await keyWorks(newKey)).not.toBe(200);
  });

  it('never writes the management secret or a shown key to the data folder', async () => {
    await session.close();
    for (const secret of [MGMT_SECRET, ...shownKeys])
      expect(filesContaining(session.home, secret)).toEqual([]);
  });
});
