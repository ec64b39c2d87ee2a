import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProfileShadow } from '../../../../../electron/core/providers/aws';

function home(files: { credentials?: string; config?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'tobira-shadow-'));
  mkdirSync(join(dir, '.aws'));
  if (files.credentials !== undefined) writeFileSync(join(dir, '.aws', 'credentials'), files.credentials);
  if (files.config !== undefined) writeFileSync(join(dir, '.aws', 'config'), files.config);
  return { HOME: dir };
}

describe('the default profile that would win over exec --server’s endpoint', () => {
  it('is found in ~/.aws/credentials (keys) and ~/.aws/config (keys, a role, a process, SSO)', async () => {
    const keys = home({
      credentials: '[work]\naws_access_key_id = A\n[default]\naws_access_key_id = AKIA\n',
    });
    expect(await defaultProfileShadow(keys)).toBe(join(keys.HOME, '.aws', 'credentials'));
    for (const line of ['role_arn = arn:aws:iam::1:role/x', 'credential_process = x', 'sso_session = org']) {
      const env = home({ config: `[default]\nregion = eu-west-1\n${line}\n` });
      expect(await defaultProfileShadow(env)).toBe(join(env.HOME, '.aws', 'config'));
    }
  });

  it('is not reported for a default profile with settings only, another profile with keys, or no files', async () => {
    expect(
      await defaultProfileShadow(home({ config: '[default]\nregion = eu-west-1\noutput = json\n' })),
    ).toBe(undefined);
    expect(await defaultProfileShadow(home({ credentials: '[work]\naws_access_key_id = AKIA\n' }))).toBe(
      undefined,
    );
    expect(await defaultProfileShadow(home({}))).toBe(undefined);
    const custom = home({});
    const path = join(custom.HOME, 'elsewhere');
    writeFileSync(path, '[default]\naws_access_key_id = AKIA\n');
    expect(await defaultProfileShadow({ ...custom, AWS_SHARED_CREDENTIALS_FILE: path })).toBe(path);
  });
});
