import { mkdirSync, statSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ExitCode, TobiraError } from './errors';

export type Env = Readonly<Record<string, string | undefined>>;

/** The default data folder per platform (docs/architecture.md §3), used when neither --home nor TOBIRA_HOME is given. */
export function defaultHome(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tobira');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Tobira');
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.config'), 'tobira');
}

export function resolveHome(explicit: string | undefined, env: Env): string {
  const chosen = explicit ?? env.TOBIRA_HOME;
  return resolve(chosen && chosen.length > 0 ? chosen : defaultHome(env));
}

/** Creates the data folder 0700 if needed and tightens an existing one that others can read. */
export function ensureHome(home: string): void {
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32' && (statSync(home).mode & 0o077) !== 0) chmodSync(home, 0o700);
  } catch (error) {
    throw new TobiraError(
      'error.home.permissions',
      ExitCode.error,
      { path: home, detail: (error as NodeJS.ErrnoException).code ?? String(error) },
      { cause: error },
    );
  }
}
