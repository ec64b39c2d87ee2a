import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import type { Requester } from '../../../shared/ipc';
import type { MessageKey } from '../../../shared/i18n';
import { ExitCode, TobiraError } from '../errors';
import { clip, commandLineOf } from './peer';
import {
  AgentAccepted,
  AgentReply,
  agentSocketPath,
  agentTokenPath,
  HANDSHAKE_TIMEOUT_MS,
  MAX_LINE_BYTES,
  type AskRequest,
  type NoticeRequest,
} from './protocol';

export type AgentAsk = Omit<AskRequest, 'v' | 'token' | 'op' | 'clientPid'>;

export interface AgentClientOptions {
  platform?: NodeJS.Platform;
  /** How long to wait for the person to answer once the agent took the ask on (the app times its prompt out first). */
  answerTimeoutMs?: number;
  /** How long the agent may take to accept the connection and send its first line (default 3 s). */
  connectTimeoutMs?: number;
  /** Told why the agent was not used although one seemed to run (the CLI prints it on stderr). */
  onNotice?: (key: MessageKey) => void;
}

/**
 * Asks the running app (or `tobira ui`, `tobira agent`) to prompt the person. Resolves undefined when no app answers,
 * so the caller falls back to the terminal: without a socket file this costs one stat(). A socket that stays silent
 * is given up on after 3 s, and a refusal for too many prompts falls back too; both are told through `onNotice`.
 * Throws when the person cancelled.
 */
export async function askViaAgent(
  home: string,
  ask: AgentAsk,
  options: AgentClientOptions = {},
): Promise<string | undefined> {
  const agent = agentOf(home, options);
  if (!agent) return undefined;
  const { socketPath, token } = agent;
  const result = await exchange(
    socketPath,
    { v: 1, token, op: 'ask', ...ask, clientPid: process.pid },
    options,
  );
  if (result === 'silent') {
    options.onNotice?.('agent.silent');
    return undefined;
  }
  if (result === undefined) return undefined;
  if (result.ok) return result.value;
  if (result.error === 'cancelled') {
    throw new TobiraError('agent.cancelled', ExitCode.mfaUnavailable, { name: ask.profile });
  }
  if (result.error === 'too-many') options.onNotice?.('agent.tooMany');
  return undefined; // unauthorized (a stale token), timeout, busy, too many: let the terminal ask instead
}

export type AgentNotice = Omit<NoticeRequest, 'v' | 'token' | 'op'>;

/**
 * Tells the running app (if any) a notice for its activity list, e.g. why a soracom-cli call waits: soracom-cli hides
 * its profileCommand's stderr. Best effort and quick: no app, or no answer within a second, and it is dropped.
 */
export async function noticeViaAgent(
  home: string,
  notice: AgentNotice,
  options: AgentClientOptions = {},
): Promise<boolean> {
  const agent = agentOf(home, options);
  if (!agent) return false;
  const { socketPath, token } = agent;
  const reply = await exchange(
    socketPath,
    { v: 1, token, op: 'notice', ...notice },
    { connectTimeoutMs: 500, answerTimeoutMs: 1000, ...options },
  );
  return typeof reply === 'object' && reply.ok === true;
}

/**
 * A credential-cache record from the running `tobira agent` or app (the app's unlocked vault); undefined on a miss, when
 * no agent runs, or when it does not answer within a second: the caller then unlocks its own store as before.
 */
export async function cacheGetViaAgent(
  home: string,
  id: string,
  options: AgentClientOptions = {},
): Promise<string | undefined> {
  const agent = agentOf(home, options);
  if (!agent) return undefined;
  const reply = await exchange(
    agent.socketPath,
    { v: 1, token: agent.token, op: 'cache-get', id, clientPid: process.pid },
    { connectTimeoutMs: 1000, answerTimeoutMs: 1000, ...options },
  );
  return typeof reply === 'object' && reply.ok ? reply.session : undefined;
}

