import { spawn } from 'node:child_process';
import { parse } from 'shell-quote';
import { childEnv } from './child-env';
import { ExitCode, TobiraError } from './errors';
import type { Env } from './home';

/**
 * The command that opens a URL: TOBIRA_BROWSER (design.md §3; split like a shell would, but run without one) or the
 * platform's opener. The URL is appended as the last argument; callers pass only URLs that are safe to show in a
 * process list (a loopback one-shot redirect, never a sign-in token).
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

/** Starts the browser on `url` and resolves once it was launched (not when it closes); a launch failure throws. */
export function openBrowser(url: string, env: Env): Promise<void> {
  const [file, ...args] = browserCommand(env);
  return new Promise((resolve, reject) => {
    const child = spawn(file as string, [...args, url], {
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
