import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTobiraError } from '../../../../electron/core';
import { PROFILES_FILE_NAME, SECRETS_FILE_NAME, Vault } from '../../../../electron/core/vault';
import * as atomic from '../../../../electron/core/vault/atomic-file';

vi.mock('../../../../electron/core/vault/atomic-file', async (importOriginal) => {
  const actual = await importOriginal<typeof atomic>();
  return { ...actual, writeFileAtomic: vi.fn(actual.writeFileAtomic) };
});

const writes = () => vi.mocked(atomic.writeFileAtomic).mock.calls.map(([path]) => basename(String(path)));

function fileVault() {
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-batch-')), 'home');
  return {
    home,
    vault: new Vault({ home, env: { TOBIRA_SECRET_STORE: 'file' }, passphrase: async () => 'pw' }),
  };
}

const totp = (name: string, seed = 'JBSWY3DPEHPK3PXP') => ({
  name,
  type: 'totp',
  fields: {},
  secrets: { seed },
});

afterEach(() => vi.mocked(atomic.writeFileAtomic).mockClear());

describe('Vault.addMany (the bulk-write transaction)', () => {
  it('adds 500 profiles with one write of profiles.json and one of secrets.enc, skipping names already taken', async () => {
    const { vault } = fileVault();
    await vault.add(totp('p-0'));
    vi.mocked(atomic.writeFileAtomic).mockClear();

    const batch = Array.from({ length: 500 }, (_, index) => totp(`p-${index}`, `SEED${index}AAAAAAAA`));
    const { added, existing } = await vault.addMany(batch);

    expect(writes().sort()).toEqual([PROFILES_FILE_NAME, SECRETS_FILE_NAME]);
    expect(existing).toEqual(['p-0']);
    expect(added).toHaveLength(499);
    expect(vault.list()).toHaveLength(500);
    const p42 = vault.get('p-42');
    expect(await vault.readSecret(p42, 'seed')).toBe('SEED42AAAAAAAA');
  });

  it('a failure after the secrets were written leaves profiles.json as it was and takes the secrets back', async () => {
    const { home, vault } = fileVault();
    await vault.add(totp('keep'));
    const profilesBefore = readFileSync(join(home, PROFILES_FILE_NAME), 'utf8');
    const recordsBefore = Object.keys(
      (JSON.parse(readFileSync(join(home, SECRETS_FILE_NAME), 'utf8')) as { records: object }).records,
    );

    // The last profile's name is one profiles.json refuses: its check comes after every secret is written.
    const batch = [totp('a'), totp('b'), totp('bad name!')];
    const failed = await vault.addMany(batch).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);

    expect(readFileSync(join(home, PROFILES_FILE_NAME), 'utf8')).toBe(profilesBefore);
    const recordsAfter = Object.keys(
      (JSON.parse(readFileSync(join(home, SECRETS_FILE_NAME), 'utf8')) as { records: object }).records,
    );
    expect(recordsAfter).toEqual(recordsBefore);
    expect(vault.list().map((profile) => profile.name)).toEqual(['keep']);
  });

  it("onExisting 'fail' refuses the whole batch when one name is taken, writing nothing", async () => {
    const { home, vault } = fileVault();
    await vault.add(totp('taken'));
    const before = readFileSync(join(home, PROFILES_FILE_NAME), 'utf8');
    vi.mocked(atomic.writeFileAtomic).mockClear();

    const failed = await vault
      .addMany([totp('new-1'), totp('taken')], { onExisting: 'fail' })
      .catch((error: unknown) => error);
    expect(isTobiraError(failed) && [failed.key, failed.params]).toEqual([
      'profile.exists',
      { name: 'taken' },
    ]);
    expect(writes()).toEqual([]);
    expect(readFileSync(join(home, PROFILES_FILE_NAME), 'utf8')).toBe(before);
  });
});

describe('cached reads (the app process)', () => {
  it("a vault that reuses parsed files still sees another process's writes at once", async () => {
    const { home } = fileVault();
    const env = { TOBIRA_SECRET_STORE: 'file' };
    const app = new Vault({ home, env, passphrase: async () => 'pw', cacheReads: true });
    const cli = new Vault({ home, env, passphrase: async () => 'pw' });
    await cli.add(totp('one', 'SEEDONEAAAAAAAAA'));
    expect(app.list().map((profile) => profile.name)).toEqual(['one']);
    expect(app.list()).toBe(app.list()); // unchanged file: the same parsed copy
    await cli.addMany([totp('two', 'SEEDTWOAAAAAAAAA')]);
    expect(app.list().map((profile) => profile.name)).toEqual(['one', 'two']);
    expect(await app.readSecret(app.get('two'), 'seed')).toBe('SEEDTWOAAAAAAAAA');
    await cli.remove('two');
    expect(app.list().map((profile) => profile.name)).toEqual(['one']);
    const store = await app.secretStore();
    expect(await store.get(cli.get('one').secrets.seed ?? '')).toBe('SEEDONEAAAAAAAAA');
  });
});
