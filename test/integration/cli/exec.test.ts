import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addProfiles, awsWorld, type AwsWorld } from '../providers/aws/fixture';

const worlds: AwsWorld[] = [];
afterEach(async () => {
  for (const created of worlds.splice(0)) await created.fake.close();
});

describe('tobira exec of a command that cannot start', () => {
  it('exits 127 when it is missing and 126 when it cannot run, saying which', async () => {
    const world = await awsWorld({ mfa: false });
    worlds.push(world);
    await addProfiles(world, { mfa: false });
    const missing = await world.run(['exec', 'admin', '--', 'tobira-no-such-command-xyz', '--flag']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/tobira-no-such-command-xyz: command not found/);

    const notExecutable = join(mkdtempSync(join(tmpdir(), 'tobira-exec-')), 'deploy.sh');
    writeFileSync(notExecutable, '#!/bin/sh\necho deployed\n', { mode: 0o644 });
    const cannot = await world.run(['exec', 'admin', '--', notExecutable]);
    expect(cannot.code).toBe(126);
    expect(cannot.stderr).toContain(`${notExecutable}: cannot run it (EACCES)`);
    expect(cannot.stdout).toBe('');

    const ja = await world.run(['--lang', 'ja', 'exec', 'admin', '--', 'tobira-no-such-command-xyz']);
    expect(ja.code).toBe(127);
    expect(ja.stderr).toMatch(/コマンドが見つかりません/);
  });
});
