import type { Lang, MessageKey, MessageParams } from '../../../shared/i18n';
import { ExitCode, TobiraError } from '../errors';
import type { Env } from '../home';
import type { MfaBroker } from '../mfa/broker';
import { debug } from '../debug';
import {
  CredentialCache,
  parseCachedEntry,
  REFRESH_MARGIN_MS,
  type CachedEntry,
} from '../vault/credential-cache';
import type { ProfileRecord } from '../vault/schema';
import { cacheSecretId, type Vault } from '../vault/vault';
import { knownProvider, providerSessions } from './registry';
import type { ActiveSession, LoginServices, ProviderSessions } from './types';

export interface SessionManagerDeps {
  vault: Vault;
  mfa: MfaBroker;
  env: Env;
  lang: Lang;
  notice(key: MessageKey, params?: MessageParams): void;
  askSecret: LoginServices['askSecret'];
  askLine: LoginServices['askLine'];
  openBrowser: LoginServices['openBrowser'];
  now?: () => number;
  /**
   * A usable session from the running `tobira agent` (file store): a cache hit or a login it ran without asking
   * anyone, as the cache record; undefined to get the session here as before.
   */
  fromAgent?: (
    profile: ProfileRecord,
    options: { mfaCode?: string },
  ) => Promise<{ session: string; fromCache: boolean } | undefined>;
}

export interface SessionOptions {
  mfaCode?: string;
  /** Log in again even when the cached session is still good. */
  force?: boolean;
  /** OAuth logins: print the URL and take the pasted redirect address instead of opening a browser. */
  noBrowser?: boolean;
  /** Cancels a login that waits (an OAuth browser sign-in); passed on to the provider's LoginRequest. */
  signal?: AbortSignal;
}

export interface SessionStatus {
  profile: ProfileRecord;
  expiration?: string;
  /** "active" (more than the refresh margin left), "expiring", "expired" or "none". */
  state: 'active' | 'expiring' | 'expired' | 'none';
}

/**
 * Sessions of every profile, through the credential cache: one login serves every command, terminal and tool until
 * shortly before it expires, and profiles built on others (switch user, role chains) reuse their sources' sessions.
 */
export class SessionManager {
  readonly cache: CredentialCache;
  private readonly inProgress: string[] = [];

  constructor(private readonly deps: SessionManagerDeps) {
    this.cache = new CredentialCache(deps.vault, deps.now);
  }

  get services(): LoginServices {
    return {
      vault: this.deps.vault,
      mfa: this.deps.mfa,
      env: this.deps.env,
      lang: this.deps.lang,
      notice: this.deps.notice,
      askSecret: this.deps.askSecret,
      askLine: this.deps.askLine,
      openBrowser: this.deps.openBrowser,
      sessionOf: (name, options) => this.session(name, options ?? {}),
    };
  }

  async session(name: string, options: SessionOptions = {}): Promise<ActiveSession> {
    if (this.inProgress.includes(name)) {
      throw new TobiraError('session.cycle', ExitCode.error, {
        chain: [...this.inProgress, name].join(' → '),
      });
    }
    const profile = this.deps.vault.get(name);
    const sessions = this.sessionsOf(profile);
    this.inProgress.push(name);
    try {
      const served = await this.fromAgent(profile, options);
      if (served) return served;
      const { entry, fromCache } = await this.cache.getOrObtain(
        profile,
        (stale) =>
          sessions.login(this.services, {
            profile,
            ...(options.mfaCode !== undefined ? { mfaCode: options.mfaCode } : {}),
            ...(options.noBrowser === true ? { noBrowser: true } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
            ...(stale ? { stale } : {}),
          }),
        { force: options.force === true },
      );
      return { profile, expiration: entry.expiration, data: entry.data, fromCache };
    } finally {
      this.inProgress.pop();
    }
  }

  /** The agent's session for a plain request (no forced login, no browser choice), if it has a usable one. */
  private async fromAgent(
    profile: ProfileRecord,
    options: SessionOptions,
  ): Promise<ActiveSession | undefined> {
    if (!this.deps.fromAgent || options.force === true || options.noBrowser === true) return undefined;
    const served = await this.deps.fromAgent(
      profile,
      options.mfaCode !== undefined ? { mfaCode: options.mfaCode } : {},
    );
    const entry = served ? parseCachedEntry(served.session) : undefined;
    if (!served || !entry) return undefined;
    if (Date.parse(entry.expiration) - (this.deps.now ?? Date.now)() <= REFRESH_MARGIN_MS) return undefined;
    debug(
      'cache',
      `${profile.name}: session from tobira agent (${served.fromCache ? 'cached' : 'its login'})`,
    );
    return { profile, expiration: entry.expiration, data: entry.data, fromCache: served.fromCache };
  }

  /**
   * Ends the provider session where the provider can (best effort) and forgets the cached one. Without a live cached
   * one, a provider may still end a session another tool keeps for the profile (logoutOutside).
   */
  async logout(name: string): Promise<{ hadSession: boolean }> {
    const profile = this.deps.vault.get(name);
    const sessions = this.sessionsOf(profile);
    const entry = await this.cache.read(profile);
    if (!entry) {
      const ended = (await sessions.logoutOutside?.(this.services, profile)) ?? false;
      return { hadSession: ended };
    }
    try {
      if (sessions.logout && Date.parse(entry.expiration) > (this.deps.now ?? Date.now)()) {
        await sessions.logout(this.services, activeFrom(profile, entry));
      } else {
        await sessions.logoutOutside?.(this.services, profile);
      }
    } finally {
      await this.cache.clear(profile);
    }
    return { hadSession: true };
  }

  async status(): Promise<SessionStatus[]> {
    const result: SessionStatus[] = [];
    const present = await this.cache.presentIds();
    for (const profile of this.deps.vault.list()) {
      if (present && !present.has(cacheSecretId(profile))) {
        if (knownProvider(profile.type)?.sessions) result.push({ profile, state: 'none' });
        continue;
      }
      const status = await this.statusOf(profile);
      if (status) result.push(status);
    }
    return result;
  }

  /** One profile's session state; undefined for a type without sessions. */
  async statusOf(profile: ProfileRecord): Promise<SessionStatus | undefined> {
    if (!knownProvider(profile.type)?.sessions) return undefined;
    const entry = await this.cache.read(profile);
    if (!entry) return { profile, state: 'none' };
    const left = Date.parse(entry.expiration) - (this.deps.now ?? Date.now)();
    const state = left <= 0 ? 'expired' : left <= 5 * 60_000 ? 'expiring' : 'active';
    return { profile, expiration: entry.expiration, state };
  }

  sessionsOf(profile: ProfileRecord): ProviderSessions {
    const sessions = providerSessions(profile.type);
    if (!sessions)
      throw new TobiraError('session.none', ExitCode.usage, { name: profile.name, type: profile.type });
    return sessions;
  }
}

function activeFrom(profile: ProfileRecord, entry: CachedEntry): ActiveSession {
  return { profile, expiration: entry.expiration, data: entry.data, fromCache: true };
}
