import lockfile from 'proper-lockfile';
import { ExitCode, TobiraError } from '../errors';

/**
 * Advisory lock shared by the app and every CLI process: proper-lockfile's mkdir lock works on every platform and
 * network file system, and takes over a lock left by a killed process once it is stale.
 */
export async function withFileLock<T>(
  path: string,
  action: () => Promise<T>,
  options: { waitMs?: number } = {},
): Promise<T> {
  let release: () => Promise<void>;
  const maxTimeout = 50;
  const stale = staleMs();
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale,
      update: Math.min(2_000, Math.floor(stale / 4)),
      // Enough retries to wait about `waitMs` (default 20 s) at the capped interval.
      retries: {
        retries: Math.ceil((options.waitMs ?? 20_000) / maxTimeout),
        factor: 1.2,
        minTimeout: 5,
        maxTimeout,
        randomize: true,
      },
    });
  } catch (error) {
    throw new TobiraError('vault.lock.timeout', ExitCode.error, { path }, { cause: error });
  }
  try {
    return await action();
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * How old a lock must be before another process takes it over (the holder refreshes it while alive). 10 s; crash
 * tests shorten it with TOBIRA_LOCK_STALE_MS (proper-lockfile's floor is 2 s).
 */
function staleMs(): number {
  const fromEnv = Number(process.env.TOBIRA_LOCK_STALE_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 2_000 ? fromEnv : 10_000;
}
