import type { IpcReply } from '../../../shared/ipc';
import { ExitCode, TobiraError } from '../errors';
import { providerSessions } from '../providers/registry';
import type { SessionManager } from '../providers/session';
import {
  chooseConsoleBrowser,
  clearConsoleIdentity,
  consolePage,
  consoleUrl,
  openConsole,
  profileConsoleBrowser,
} from '../usecases/console';
import { exportText } from '../usecases/export';
import type { Activities } from './activities';
import { CLEAR_CREDENTIALS_MS, copyText, type AppContext } from './context';
import { openUrl } from './login-services';

/** Sign-in, sign-out, the console and export text: the session use cases of core/usecases, run as activities. */
export class SessionActions {
  constructor(
    private readonly context: AppContext,
    private readonly activities: Activities,
    private readonly sessions: () => SessionManager,
  ) {}

  async login(name: string, force: boolean): Promise<IpcReply<'session:login'>> {
    return this.activities.track(name, 'login', async (manager, activity) => {
      const session = await this.activities.retryingCode(name, activity, () =>
        this.activities.remembering(name, () => manager.session(name, { force, signal: activity.signal })),
      );
      const { identity, details } = manager.sessionsOf(session.profile).identify(session);
      return { identity, details, expiration: session.expiration, fromCache: session.fromCache };
    });
  }

  async logout(name: string): Promise<{ hadSession: boolean }> {
    const result = await this.sessions().logout(name);
    this.context.emit({ kind: 'changed', topics: ['profiles'] });
    // Signed out of the console too: the profile's browser identity goes, unless its window is still open.
    if (clearConsoleIdentity(this.context.home, this.context.vault().get(name)) === 'in-use') {
      throw new TobiraError('console.identity.inUse', ExitCode.error, { name });
    }
    return result;
  }

  /**
   * One-click console: log in if needed (prompting for MFA), make the provider's sign-in URL and open it through the
   * one-shot loopback redirect of `tobira console` (the URL is a bearer secret: never in the browser's argv), or copy
   * it. Resolves once the browser followed the redirect; Cancel or the timeout closes the redirect.
   */
  async console(name: string, copy: boolean): Promise<IpcReply<'console:open'>> {
    const platform = this.context.platform;
    if (copy && !platform.clipboard && platform.mode !== 'browser') {
      throw new TobiraError('ui.clipboard.unavailable', ExitCode.usage);
    }
    // Browser mode opens the link in a tab of the page's own browser: its "did not open" names the page's controls.
    const inPage = platform.mode === 'browser' && !platform.openBrowser;
    return this.activities.track(name, 'console', async (manager, activity) => {
      const session = await this.activities.retryingCode(name, activity, () =>
        this.activities.remembering(name, () => manager.session(name, { signal: activity.signal })),
      );
      const unsupported = new TobiraError('ui.console.none', ExitCode.usage, { name });
      // The page a favourite remembers (tobira console --remember), and the browser of the console setting.
      const url = await consoleUrl(manager, session, consolePage(session.profile, {}), unsupported);
      if (copy) {
        const { text } = copyText(platform, url, CLEAR_CREDENTIALS_MS);
        return { done: 'copied' as const, ...(text === undefined ? {} : { text }) };
      }
      const choice = chooseConsoleBrowser({}, this.context.settings.read().consoleBrowser, this.context.env);
      const browser =
        choice.kind === 'default'
          ? undefined
          : profileConsoleBrowser(this.context.home, this.context.env, session.profile, choice);
      await openConsole(url, {
        name,
        env: this.context.env,
        open: (link) =>
          browser ? browser.open(link) : openUrl(this.context, this.activities, activity, link),
        signal: activity.signal,
        onWaiting: () => this.activities.set(activity, { waitingFor: 'browser' }),
        messages: inPage
          ? { timeout: 'day.console.timeoutPage', foreign: 'day.console.foreignPage' }
          : { timeout: 'ui.console.timeout', foreign: 'ui.console.foreign' },
      });
      return { done: 'opened' as const };
    });
  }

  /** The text `tobira export NAME --format F` prints, for the clipboard or an explicit reveal. */
  async exportText(name: string, format: string): Promise<string> {
    const profile = this.context.vault().get(name);
    return exportText(profile, format, {
      sessions: providerSessions(profile.type),
      services: () => this.sessions().services,
      session: () =>
        this.activities.track(name, 'login', (manager, activity) =>
          this.activities.remembering(name, () => manager.session(name, { signal: activity.signal })),
        ),
    });
  }

  /** Copies the export text, cleared from the clipboard after CLEAR_CREDENTIALS_MS; answers that time in seconds. */
  async copyExport(name: string, format: string): Promise<IpcReply<'export:copy'>> {
    return copyText(this.context.platform, await this.exportText(name, format), CLEAR_CREDENTIALS_MS);
  }
}
