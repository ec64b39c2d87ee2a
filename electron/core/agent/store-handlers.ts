import { ExitCode, TobiraError } from '../errors';
import type { Lang, MessageKey, MessageParams } from '../../../shared/i18n';
import type { Env } from '../home';
import { MfaBroker, UsedSteps } from '../mfa';
import { SessionManager } from '../providers';
import { cacheSecretId, type Vault } from '../vault';
import type { AgentServerOptions } from './server';

/** What serves cache-get and session on the socket: `tobira agent`'s store, or the running app's own vault. */
export interface AgentStoreAccess {
  home: string;
  env: Env;
  /** The vault of the moment (the app reopens it when its secret-store setting changes). */
  vault(): Vault;
  /** The language of the logins' notices. */
  lang(): Lang;
  /** A notice of a login run here (e.g. waiting for the next TOTP step). */
  notice?(key: MessageKey, params?: MessageParams): void;
  /**
   * Whether a locked file store may be unlocked here without asking anyone (the app started with TOBIRA_PASSPHRASE).
   * Otherwise a locked store answers as a locked agent: a miss, and no login; the asking CLI does it itself.
   */
  canUnlock?(): boolean;
  now?(): number;
}

export type AgentStoreHandlers = Required<Pick<AgentServerOptions, 'onCacheGet' | 'onSession'>>;

/**
 * cache-get and session for the socket (the protocol admits `cache-<profile id>` ids only): cache records with the
 * refresh token stripped, never a long-term secret. Logins run here may use what needs no answer: a stored TOTP secret,
 * an MFA command, --mfa-code passed on, keys and refresh tokens in the store. Prompts, browsers and PINs are refused
 * (no one is asked here), and the asking CLI then does the login itself, prompting as before; a login that needs a
 * typed code answers `mfa-needed`, and the CLI sends the code it got from its person.
 */
export function agentStoreHandlers(access: AgentStoreAccess): AgentStoreHandlers {
  const notice = (key: MessageKey, params?: MessageParams) => access.notice?.(key, params);
  const cannotAsk = () => Promise.reject(new TobiraError('agent.daemon.cannotAsk', ExitCode.mfaUnavailable));
  const sessions = (vault: Vault) =>
    new SessionManager({
      vault,
      mfa: new MfaBroker({
        vault,
        usedSteps: new UsedSteps(access.home),
        prompts: [],
        interactive: false,
        env: access.env,
        onWait: ({ name, seconds }) => notice('mfa.totp.waiting', { name, seconds }),
      }),
      env: access.env,
      lang: access.lang(),
      notice,
      askSecret: cannotAsk,
      askLine: () => Promise.resolve(undefined),
      openBrowser: cannotAsk,
      ...(access.now ? { now: access.now } : {}),
    });
  /** The store, unless it is a file store that only a passphrase prompt would unlock. */
  const openStore = async (vault: Vault) => {
    const store = await vault.secretStore();
    if (store.kind === 'file' && !vault.stores().file.isUnlocked() && !(access.canUnlock?.() ?? false))
      return undefined;
    return store;
  };
  return {
    // Expired records too: `tobira status` shows them, and the asking side checks the time left.
    onCacheGet: async (id) => servedRecord(await (await openStore(access.vault()))?.get(id)),
    onSession: async (request) => {
      const vault = access.vault();
      const store = await openStore(vault);
      if (!store) return undefined;
      try {
        const active = await sessions(vault).session(request.profile, {
          ...(request.mfaCode !== undefined ? { mfaCode: request.mfaCode } : {}),
        });
        const served = servedRecord(await store.get(cacheSecretId(active.profile)));
        if (served === undefined) throw new TobiraError('agent.daemon.cannotAsk', ExitCode.error);
        return { session: served, fromCache: active.fromCache };
      } catch (error) {
        // A typed code is the one answer the asking CLI can give (its person, at its terminal or in the app).
        if (error instanceof TobiraError && error.key === 'mfa.unavailable' && request.mfaCode === undefined)
          return 'mfa-needed';
        throw error;
      }
    },
  };
}

/**
 * A cache record as the socket hands it out: the session without an OAuth refresh token (idp-server, Alibaba), which
 * outlives the session. Refreshing is a login, and the agent runs those itself (session requests).
 */
export function servedRecord(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const record = JSON.parse(raw) as { data?: Record<string, unknown> } | null;
    if (record === null || typeof record !== 'object') return undefined;
    if (record.data && typeof record.data === 'object' && 'refreshToken' in record.data) {
      const { refreshToken: _dropped, ...data } = record.data;
      return JSON.stringify({ ...record, data });
    }
    return raw;
  } catch {
    return undefined;
  }
}
