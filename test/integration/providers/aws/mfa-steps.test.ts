import { afterEach, describe, expect, it } from 'vitest';
import { runTobira, type CliRun } from '../../../harness/cli';
import { roomInStep } from '../../../harness/totp-step';
import { addProfiles, awsWorld, CANARY_SECRET, MFA_SECRET, type AwsWorld } from './fixture';

const worlds: AwsWorld[] = [];
afterEach(async () => {
  for (const created of worlds.splice(0)) await created.fake.close();
});

async function world(): Promise<AwsWorld> {
  const created = await awsWorld();
  worlds.push(created);
  await addProfiles(created);
  return created;
}

function run(w: AwsWorld, args: readonly string[], options: Partial<CliRun> = {}) {
  return runTobira(args, { home: w.home, env: w.env, input: '', ...options });
}

describe('MFA time steps against the fake STS', () => {
  it('after a run with the clock an hour ahead, AWS says the clock is off, and the next normal login goes on at once', async () => {
    const w = await world();
    const ahead = await run(w, ['login', 'alice'], { wrapper: ['faketime', '-f', '+1h'] });
    expect(ahead.code).toBe(3);
    expect(ahead.stderr).toMatch(/your clock is off: it is about 3\d{3} s ahead of AWS/);
    expect(ahead.stderr).toContain('timedatectl set-ntp true');
    expect(ahead.stderr).not.toMatch(/remove|Error:\s+at /);
    const started = Date.now();
    const normal = await run(w, ['login', 'alice']);
    expect(normal.stderr).toMatch(/clock moved back by about 3\d{3} s since the last MFA code for alice/);
    expect(normal.stderr).not.toMatch(/waiting \d+ s for the next/);
    expect(normal.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(`${ahead.stderr}${normal.stderr}${normal.stdout}`).not.toContain(CANARY_SECRET);
  }, 60_000);

  it('two profiles on one MFA device: the second login in the same step waits for the next code instead of resending', async () => {
    const w = await world();
    const twin = await run(
      w,
      [
        'profile',
        'add',
        'alice-ci',
        '--type',
        'aws-iam-user',
        '--access-key-id',
        w.user.accessKeyId,
        '--mfa-serial',
        w.user.mfa?.serial ?? '',
      ],
      { input: `${CANARY_SECRET}\n` },
    );
    expect(twin.code).toBe(0);
    // The same secret, typed as an authenticator app shows it (groups of four, lower case).
    const grouped = MFA_SECRET.toLowerCase()
      .replace(/(.{4})/g, '$1 ')
      .trim();
    expect((await run(w, ['mfa', 'set', 'alice-ci'], { input: `${grouped}\n` })).code).toBe(0);
    await roomInStep(10);
    const first = await run(w, ['login', 'alice', '--force']);
    expect(first.code).toBe(0);
    const second = await run(w, ['login', 'alice-ci', '--force']);
    expect(second.stderr).toMatch(/already sent for alice-ci \(or for a profile with the same MFA device\)/);
    expect(second.code).toBe(0);
    const tokens = w.fake.calls.filter((call) => call.params.TokenCode !== undefined);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]?.params.TokenCode).not.toBe(tokens[1]?.params.TokenCode);
  }, 90_000);
});