/**
 * A usable session of a profile from the running `tobira agent`: its cache hit or a login it ran without asking
 * anyone. 'mfa-needed' when that login needs a typed code (ask the person, then again with `mfaCode`). Undefined when
 * no agent runs, its store is locked, or the agent could not: the caller then gets the session itself.
 */
export async function sessionViaAgent(
  home: string,
  profile: string,
  extra: { mfaCode?: string } = {},
  options: AgentClientOptions = {},
): Promise<{ session: string; fromCache: boolean } | 'mfa-needed' | undefined> {
  const agent = agentOf(home, options);
  if (!agent) return undefined;
  const reply = await exchange(
    agent.socketPath,
    { v: 1, token: agent.token, op: 'session', profile, ...extra, clientPid: process.pid },
    options,
  );
  if (typeof reply === 'object' && !reply.ok && reply.error === 'mfa-needed') return 'mfa-needed';
  if (typeof reply !== 'object' || !reply.ok || reply.session === undefined) return undefined;
  return { session: reply.session, fromCache: reply.fromCache === true };
}

/** Who answers on the socket (the app or `tobira agent`) and since when; undefined when nothing answers. */
export async function helloAgent(
  home: string,
  options: AgentClientOptions = {},
): Promise<{ kind: 'agent' | 'app'; since: string } | undefined> {
  const agent = agentOf(home, options);
  if (!agent) return undefined;
  const reply = await exchange(
    agent.socketPath,
    { v: 1, token: agent.token, op: 'hello' },
    { connectTimeoutMs: 1000, answerTimeoutMs: 1000, ...options },
  );
  return typeof reply === 'object' && reply.ok ? reply.info : undefined;
}

/** The running agent's socket and token, or undefined when none runs: without a socket file this costs one stat(). */
function agentOf(
  home: string,
  options: AgentClientOptions,
): { socketPath: string; token: string } | undefined {
  const platform = options.platform ?? process.platform;
  const socketPath = agentSocketPath(home, platform);
  if (platform !== 'win32' && !existsSync(socketPath)) return undefined;
  try {
    return { socketPath, token: readFileSync(agentTokenPath(home), 'utf8').trim() };
  } catch {
    return undefined;
  }
}

/**
 * One request, and the agent's reply: 'silent' when it did not connect and send a first line within the handshake
 * time, undefined when the connection failed or the reply was unreadable.
 */
function exchange(
  socketPath: string,
  request: Record<string, unknown>,
  options: AgentClientOptions,
): Promise<AgentReply | 'silent' | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    let buffer = '';
    let settled = false;
    let accepted = false;
    const finish = (value: AgentReply | 'silent' | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(handshakeTimer);
      clearTimeout(answerTimer);
      socket.destroy();
      resolve(value);
    };
    const handshakeTimer = setTimeout(
      () => finish('silent'),
      options.connectTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
    );
    let answerTimer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (buffer.length > MAX_LINE_BYTES) return finish(undefined);
        const newline = buffer.indexOf('\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        let raw: unknown;
        try {
          raw = JSON.parse(line);
        } catch {
          return finish(undefined);
        }
        if (!accepted && AgentAccepted.safeParse(raw).success) {
          // Alive and prompting: from now on the person's answer may take as long as the prompt lasts.
          accepted = true;
          clearTimeout(handshakeTimer);
          answerTimer = setTimeout(() => finish(undefined), options.answerTimeoutMs ?? 190_000);
          continue;
        }
        const parsed = AgentReply.safeParse(raw);
        return finish(parsed.success ? parsed.data : undefined);
      }
    });
    socket.once('error', () => finish(undefined));
    socket.once('close', () => finish(undefined));
  });
}

/**
 * Who is asking, for the prompt to name: the process that ran tobira (a shell, `aws`, soracom-cli, ...), read from
 * /proc on Linux and `ps` on macOS, plus the tobira command itself. argv never carries a secret (docs/architecture.md §5).
 */
export function currentRequester(argv: readonly string[] = process.argv.slice(2)): Requester {
  const pid = process.ppid;
  return {
    pid,
    command: commandLineOf(pid),
    tobira: clip(['tobira', ...argv].join(' ')),
  };
}
