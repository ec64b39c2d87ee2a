import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfilesFile } from '../../../../electron/core/vault';
import { FILE_STORE_ENV, runTobira, spawnTobira, tempHome } from '../../../harness/cli';

const SECRET = 'lockTestSecretKey0123456789abcdefghijklmn';

function addArgs(name: string): string[] {
  return [
    'profile',
    'add',
    name,
    '--type',
    'aws-iam-user',
    '--access-key-id',
    `AKIALOCK${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.padEnd(20, '0'),
  ];
}

function profileNames(home: string): string[] {
  const file = ProfilesFile.parse(JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')));
  return file.profiles.map((profile) => profile.name).sort();
}

/**
 * Starts `profile add NAME` and, the moment it holds the lock on profiles.json (its owner file appears), sends it
 * `signal`. Returns the child and its exit.
 */
async function holderStoppedInLock(
  home: string,
  env: Record<string, string>,
  name: string,
  signal: NodeJS.Signals,
) {
  const child = spawnTobira(addArgs(name), { home, env, input: `${SECRET}\n` });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const owner = join(home, 'profiles.json.lock', 'owner');
  const deadline = Date.now() + 20_000;
  while (!existsSync(owner) || !readFileSync(owner, 'utf8').includes('"pid"')) {
    if (Date.now() > deadline) throw new Error('the holder never took the lock');
    await new Promise((resolve) => setImmediate(resolve));
  }
  child.kill(signal);
  return { child, exit, stderr: () => stderr };
}

describe('locks on TOBIRA_HOME files', () => {
  it('a holder killed with -9 leaves its lock behind; the next writer takes it at once', async () => {
    const home = tempHome('tobira-locks-');
    const env = { ...FILE_STORE_ENV };
    expect((await runTobira(addArgs('first'), { home, env, input: `${SECRET}\n` })).code).toBe(0);
    const holder = await holderStoppedInLock(home, env, 'killed', 'SIGKILL');
    await holder.exit;
    expect(existsSync(join(home, 'profiles.json.lock'))).toBe(true);
    const started = Date.now();
    const next = await runTobira(addArgs('next'), { home, env, input: `${SECRET}\n` });
    const took = Date.now() - started;
    expect(next.code, next.stderr).toBe(0);
    // Taken within the first second (no "waiting" notice), not after the 10 s stale time; the whole command (node
    // start, scrypt) included.
    expect(next.stderr).not.toContain('Waiting for');
    expect(took).toBeLessThan(2_500);
    expect(profileNames(home)).toEqual(['first', 'next']);
  }, 60_000);

  it('a wait longer than a second names the file and the pid that holds it', async () => {
    const home = tempHome('tobira-locks-');
    const env = { ...FILE_STORE_ENV };
    expect((await runTobira(addArgs('first'), { home, env, input: `${SECRET}\n` })).code).toBe(0);
    const holder = await holderStoppedInLock(home, env, 'paused', 'SIGSTOP');
    const waiter = runTobira(addArgs('waiter'), { home, env, input: `${SECRET}\n` });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    holder.child.kill('SIGCONT');
    const result = await waiter;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Waiting for profiles.json: Tobira process ${holder.child.pid} on `);
    expect(await holder.exit, holder.stderr()).toBe(0);
    expect(profileNames(home)).toEqual(['first', 'paused', 'waiter']);
  }, 60_000);

  it('a holder stopped past the stale time and overtaken stops with a clear message on resume; no write is lost', async () => {
    const home = tempHome('tobira-locks-');
    const env = { ...FILE_STORE_ENV, TOBIRA_LOCK_STALE_MS: '2000' };
    expect((await runTobira(addArgs('first'), { home, env, input: `${SECRET}\n` })).code).toBe(0);
    const holder = await holderStoppedInLock(home, env, 'stopped', 'SIGSTOP');
    const overtaker = await runTobira(addArgs('overtaker'), { home, env, input: `${SECRET}\n` });
    expect(overtaker.code, overtaker.stderr).toBe(0);
    holder.child.kill('SIGCONT');
    expect(await holder.exit).toBe(1);
    // SIGSTOP lands a moment after the holder reports holding profiles.json's lock: under load it may already hold
    // secrets.enc's (taken inside it) too, and either overtaken lock is the one it notices first.
    expect(holder.stderr()).toMatch(
      /lost its lock on .*(profiles\.json|secrets\.enc): this process was paused for more than 2 s/,
    );
    expect(holder.stderr()).not.toMatch(/ECOMPROMISED|\n\s+at /);
    // Every completed write is there, and the file is whole.
    expect(profileNames(home)).toEqual(['first', 'overtaker']);
    const later = await runTobira(addArgs('later'), { home, env, input: `${SECRET}\n` });
    expect(later.code, later.stderr).toBe(0);
    expect(profileNames(home)).toEqual(['first', 'later', 'overtaker']);
  }, 60_000);

  it('a lock whose owner is alive is not taken before the stale time', async () => {
    const home = tempHome('tobira-locks-');
    const env = { ...FILE_STORE_ENV };
    expect((await runTobira(addArgs('first'), { home, env, input: `${SECRET}\n` })).code).toBe(0);
    const holder = await holderStoppedInLock(home, env, 'held', 'SIGSTOP');
    const waiter = spawnTobira(addArgs('waiter'), { home, env, input: `${SECRET}\n` });
    const waiterExit = new Promise<number | null>((resolve) => waiter.on('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(profileNames(home)).toEqual(['first']);
    holder.child.kill('SIGCONT');
    expect(await holder.exit).toBe(0);
    expect(await waiterExit).toBe(0);
    expect(profileNames(home)).toEqual(['first', 'held', 'waiter']);
  }, 60_000);
});
