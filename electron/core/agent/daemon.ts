import { ExitCode, TobiraError } from '../errors';
import type { Lang, MessageKey, MessageParams } from '../../../shared/i18n';
import type { Env } from '../home';
import { Vault } from '../vault';
import { helloAgent } from './client';
import { startAgentServer, type AgentServer } from './server';
import { agentStoreHandlers } from './store-handlers';

export type AgentEnd = 'signal' | 'idle' | 'lifetime';

export interface AgentDaemonOptions {
  home: string;
  env: Env;
  /** The file store's passphrase, asked at most once, at the start (a TTY prompt, or TOBIRA_PASSPHRASE). */
  passphrase: () => Promise<string>;
  /** Locks again after this long without a request. */
  idleTimeoutMs: number;
  /** Locks again this long after the start, whatever the use. */
  lifetimeMs?: number;
  /** The language of the agent's own messages (its logins' notices). */
  lang: Lang;
  /** A notice of a login the agent runs (e.g. waiting for the next TOTP step), for its own stderr. */
  notice?: (key: MessageKey, params?: MessageParams) => void;
  platform?: NodeJS.Platform;
  now?: () => number;
}

export interface AgentDaemon {
  socketPath: string;
  store: 'file' | 'keychain';
  /** Resolves once the agent has stopped: its key wiped, its socket and token removed. */
  ended: Promise<AgentEnd>;
  stop(reason: AgentEnd): Promise<void>;
}

/**
 * `tobira agent`: unlocks the secret store once and serves the desktop app's authenticated socket
 * (startAgentServer: 0600 socket in the 0700 data folder, token, peer uid) so that every tobira process of the user
 * gets credential-cache hits without a passphrase. It hands out cache records (sessions) only, never a long-term
 * secret; it cannot prompt, so asks (MFA codes, the passphrase) are declined and the asking CLI prompts itself.
 */
export async function startAgentDaemon(options: AgentDaemonOptions): Promise<AgentDaemon> {
  const running = await helloAgent(options.home, { platform: options.platform });
  if (running) {
    throw new TobiraError('agent.daemon.running', ExitCode.alreadyRunning, {
      kind: running.kind,
      since: running.since,
    });
  }
  let asked = false;
  const vault = new Vault({
    home: options.home,
    env: options.env,
    passphrase: async () => {
      // The passphrase is not kept: a store whose key changed since the start cannot be unlocked again.
      if (asked) throw new TobiraError('agent.daemon.relock', ExitCode.error);
      asked = true;
      return options.passphrase();
    },
  });
  const store = await vault.secretStore();
  const file = vault.stores().file;
  if (store.kind === 'file' && !(await file.unlockNow())) {
    throw new TobiraError('agent.daemon.noSecrets', ExitCode.error, { path: file.path });
  }
  const handlers = agentStoreHandlers({
    home: options.home,
    env: options.env,
    vault: () => vault,
    lang: () => options.lang,
    ...(options.notice ? { notice: options.notice } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  let server: AgentServer;
  try {
    server = await startAgentServer({
      home: options.home,
      platform: options.platform,
      kind: 'agent',
      // The agent has no one to ask: the CLI falls back to its own terminal.
      onAsk: () => Promise.resolve({ error: 'busy' }),
      ...handlers,
      onActivity: () => armIdle(),
    });
  } catch (error) {
    file.lock();
    if (error instanceof TobiraError && error.key === 'agent.busy') {
      throw new TobiraError('agent.daemon.running', ExitCode.alreadyRunning, { kind: '?', since: '?' });
    }
    throw error;
  }

  let finish: (reason: AgentEnd) => void = () => undefined;
  const ended = new Promise<AgentEnd>((resolve) => (finish = resolve));
  let idleTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  function armIdle(): void {
    if (stopping) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => void stop('idle'), options.idleTimeoutMs);
  }
  const lifeTimer =
    options.lifetimeMs === undefined
      ? undefined
      : setTimeout(() => void stop('lifetime'), options.lifetimeMs);
  function stop(reason: AgentEnd): Promise<void> {
    stopping ??= (async () => {
      clearTimeout(idleTimer);
      clearTimeout(lifeTimer);
      file.lock();
      await server.close();
      finish(reason);
    })();
    return stopping;
  }
  armIdle();
  return { socketPath: server.socketPath, store: store.kind, ended, stop };
}
