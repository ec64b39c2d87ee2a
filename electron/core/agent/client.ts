import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import type { Requester } from '../../../shared/ipc';
import { ExitCode, TobiraError } from '../errors';
import {
  AgentReply,
  agentSocketPath,
  agentTokenPath,
  MAX_LINE_BYTES,
  type AskRequest,
  type NoticeRequest,
} from './protocol';

export type AgentAsk = Omit<AskRequest, 'v' | 'token' | 'op'>;

export interface AgentClientOptions {
  platform?: NodeJS.Platform;
  /** How long to wait for the person to answer (the app times its prompt out before this). */
  answerTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * Asks the running app (or `tobira ui`) to prompt the person. Resolves undefined when no app answers, so the caller
 * falls back to the terminal: without a socket file this costs one stat(). Throws when the person cancelled.
 */
export async function askViaAgent(
  home: string,
  ask: AgentAsk,
  options: AgentClientOptions = {},
): Promise<string | undefined> {
  const platform = options.platform ?? process.platform;
  const socketPath = agentSocketPath(home, platform);
  if (platform !== 'win32' && !existsSync(socketPath)) return undefined;
  let token: string;
  try {
    token = readFileSync(agentTokenPath(home), 'utf8').trim();
  } catch {
    return undefined;
  }
  const reply = await exchange(socketPath, { v: 1, token, op: 'ask', ...ask }, options);
  if (!reply) return undefined;
  if (reply.ok) return reply.value;
  if (reply.error === 'cancelled') {
    throw new TobiraError('agent.cancelled', ExitCode.mfaUnavailable, { name: ask.profile });
  }
  return undefined; // unauthorized (a stale token), timeout, busy: let the terminal ask instead
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
  const platform = options.platform ?? process.platform;
  const socketPath = agentSocketPath(home, platform);
  if (platform !== 'win32' && !existsSync(socketPath)) return false;
  let token: string;
  try {
    token = readFileSync(agentTokenPath(home), 'utf8').trim();
  } catch {
    return false;
  }
  const reply = await exchange(
    socketPath,
    { v: 1, token, op: 'notice', ...notice },
    { connectTimeoutMs: 500, answerTimeoutMs: 1000, ...options },
  );
  return reply?.ok === true;
}

function exchange(
  socketPath: string,
  request: Record<string, unknown>,
  options: AgentClientOptions,
): Promise<AgentReply | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    let buffer = '';
    let settled = false;
    const finish = (value: AgentReply | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(answerTimer);
      socket.destroy();
      resolve(value);
    };
    const connectTimer = setTimeout(() => finish(undefined), options.connectTimeoutMs ?? 1000);
    let answerTimer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      answerTimer = setTimeout(() => finish(undefined), options.answerTimeoutMs ?? 190_000);
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_LINE_BYTES) return finish(undefined);
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      let raw: unknown;
      try {
        raw = JSON.parse(buffer.slice(0, newline));
      } catch {
        return finish(undefined);
      }
      const parsed = AgentReply.safeParse(raw);
      finish(parsed.success ? parsed.data : undefined);
    });
    socket.once('error', () => finish(undefined));
    socket.once('close', () => finish(undefined));
  });
}

/**
 * Who is asking, for the prompt to name: the process that ran tobira (a shell, `aws`, soracom-cli, ...), read from
 * /proc on Linux and `ps` on macOS, plus the tobira command itself. argv never carries a secret (design.md §3).
 */
export function currentRequester(argv: readonly string[] = process.argv.slice(2)): Requester {
  const pid = process.ppid;
  return {
    pid,
    command: commandLineOf(pid),
    tobira: clip(['tobira', ...argv].join(' ')),
  };
}

export function commandLineOf(pid: number, platform: NodeJS.Platform = process.platform): string | null {
  try {
    if (platform === 'linux') {
      const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const parts = raw.split('\0').filter((part) => part.length > 0);
      return parts.length > 0 ? clip(parts.join(' ')) : null;
    }
    if (platform === 'darwin') {
      const out = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], {
        encoding: 'utf8',
        timeout: 1000,
      });
      return out.trim() ? clip(out.trim()) : null;
    }
  } catch {
    // gone, or not ours to read
  }
  return null;
}

function clip(text: string): string {
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}
