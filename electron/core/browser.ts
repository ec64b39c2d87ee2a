import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'shell-quote';
import { childEnv } from './child-env';
import { ExitCode, TobiraError } from './errors';
import type { Env } from './home';

/**
 * The command that opens a URL: TOBIRA_BROWSER (docs/architecture.md §5; split like a shell would, but run without one) or the
 * platform's opener. The address is appended as the last argument; openBrowser passes only a launch file's
 * file:// URL there, never the real URL (see writeLaunchFile).
 */
export function browserCommand(env: Env, platform: NodeJS.Platform = process.platform): string[] {
  const custom = env.TOBIRA_BROWSER;
  if (custom !== undefined && custom.trim().length > 0) {
    const argv = parse(custom).filter((part): part is string => typeof part === 'string');
    if (argv.length === 0) throw new TobiraError('browser.badCommand', ExitCode.usage);
    return argv;
  }
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['rundll32', 'url.dll,FileProtocolHandler'];
  return ['xdg-open'];
}

/** A page in the data folder that forwards the browser to a URL; removing it twice is fine. */
export interface LaunchFile {
  /** file:// URL of the page: the only thing a browser command line gets to see. */
  url: string;
  path: string;
  remove(): void;
}

/** How long a launch file waits for the browser to read it before it is removed anyway. */
export const LAUNCH_FILE_TTL_MS = 60_000;
/** Launch files older than this (left by a killed process) are swept on the next launch. */
const STALE_MS = 10 * 60_000;

const live = new Set<string>();
let exitHook = false;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page's HTML: a meta refresh (no script needed) to `target`, and a link for browsers that refuse it. */
export function launchPage(target: string): string {
  const url = escapeHtml(target);
  return `<!doctype html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${url}">
<title>Tobira</title></head>
<body><p><a href="${url}" rel="noreferrer">Tobira</a></p></body></html>
`;
}

/**
 * Writes a 0600 page into `HOME/launch` (0700) that forwards to `target`, as Jupyter's redirect file does: a URL
 * holding a one-shot (UI token, console redirect, OAuth state) would otherwise sit in the browser's argv, which
 * every local user can read in /proc/PID/cmdline. The page removes itself after `ttlMs`, at exit, or when the
 * caller knows the browser got there.
 */
export function writeLaunchFile(home: string, target: string, ttlMs = LAUNCH_FILE_TTL_MS): LaunchFile {
  const folder = join(home, 'launch');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32' && (statSync(folder).mode & 0o077) !== 0) chmodSync(folder, 0o700);
  sweep(folder);
  const path = join(folder, `${randomBytes(16).toString('hex')}.html`);
  writeFileSync(path, launchPage(target), { mode: 0o600, flag: 'wx' });
  live.add(path);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const file of live) rmSync(file, { force: true });
    });
  }
  const timer = setTimeout(() => remove(), ttlMs);
  timer.unref();
  function remove(): void {
    clearTimeout(timer);
    live.delete(path);
    rmSync(path, { force: true });
  }
  return { url: pathToFileURL(path).href, path, remove };
}

function sweep(folder: string): void {
  const now = Date.now();
  for (const name of readdirSync(folder)) {
    const file = join(folder, name);
    try {
      if (!live.has(file) && now - statSync(file).mtimeMs > STALE_MS) rmSync(file, { force: true });
    } catch {
      // Removed meanwhile by its own process.
    }
  }
}

export interface OpenBrowserOptions {
  /** Opens the launch file's URL instead of running browserCommand (the app: Electron's shell.openExternal). */
  opener?: (fileUrl: string) => Promise<void>;
  /** Runs this command (the launch file's URL appended) instead of browserCommand: a console's own browser identity. */
  command?: readonly string[];
  ttlMs?: number;
}

/**
 * Starts the browser on `url` through a launch file and resolves once it was launched (not when it closes); a
 * launch failure throws and removes the file. The returned file may be removed as soon as the URL was reached.
 */
export async function openBrowser(
  url: string,
  env: Env,
  home: string,
  options: OpenBrowserOptions = {},
): Promise<LaunchFile> {
  const command = options.opener ? undefined : (options.command ?? browserCommand(env));
  const launch = writeLaunchFile(home, url, options.ttlMs);
  try {
    if (options.opener) await options.opener(launch.url);
    else await spawnBrowser(command ?? [], launch.url, env);
  } catch (error) {
    launch.remove();
    throw error;
  }
  return launch;
}

function spawnBrowser([file, ...args]: readonly string[], target: string, env: Env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file as string, [...args, target], {
      stdio: 'ignore',
      detached: true,
      shell: false,
      env: childEnv('browser', env),
    });
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new TobiraError('browser.launchFailed', ExitCode.error, {
          command: file as string,
          detail: error.code ?? error.message,
        }),
      ),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
