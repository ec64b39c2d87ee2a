import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTobiraError } from '../../../../electron/core';
import {
  MAX_SECRET_BYTES,
  PROFILES_FILE_NAME,
  SECRETS_FILE_NAME,
  Vault,
} from '../../../../electron/core/vault';

describe('Vault', () => {
  it('refuses a secret over 64 KiB with exit 2 before writing anything, whoever calls it (CLI, app, browser mode)', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'tobira-vault-')), 'home');
    const vault = new Vault({ home, env: { TOBIRA_SECRET_STORE: 'file' }, passphrase: async () => 'pw' });
    const big = 'x'.repeat(MAX_SECRET_BYTES + 1);
    const add = await vault
      .add({ name: 'big', type: 'soracom', fields: {}, secrets: { password: 'ok', other: big } })
      .catch((error: unknown) => error);
    expect(isTobiraError(add) && [add.key, add.exitCode]).toEqual(['vault.secret.tooLarge', 2]);
    expect(existsSync(join(home, SECRETS_FILE_NAME))).toBe(false);
    expect(vault.list()).toEqual([]);

    await vault.add({ name: 't', type: 'totp', fields: {}, secrets: { seed: 'JBSWY3DPEHPK3PXP' } });
    const profiles = readFileSync(join(home, PROFILES_FILE_NAME), 'utf8');
    const secrets = readFileSync(join(home, SECRETS_FILE_NAME), 'utf8');
    const mfa = await vault
      .setMfa('t', { kind: 'totp', secret: big, params: { digits: 6, period: 30, algorithm: 'SHA1' } })
      .catch((error: unknown) => error);
    expect(isTobiraError(mfa) && mfa.key).toBe('vault.secret.tooLarge');
    expect(readFileSync(join(home, PROFILES_FILE_NAME), 'utf8')).toBe(profiles);
    expect(readFileSync(join(home, SECRETS_FILE_NAME), 'utf8')).toBe(secrets);
  });
});
