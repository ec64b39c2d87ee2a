import { basename } from 'node:path';
import { debug, debugEnabled, msSince } from '../debug';
import { withFileLock } from './lock';

/**
 * withFileLock with --debug lines: which lock, how long it took to get it, how long it was held. Only the file's
 * name is shown (profiles.json, secrets.enc, session-<profile id>), never what the lock protects.
 */
export async function withTracedLock<T>(
  path: string,
  action: () => Promise<T>,
  options?: Parameters<typeof withFileLock>[2],
): Promise<T> {
  if (!debugEnabled()) return withFileLock(path, action, options);
  const name = basename(path);
  const asked = performance.now();
  let acquired = false;
  try {
    return await withFileLock(
      path,
      async () => {
        acquired = true;
        debug('lock', `${name}: acquired after ${msSince(asked)}`);
        const held = performance.now();
        try {
          return await action();
        } finally {
          debug('lock', `${name}: released after ${msSince(held)}`);
        }
      },
      options,
    );
  } catch (error) {
    if (!acquired) debug('lock', `${name}: not acquired after ${msSince(asked)}`);
    throw error;
  }
}
