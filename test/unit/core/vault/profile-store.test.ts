import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileStore } from '../../../../electron/core/vault';
import type { TobiraError } from '../../../../electron/core';

function newStore(): ProfileStore {
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-unit-')), 'home');
  mkdirSync(home, { mode: 0o700 });
  return new ProfileStore(home);
}

const record = (name: string) => ({
  id: crypto.randomUUID(),
  name,
  type: 'totp',
  fields: {},
  secrets: {},
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});

describe('ProfileStore', () => {
  it('starts empty, writes 0600 in a 0700 folder and leaves no temp files', async () => {
    const store = newStore();
    expect(store.read().profiles).toEqual([]);
    await store.update(async (file) => ({ file: { ...file, profiles: [record('a')] }, result: undefined }));
    expect(store.read().profiles.map((profile) => profile.name)).toEqual(['a']);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(statSync(store.home).mode & 0o777).toBe(0o700);
    expect(readdirSync(store.home).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a corrupt file with a clear error and leaves it byte for byte', async () => {
    const store = newStore();
    const torn = '{"schemaVersion":1,"profiles":[{"name":';
    writeFileSync(store.path, torn);
    expect(() => store.read()).toThrowError(
      expect.objectContaining({ key: 'vault.profiles.corrupt' }) as TobiraError,
    );
    await expect(store.update(async (file) => ({ file, result: undefined }))).rejects.toMatchObject({
      key: 'vault.profiles.corrupt',
    });
    expect(readFileSync(store.path, 'utf8')).toBe(torn);
  });

  it('refuses a file from a newer Tobira instead of downgrading it', () => {
    const store = newStore();
    writeFileSync(store.path, JSON.stringify({ schemaVersion: 2, profiles: [] }));
    expect(() => store.read()).toThrowError(
      expect.objectContaining({ key: 'vault.profiles.newer' }) as TobiraError,
    );
  });

  it('never writes duplicate names or unknown keys', async () => {
    const store = newStore();
    await expect(
      store.update(async (file) => ({
        file: { ...file, profiles: [record('a'), record('a')] },
        result: undefined,
      })),
    ).rejects.toThrow(/duplicate name a/);
    writeFileSync(store.path, JSON.stringify({ schemaVersion: 1, profiles: [], password: 'x' }));
    expect(() => store.read()).toThrowError(
      expect.objectContaining({ key: 'vault.profiles.corrupt' }) as TobiraError,
    );
  });

  it('keeps the previous file when a change fails midway', async () => {
    const store = newStore();
    await store.update(async (file) => ({
      file: { ...file, profiles: [record('kept')] },
      result: undefined,
    }));
    const before = readFileSync(store.path, 'utf8');
    await expect(
      store.update(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readFileSync(store.path, 'utf8')).toBe(before);
  });
});
