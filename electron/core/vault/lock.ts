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
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale: 10_000,
      update: 2_000,
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
