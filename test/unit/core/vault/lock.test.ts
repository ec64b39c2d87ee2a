import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertLockHeld, setLockNotice, withFileLock } from '../../../../electron/core/vault/lock';

function target(): string {
  return join(mkdtempSync(join(tmpdir(), 'tobira-lock-')), 'profiles.json');
}

/** Leaves a lock as a holder would: the folder, and its owner file naming `pid` on `host`. */
function leaveLock(path: string, pid: number, host = hostname()): void {
  mkdirSync(`${path}.lock`);
  const owner = { pid, host, token: 'someone-else', since: '2026-12-06T00:00:00.000Z' };
  writeFileSync(join(`${path}.lock`, 'owner'), JSON.stringify(owner));
}

afterEach(() => setLockNotice(undefined));

describe('withFileLock', () => {
  it('takes at once a fresh lock whose holder on this host is gone', async () => {
    const path = target();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    leaveLock(path, gone);
    const started = Date.now();
    await expect(withFileLock(path, async () => 'done')).resolves.toBe('done');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits for a live holder, says after a second which file and pid, then times out naming it', async () => {
    const path = target();
    leaveLock(path, process.ppid);
    const notices: Array<[string, unknown]> = [];
    setLockNotice((key, params) => notices.push([key, params]));
    await expect(withFileLock(path, async () => 'never', { waitMs: 1_500 })).rejects.toMatchObject({
      key: 'vault.lock.timeoutHeld',
      exitCode: 1,
      params: { pid: process.ppid },
    });
    expect(notices).toEqual([
      ['vault.lock.waiting', expect.objectContaining({ file: 'profiles.json', pid: process.ppid })],
    ]);
  });

  it('a holder on another host is never judged by its pid', async () => {
    const path = target();
    leaveLock(path, spawnSync(process.execPath, ['-e', '']).pid, 'another-host.example');
    await expect(withFileLock(path, async () => 'never', { waitMs: 300 })).rejects.toMatchObject({
      key: 'vault.lock.timeoutHeld',
    });
  });

  it('a holder whose lock was taken over stops before it writes, with a clear error', async () => {
    const path = target();
    let wrote = false;
    const run = withFileLock(path, async () => {
      // Another process took the lock over while this one was paused: the owner file is no longer ours.
      writeFileSync(
        join(`${path}.lock`, 'owner'),
        JSON.stringify({ pid: 1, host: hostname(), token: 'newer', since: new Date().toISOString() }),
      );
      assertLockHeld(path);
      wrote = true;
    });
    await expect(run).rejects.toMatchObject({ key: 'vault.lock.compromised', exitCode: 1 });
    expect(wrote).toBe(false);
  });
});
