import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import * as z from 'zod';
import type { MessageKey, MessageParams } from '../../../shared/i18n';
import { ExitCode, TobiraError } from '../errors';

/**
 * Advisory lock shared by the app and every CLI process: proper-lockfile's mkdir lock (`FILE.lock/`) works on every
 * platform and network file system. Inside it, `owner` names the holder (pid, host, a random token), so that
 * - a lock whose holder on this host is gone (kill -9, crash) is taken at once, not after the stale time;
 * - a wait longer than a second says what it waits for;
 * - a holder that was paused past the stale time (Ctrl-Z, a suspended laptop) and overtaken finds out before it
 *   writes (`assertLockHeld`), and stops with a clear message instead of overwriting the newer holder's write.
 */

/** Where the lock tells the user what it waits for (the CLI prints it on stderr). */
export type LockNotice = (key: MessageKey, params: MessageParams) => void;

let notice: LockNotice | undefined;

export function setLockNotice(next: LockNotice | undefined): void {
  notice = next;
}

const Owner = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  token: z.string(),
  since: z.string(),
});
type Owner = z.infer<typeof Owner>;

const OWNER_FILE = 'owner';
const CONTENTION = new Set(['ELOCKED', 'ENOTEMPTY', 'EEXIST', 'ENOENT']);
/** A wait longer than this is announced once. */
const ANNOUNCE_AFTER_MS = 1_000;

interface Held {
  token: string;
  compromised: boolean;
}

/** Locks this process holds, by file: `assertLockHeld` checks them before a write. */
const held = new Map<string, Held>();

/**
 * proper-lockfile removes its lock with rmdir; ours holds the owner file, so removal must take it along. ENOENT is
 * still reported, as rmdir would.
 */
const lockFs = {
  ...fs,
  rmdir: (path: string, callback: (error: NodeJS.ErrnoException | null) => void) =>
    fs.rm(path, { recursive: true }, callback),
  rmdirSync: (path: string) => fs.rmSync(path, { recursive: true }),
};

export async function withFileLock<T>(
  path: string,
  action: () => Promise<T>,
  options: { waitMs?: number } = {},
): Promise<T> {
  const stale = staleMs();
  const state: Held = { token: randomBytes(12).toString('hex'), compromised: false };
  const release = await acquire(path, stale, options.waitMs ?? 20_000, state);
  held.set(path, state);
  let result: T;
  try {
    result = await action();
  } finally {
    held.delete(path);
    await release().catch(() => undefined);
  }
  // Overtaken while we held it: whatever we did ran alongside another holder. Say so; never pretend all is well.
  if (state.compromised) throw compromised(path, stale);
  return result;
}

/**
 * Throws when the lock on `path` held by this process was taken over by another (this process was paused longer
 * than the stale time). Called right before a write, so a resumed process never overwrites the newer holder's data.
 */
export function assertLockHeld(path: string): void {
  const state = held.get(path);
  if (!state) return;
  if (!state.compromised && readOwner(lockDir(path))?.token === state.token) return;
  state.compromised = true;
  throw compromised(path, staleMs());
}

async function acquire(
  path: string,
  stale: number,
  waitMs: number,
  state: Held,
): Promise<() => Promise<void>> {
  const dir = lockDir(path);
  const started = Date.now();
  let announced = false;
  let delay = 5;
  for (;;) {
    try {
      const release = await lockfile.lock(path, {
        realpath: false,
        stale,
        update: Math.min(2_000, Math.floor(stale / 4)),
        retries: 0,
        fs: lockFs,
        // Called from a timer: throwing here would be an uncaught exception with a raw stack trace.
        onCompromised: () => {
          state.compromised = true;
        },
      });
      writeOwner(dir, state.token);
      return release;
    } catch (error) {
      // A lock folder that vanished or was half removed by a concurrent takeover is contention, not a failure.
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!CONTENTION.has(code) || (code === 'ENOENT' && !fs.existsSync(dirname(path)))) {
        const detail = code || String(error);
        throw new TobiraError('vault.lock.failed', ExitCode.error, { path, detail }, { cause: error });
      }
    }
    const owner = readOwner(dir);
    if (owner && ownerIsGone(owner)) {
      takeOver(dir, owner);
      continue;
    }
    const waited = Date.now() - started;
    if (waited > waitMs) {
      throw owner
        ? new TobiraError('vault.lock.timeoutHeld', ExitCode.error, { path, ...holder(owner) })
        : new TobiraError('vault.lock.timeout', ExitCode.error, { path });
    }
    if (!announced && waited >= ANNOUNCE_AFTER_MS) {
      announced = true;
      notice?.(owner ? 'vault.lock.waiting' : 'vault.lock.waitingUnknown', {
        file: basename(path),
        path,
        ...(owner ? holder(owner) : {}),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random())));
    delay = Math.min(50, Math.ceil(delay * 1.5));
  }
}

/**
 * Removes the lock of a holder that died without releasing it (kill -9, crash). Renamed aside first and checked: if
 * another waiter took it over in between, the live lock is put back (or, failing that, its holder finds out in
 * assertLockHeld before it writes).
 */
function takeOver(dir: string, dead: Owner): void {
  const aside = `${dir}.dead-${randomBytes(6).toString('hex')}`;
  try {
    fs.renameSync(dir, aside);
  } catch {
    return; // already gone: just try again
  }
  if (readOwner(aside)?.token !== dead.token) {
    try {
      fs.renameSync(aside, dir);
      return;
    } catch {
      // taken again meanwhile; the holder we moved aside will see it is no longer the owner
    }
  }
  fs.rmSync(aside, { recursive: true, force: true });
}

function lockDir(path: string): string {
  return `${path}.lock`;
}

function writeOwner(dir: string, token: string): void {
  const owner: Owner = { pid: process.pid, host: hostname(), token, since: new Date().toISOString() };
  try {
    // proper-lockfile tells its own lock by the folder's mtime, which adding a file changes: put it back.
    const { atime, mtime } = fs.statSync(dir);
    // Written aside, then renamed in: a reader sees no owner or the whole owner, never half of it.
    const temp = join(dir, `${OWNER_FILE}.${token}.tmp`);
    fs.writeFileSync(temp, JSON.stringify(owner), { mode: 0o600 });
    fs.renameSync(temp, join(dir, OWNER_FILE));
    fs.utimesSync(dir, atime, mtime);
  } catch {
    // Without it, others fall back to the stale time: slower, never wrong.
  }
}

function readOwner(dir: string): Owner | undefined {
  try {
    const parsed = Owner.safeParse(JSON.parse(fs.readFileSync(join(dir, OWNER_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Only a holder on this host can be checked; a pid that answers (or belongs to another user) is alive. */
function ownerIsGone(owner: Owner): boolean {
  if (owner.host !== hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function holder(owner: Owner): MessageParams {
  return { pid: owner.pid, host: owner.host, since: owner.since };
}

function compromised(path: string, stale: number): TobiraError {
  return new TobiraError('vault.lock.compromised', ExitCode.error, {
    path,
    seconds: Math.round(stale / 1000),
  });
}

/**
 * How old a lock must be before another process takes it over (the holder refreshes it while alive). 10 s; crash
 * tests shorten it with TOBIRA_LOCK_STALE_MS (proper-lockfile's floor is 2 s).
 */
function staleMs(): number {
  const fromEnv = Number(process.env.TOBIRA_LOCK_STALE_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 2_000 ? fromEnv : 10_000;
}
