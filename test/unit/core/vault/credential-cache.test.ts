import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialCache, Vault } from '../../../../electron/core/vault';

async function setup() {
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-cache-')), 'home');
  const vault = new Vault({ home, env: { TOBIRA_SECRET_STORE: 'file' }, passphrase: async () => 'pw' });
  const profile = await vault.add({ name: 'p', type: 'totp', fields: {}, secrets: {} });
  return { vault, profile };
}

const inMinutes = (now: number, minutes: number) => new Date(now + minutes * 60_000).toISOString();

describe('CredentialCache', () => {
  it('reuses a session until 5 minutes before it expires, then obtains a new one', async () => {
    const { vault, profile } = await setup();
    const clock = { now: Date.parse('2026-11-24T10:00:00Z') };
    const cache = new CredentialCache(vault, () => clock.now);
    let logins = 0;
    const obtain = async () => ({ expiration: inMinutes(clock.now, 60), data: { login: ++logins } });

    expect((await cache.getOrObtain(profile, obtain)).fromCache).toBe(false);
    clock.now += 54 * 60_000;
    expect(await cache.getOrObtain(profile, obtain)).toMatchObject({
      fromCache: true,
      entry: { data: { login: 1 } },
    });
    clock.now += 2 * 60_000; // 4 minutes left
    expect(await cache.getOrObtain(profile, obtain)).toMatchObject({
      fromCache: false,
      entry: { data: { login: 2 } },
    });
  });

  it('concurrent callers share one login', async () => {
    const { vault, profile } = await setup();
    const cache = new CredentialCache(vault);
    let logins = 0;
    const obtain = async () => {
      logins += 1;
      await new Promise((resolve) => setTimeout(resolve, 150));
      return { expiration: inMinutes(Date.now(), 60), data: { token: 't' } };
    };
    const results = await Promise.all(Array.from({ length: 8 }, () => cache.getOrObtain(profile, obtain)));
    expect(logins).toBe(1);
    expect(results.filter((result) => !result.fromCache)).toHaveLength(1);
  });

  it('force re-logs in; clear forgets; a damaged entry is a miss; removing the profile removes the cache', async () => {
    const { vault, profile } = await setup();
    const cache = new CredentialCache(vault);
    const obtain = async () => ({ expiration: inMinutes(Date.now(), 60), data: {} });
    await cache.getOrObtain(profile, obtain);
    expect((await cache.getOrObtain(profile, obtain, { force: true })).fromCache).toBe(false);
    await cache.clear(profile);
    expect(await cache.read(profile)).toBeUndefined();

    await (await vault.secretStore()).set(`cache-${profile.id}`, '{not json');
    expect(await cache.read(profile)).toBeUndefined();

    await cache.getOrObtain(profile, obtain);
    await vault.remove('p');
    expect(await (await vault.secretStore()).get(`cache-${profile.id}`)).toBeUndefined();
  });
});
