import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addSession, ssoWorld, type SsoWorld } from './world';

let world: SsoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

interface Listed {
  name: string;
  type: string;
}

async function names(w: SsoWorld): Promise<string[]> {
  const list = await w.run(['profile', 'list', '--json']);
  return (JSON.parse(list.stdout) as Listed[]).map((profile) => profile.name).sort();
}

describe('tobira sso sync', () => {
  it('--dry-run prints the plan and changes nothing; then one profile per account × role, named after both', async () => {
    const w = (world = await ssoWorld({ pageSize: 1 }));
    await addSession(w);
    const before = readFileSync(join(w.home, 'profiles.json'), 'utf8');
    const dry = await w.run(['sso', 'sync', 'org', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('prod-AdministratorAccess');
    expect(dry.stderr).toContain('Nothing was changed');
    expect(readFileSync(join(w.home, 'profiles.json'), 'utf8')).toBe(before);

    const sync = await w.run(['sso', 'sync', 'org', '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const plan = JSON.parse(sync.stdout) as { items: Array<{ action: string; name: string }> };
    expect(plan.items.map((item) => `${item.action} ${item.name}`)).toEqual([
      'create prod-AdministratorAccess',
      'create prod-ReadOnly',
      'create staging-Developer',
      'create sandbox-team-AdministratorAccess',
    ]);
    expect(await names(w)).toEqual([
      'org',
      'prod-AdministratorAccess',
      'prod-ReadOnly',
      'sandbox-team-AdministratorAccess',
      'staging-Developer',
    ]);
    const show = await w.run(['profile', 'show', 'staging-Developer', '--json']);
    expect(show.stdout).toContain('222222222222');

    const again = await w.run(['sso', 'sync', 'org', '--json']);
    const second = JSON.parse(again.stdout) as { items: Array<{ action: string }> };
    expect(second.items.every((item) => item.action === 'unchanged')).toBe(true);
  });

  it('never touches a profile it did not create, and removes only its own when the role is gone', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    // The user's own profile for one role, and an unrelated profile holding a default name.
    const own = await w.run([
      'profile',
      'add',
      'mine',
      '--type',
      'aws-sso',
      '--session',
      'org',
      '--account-id',
      '111111111111',
      '--role-name',
      'ReadOnly',
    ]);
    expect(own.code, own.stderr).toBe(0);
    const otp = await w.run(
      ['profile', 'add', 'staging-Developer', '--type', 'totp'],
      {},
      'JBSWY3DPEHPK3PXP',
    );
    expect(otp.code, otp.stderr).toBe(0);
    const sync = await w.run(['sso', 'sync', 'org', '--prefix', 'aws-', '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const items = (
      JSON.parse(sync.stdout) as { items: Array<{ action: string; name: string; reason?: string }> }
    ).items;
    expect(items).toContainEqual(
      expect.objectContaining({ action: 'skip', name: 'mine', reason: 'covered' }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({ action: 'create', name: 'aws-staging-Developer' }),
    );
    expect(await names(w)).toContain('staging-Developer');

    // The role goes away: the profile sync made for it goes too; the user's stays.
    w.sso.accounts.splice(0, 1);
    const later = await w.run(['sso', 'sync', 'org']);
    expect(later.code, later.stderr).toBe(0);
    const now = await names(w);
    expect(now).not.toContain('aws-prod-AdministratorAccess');
    expect(now).toContain('mine');
    expect(now).toContain('staging-Developer');
  });
});
