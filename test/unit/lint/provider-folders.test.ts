import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The folder shape of docs/adding-a-provider.md, checked where a reader relies on it to find things. */
const root = resolve(import.meta.dirname, '../../../electron/core/providers');
const folders = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'common')
  .map((entry) => entry.name);

function filesOf(folder: string): string[] {
  return readdirSync(join(root, folder)).filter((name) => name.endsWith('.ts'));
}

/** [folder/file, …] of the provider files whose text matches. */
function where(pattern: RegExp): string[] {
  return folders.flatMap((folder) =>
    filesOf(folder)
      .filter((file) => pattern.test(readFileSync(join(root, folder, file), 'utf8')))
      .map((file) => `${folder}/${file}`),
  );
}

describe('every provider folder has the documented shape', () => {
  it('finds the provider folders', () => {
    expect(folders).toEqual(
      expect.arrayContaining(['alibaba', 'auth0', 'aws', 'idp-server', 'krypton', 'soracom', 'totp']),
    );
  });

  it('has index.ts and profile.ts', () => {
    for (const folder of folders) {
      expect({ folder, files: filesOf(folder) }).toMatchObject({
        folder,
        files: expect.arrayContaining(['index.ts', 'profile.ts']),
      });
    }
  });

  it('with a login of its own, has session.ts and export.ts, or takes both from the provider it builds on', () => {
    for (const folder of folders.filter((name) => filesOf(name).includes('login.ts'))) {
      const files = filesOf(folder);
      const own = files.includes('session.ts') && files.includes('export.ts');
      const index = readFileSync(join(root, folder, 'index.ts'), 'utf8');
      const borrowed = folders.some((other) => other !== folder && index.includes(`from '../${other}'`));
      expect({ folder, own, borrowed }).not.toMatchObject({ own: false, borrowed: false });
    }
  });

  it('keeps session schemas in session.ts', () => {
    expect(where(/export const \w+Session = z/).filter((path) => !path.endsWith('/session.ts'))).toEqual([]);
  });

  it('keeps a service’s rejection class in its API modules, apart from errors.ts that tells it', () => {
    const outside = where(/class \w+Rejection extends Error/).filter((path) =>
      /\/(errors|login|export|profile|session|index|actions)\.ts$/.test(path),
    );
    expect(outside).toEqual([]);
    expect(where(/class \w+Rejection extends Error/)).toEqual(
      expect.arrayContaining(['auth0/api.ts', 'aws/api.ts']),
    );
  });

  it('declares the app actions a provider serves in actions.ts', () => {
    const declared = where(/: ProviderActions = /);
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((path) => !path.endsWith('/actions.ts'))).toEqual([]);
  });
});
