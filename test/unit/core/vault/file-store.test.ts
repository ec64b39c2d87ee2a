import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../../electron/core/vault';

const CANARY = 'canary-file-store-9f3b2c71';

function storeWith(passphrase: string, home = join(mkdtempSync(join(tmpdir(), 'tobira-fs-')), 'home')) {
  return new FileSecretStore(home, async () => passphrase);
}

describe('FileSecretStore', () => {
  it('round-trips secrets, and the file holds no plaintext', async () => {
    const store = storeWith('correct horse');
    await store.set('id-00000001', CANARY);
    await store.set('id-00000002', 'second');
    expect(await storeWith('correct horse', store.home).get('id-00000001')).toBe(CANARY);
    expect(await store.get('id-00000002')).toBe('second');
    expect(await store.get('id-missing')).toBeUndefined();
    expect(readFileSync(store.path, 'utf8')).not.toContain(CANARY);
    expect(readFileSync(store.path, 'utf8')).not.toContain('correct horse');
  });

  it('deletes one record and keeps the others', async () => {
    const store = storeWith('pw');
    await store.set('id-00000001', 'a');
    await store.set('id-00000002', 'b');
    await store.delete('id-00000001');
    await store.delete('id-never-there');
    expect(await store.get('id-00000001')).toBeUndefined();
    expect(await store.get('id-00000002')).toBe('b');
  });

  it('a wrong passphrase is a clear error and changes nothing', async () => {
    const store = storeWith('right');
    await store.set('id-00000001', CANARY);
    const before = readFileSync(store.path, 'utf8');
    const wrong = storeWith('wrong', store.home);
    await expect(wrong.get('id-00000001')).rejects.toMatchObject({
      key: 'vault.file.wrongPassphrase',
      exitCode: 1,
    });
    await expect(wrong.set('id-00000003', 'x')).rejects.toMatchObject({ key: 'vault.file.wrongPassphrase' });
    await expect(wrong.delete('id-00000001')).rejects.toMatchObject({ key: 'vault.file.wrongPassphrase' });
    expect(readFileSync(store.path, 'utf8')).toBe(before);
    expect(await storeWith('right', store.home).get('id-00000001')).toBe(CANARY);
  });

  it('a record moved to another id fails its integrity check', async () => {
    const store = storeWith('pw');
    await store.set('id-00000001', CANARY);
    const file = JSON.parse(readFileSync(store.path, 'utf8')) as { records: Record<string, unknown> };
    file.records['id-00000002'] = file.records['id-00000001'];
    writeFileSync(store.path, JSON.stringify(file));
    await expect(storeWith('pw', store.home).get('id-00000002')).rejects.toMatchObject({
      key: 'vault.file.tampered',
    });
  });

  it('refuses a damaged file without touching it', async () => {
    const store = storeWith('pw');
    await store.set('id-00000001', 'x');
    writeFileSync(store.path, '{"format":"tobira-secrets"');
    await expect(store.set('id-00000002', 'y')).rejects.toMatchObject({ key: 'vault.file.corrupt' });
    expect(readFileSync(store.path, 'utf8')).toBe('{"format":"tobira-secrets"');
  });

  it('an empty passphrase is refused', async () => {
    await expect(storeWith('').set('id-00000001', 'x')).rejects.toMatchObject({
      key: 'vault.file.passphraseEmpty',
    });
  });
});
