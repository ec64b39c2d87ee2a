import type { MessageKey } from '../../../shared/i18n';
import { startConsoleRedirect } from '../console-redirect';
import { ExitCode, TobiraError } from '../errors';
import type { Env } from '../home';
import type { SessionManager } from '../providers/session';
import type { ActiveSession, ConsoleOptions } from '../providers/types';

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
