import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, runTobira, tempHome } from '../../harness/cli';

const SEED = 'JBSWY3DPEHPK3PXP';
const KIB_64 = 64 * 1024;

function snapshot(home: string): { profiles: string; secrets: string } {
  return {
    profiles: readFileSync(join(home, 'profiles.json'), 'utf8'),
    secrets: readFileSync(join(home, 'secrets.enc'), 'utf8'),
  };
}

describe('secrets over 64 KiB are refused and nothing is written (T11)', () => {
  it('a 20 MB password on stdin, an over-long MFA seed, and one byte over the limit: exit 2, files unchanged', async () => {
    const home = tempHome('tobira-secret-size-');
    const run = (args: string[], input: string) => runTobira(args, { home, env: FILE_STORE_ENV, input });
    const first = await run(['profile', 'add', 't', '--type', 'totp'], `${SEED}\n`);
    expect(first.code, first.stderr).toBe(0);
    const before = snapshot(home);

    const huge = await run(
      ['profile', 'add', 'big', '--type', 'soracom', '--email', 'root@example.com'],
      `${'p'.repeat(20 * 1024 * 1024)}\n`,
    );
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain('A secret may be at most 64 KiB');
    expect(snapshot(home)).toEqual(before);

    const seed = await run(['mfa', 'set', 't'], `${'A'.repeat(KIB_64 + 1)}\n`);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('64 KiB');
    expect(snapshot(home)).toEqual(before);

    // Counted in bytes of UTF-8: 21,846 three-byte characters are 65,538 bytes.
    const wide = await run(
      ['profile', 'add', 'wide', '--type', 'soracom', '--email', 'root@example.com', '--lang', 'ja'],
      `${'鍵'.repeat(Math.ceil((KIB_64 + 1) / 3))}\n`,
    );
    expect(wide.code).toBe(2);
    expect(wide.stderr).toContain('64 KiB までです');
    expect(snapshot(home)).toEqual(before);

    const list = await run(['profile', 'list', '--json'], '');
    expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((row) => row.name)).toEqual(['t']);

    // The limit itself is still a valid secret.
    const edge = await run(
      ['profile', 'add', 'edge', '--type', 'soracom', '--email', 'root@example.com'],
      `${'p'.repeat(KIB_64)}\n`,
    );
    expect(edge.code, edge.stderr).toBe(0);
  });
});
