import type { MessageKey } from '../../../shared/i18n';
import {
  consoleBrowser,
  parseBrowserChoice,
  hasProfileIdentity,
  removeProfileIdentity,
  type ConsoleBrowser,
  type ConsoleBrowserChoice,
  type IdentityRemoval,
} from '../console-browser';
import { SettingsStore } from '../settings';
import { startConsoleRedirect } from '../console-redirect';
import { ExitCode, TobiraError } from '../errors';
import type { Env } from '../home';
import type { SessionManager } from '../providers/session';
import type { ActiveSession, ConsoleOptions } from '../providers/types';
import type { Vault } from '../vault';
import type { ProfileRecord } from '../vault/schema';

const DEFAULT_TIMEOUT_MS = 120_000;

/** How long the browser may take to follow the one-shot link: TOBIRA_CONSOLE_REDIRECT_TIMEOUT_MS, else 2 minutes. */
export function consoleTimeoutMs(env: Env): number {
  const value = Number(env.TOBIRA_CONSOLE_REDIRECT_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT_MS;
}

/** The provider's sign-in URL for a session: a bearer secret for 15 minutes, to print or hand to `openConsole`. */
export async function consoleUrl(
  manager: SessionManager,
  session: ActiveSession,
  options: ConsoleOptions,
  unsupported: TobiraError,
): Promise<string> {
  const sessions = manager.sessionsOf(session.profile);
  if (!sessions.console) throw unsupported;
  return sessions.console(manager.services, session, options);
}

export interface OpenConsoleOptions {
  name: string;
  env: Env;
  /** Starts the browser on a URL that carries no secret (the one-shot loopback link). */
  open(url: string): Promise<unknown>;
  signal?: AbortSignal;
  /** Called when the link is ready and the browser is being started: from now on we wait for the browser. */
  onWaiting?(): void;
  /** The shell's own words for "not followed in time" and "only another user asked": they name its controls. */
  messages: { timeout: MessageKey; foreign: MessageKey };
}

/**
 * Opens a console sign-in URL through a one-shot loopback redirect: the browser's command line holds only the
 * loopback link, the sign-in token travels in the 302 that answers our own uid's request. Resolves once our browser
 * followed it; a timeout, or a link only another user asked for, is an error (exit 1), never a reported success.
 */
export async function openConsole(url: string, options: OpenConsoleOptions): Promise<void> {
  const timeoutMs = consoleTimeoutMs(options.env);
  const redirect = await startConsoleRedirect(url, { timeoutMs });
  options.signal?.addEventListener('abort', () => redirect.close(), { once: true });
  options.onWaiting?.();
  try {
    await options.open(redirect.url);
  } catch (error) {
    redirect.close();
    throw error;
  }
  if ((await redirect.done) === 'timeout') {
    const key = redirect.refused > 0 ? options.messages.foreign : options.messages.timeout;
    throw new TobiraError(key, ExitCode.error, { name: options.name, seconds: Math.round(timeoutMs / 1000) });
  }
}

export interface ConsoleBrowserFlags {
  /** --browser: a name or a command. */
  browser?: string;
  /** --same-window: today's behaviour, the system browser without an identity of its own. */
  sameWindow?: boolean;
}

/**
 * Which browser a console opens in: --same-window, else --browser, else TOBIRA_BROWSER (the environment beats the
 * settings file; it opens like the system browser does), else the app's setting, else the system default.
 */
export function chooseConsoleBrowser(
  flags: ConsoleBrowserFlags,
  setting: string | undefined,
  env: Env = {},
): ConsoleBrowserChoice {
  if (flags.sameWindow) {
    if (flags.browser !== undefined && flags.browser.trim() !== 'default') {
      throw new TobiraError('cli.console.sameWindowConflict', ExitCode.usage, { browser: flags.browser });
    }
    return { kind: 'default' };
  }
  if (flags.browser === undefined && (env.TOBIRA_BROWSER ?? '').trim() !== '') return { kind: 'default' };
  return parseBrowserChoice(flags.browser ?? setting ?? 'default');
}

/** The browser opener of a profile's console (openConsole's `open`), and the identity folder it uses, if any. */
export function profileConsoleBrowser(
  home: string,
  env: Env,
  profile: ProfileRecord,
  choice: ConsoleBrowserChoice,
): ConsoleBrowser {
  return consoleBrowser({ home, env, owner: { id: profile.id, name: profile.name }, choice });
}

/**
 * Signs a profile out of its browser identities too (`tobira logout`, profile removal): the whole identity folder
 * goes, unless its browser is still open ('in-use': the caller says so and nothing is removed).
 */
export function clearConsoleIdentity(home: string, profile: ProfileRecord): IdentityRemoval {
  return removeProfileIdentity(home, profile.id);
}

/** Whether the profile has a browser identity to remove (profile removal mentions it before asking). */
export function hasConsoleIdentity(home: string, profile: ProfileRecord): boolean {
  return hasProfileIdentity(home, profile.id);
}

/** The app's console browser setting (settings.json), which `tobira console` follows too. */
export function consoleBrowserSetting(home: string): string | undefined {
  return new SettingsStore(home).read().consoleBrowser;
}

/** What `--remember` keeps: the page flags of one console. */
export type ConsolePage = Pick<ConsoleOptions, 'service' | 'region' | 'destination'>;

/**
 * Remembers (or, with no page flags, forgets) the console page of a profile, for the tray's favourites and a later
 * `tobira console NAME` without page flags.
 */
export async function rememberConsolePage(vault: Vault, name: string, page: ConsolePage): Promise<void> {
  await vault.profiles.update(async (file) => {
    const profile = file.profiles.find((candidate) => candidate.name === name);
    if (!profile) throw new TobiraError('profile.notFound', ExitCode.error, { name });
    const kept = Object.fromEntries(Object.entries(page).filter(([, value]) => value !== undefined));
    if (Object.keys(kept).length > 0) profile.console = kept;
    else delete profile.console;
    return { file, result: undefined };
  });
}

/** The page flags given, else the remembered page of the profile. */
export function consolePage(profile: ProfileRecord, flags: ConsolePage): ConsolePage {
  const given = flags.service !== undefined || flags.destination !== undefined || flags.region !== undefined;
  if (given) return flags;
  const remembered = profile.console ?? {};
  return {
    ...(remembered.service !== undefined ? { service: remembered.service } : {}),
    ...(remembered.region !== undefined ? { region: remembered.region } : {}),
    ...(remembered.destination !== undefined ? { destination: remembered.destination } : {}),
  };
}
