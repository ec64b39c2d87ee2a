import { sep } from 'node:path';
import { parse } from 'shell-quote';
import { openBrowser, type LaunchFile } from '../browser';
import { ExitCode, TobiraError } from '../errors';
import type { Env } from '../home';
import {
  BROWSER_KINDS,
  familyOf,
  findBrowser,
  kindOfProgram,
  systemProbe,
  type BrowserKind,
  type BrowserProbe,
} from './detect';
import { identityColour, identityDir, prepareChromiumIdentity, prepareFirefoxIdentity } from './identity';

/** `--browser` and the app's setting: the system default, a browser by name, or a command (split, run without a shell). */
export type ConsoleBrowserChoice =
  { kind: 'default' } | { kind: 'named'; browser: BrowserKind } | { kind: 'custom'; argv: string[] };

export const CONSOLE_BROWSER_NAMES = ['default', ...BROWSER_KINDS] as const;

export function parseBrowserChoice(value: string): ConsoleBrowserChoice {
  const trimmed = value.trim();
  if (trimmed === 'default') return { kind: 'default' };
  const named = BROWSER_KINDS.find((kind) => kind === trimmed);
  if (named) return { kind: 'named', browser: named };
  const argv = parse(trimmed).filter((part): part is string => typeof part === 'string' && part !== '');
  if (argv.length === 0) throw new TobiraError('console.browser.badCommand', ExitCode.usage);
  return { kind: 'custom', argv };
}

/** Who the identity belongs to: the profile's stable id names the folder, its name marks the window. */
export interface IdentityOwner {
  id: string;
  name: string;
}

/** A browser command with the profile's own identity, ready for a launch file's URL as its last argument. */
export interface IdentityCommand {
  argv: string[];
  /** The identity folder, or undefined for a command Tobira does not know how to give one (run as it is). */
  dir: string | undefined;
}

const CHROMIUM_OWN_DIR = /^--user-data-dir(=|$)/;
const FIREFOX_OWN_PROFILE = /^-{1,2}(profile|P)$/;

/**
 * The command line that opens a console in the profile's browser identity. Chromium family: a user-data-dir of its
 * own (cookies, storage, extensions apart from every other profile and from the user's own browser), no first-run
 * pages, the window named after the profile. Firefox: a profile folder of its own (`-profile DIR`; a second console
 * of the same profile goes to its running window). A custom command that already names its own user-data-dir or
 * profile keeps it. Never a URL: the caller appends the launch file's file:// address.
 */
export function identityCommand(
  program: readonly string[],
  kind: BrowserKind | undefined,
  home: string,
  owner: IdentityOwner,
): IdentityCommand {
  if (kind === undefined) return { argv: [...program], dir: undefined };
  const dir = identityDir(home, owner.id, kind);
  if (familyOf(kind) === 'firefox') {
    if (program.some((arg) => FIREFOX_OWN_PROFILE.test(arg))) return { argv: [...program], dir: undefined };
    return { argv: [...program, '-profile', dir, '-new-tab'], dir };
  }
  if (program.some((arg) => CHROMIUM_OWN_DIR.test(arg))) return { argv: [...program], dir: undefined };
  return {
    argv: [
      ...program,
      `--user-data-dir=${dir}`,
      '--no-first-run',
      '--no-default-browser-check',
      `--window-name=Tobira: ${owner.name}`,
    ],
    dir,
  };
}

/** Snap confinement denies hidden folders of the home directory (SECURITY.md): the launch page and identity live there. */
function hiddenPath(path: string): boolean {
  return path.split(sep).some((part) => part.startsWith('.') && part !== '.' && part !== '..');
}

export interface ConsoleBrowserOptions {
  home: string;
  env: Env;
  owner: IdentityOwner;
  choice: ConsoleBrowserChoice;
  probe?: BrowserProbe;
}

export interface ConsoleBrowser {
  /** Starts the browser on a URL through a launch file (openBrowser's contract). */
  open(url: string): Promise<LaunchFile>;
  /** The identity folder used, if any. */
  dir: string | undefined;
}

/**
 * Resolves the choice to a browser and its identity command, or fails before anything is signed in: a browser that
 * is not installed, or a snap that could not read the data folder, is exit 1 with a message saying what to do.
 * 'default' is today's behaviour (the system's browser, or TOBIRA_BROWSER), without an identity of its own.
 */
export function consoleBrowser(options: ConsoleBrowserOptions): ConsoleBrowser {
  const { home, env, owner, choice } = options;
  if (choice.kind === 'default') return { open: (url) => openBrowser(url, env, home), dir: undefined };
  let program: string[];
  let kind: BrowserKind | undefined;
  if (choice.kind === 'named') {
    const probe = options.probe ?? systemProbe(env);
    const found = findBrowser(choice.browser, probe);
    if (!found)
      throw new TobiraError('console.browser.notFound', ExitCode.error, { browser: choice.browser });
    if (found.snap && hiddenPath(home)) {
      throw new TobiraError('console.browser.snap', ExitCode.error, {
        browser: choice.browser,
        path: found.path,
      });
    }
    program = [found.path];
    kind = found.kind;
  } else {
    program = choice.argv;
    kind = kindOfProgram(choice.argv[0] ?? '');
  }
  const command = identityCommand(program, kind, home, owner);
  return {
    dir: command.dir,
    open(url) {
      if (command.dir !== undefined && kind !== undefined) {
        if (familyOf(kind) === 'firefox') prepareFirefoxIdentity(command.dir);
        else prepareChromiumIdentity(command.dir, `Tobira: ${owner.name}`, identityColour(home, owner.id));
      }
      return openBrowser(url, env, home, { command: command.argv });
    },
  };
}
