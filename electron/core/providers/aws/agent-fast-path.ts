import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { addStep } from '../../timings';
import { fastCacheSecretId, fastTarget, fromCacheEntry, type FastTarget } from './fast-path';

/** electron/core/agent/protocol.ts AGENT_SOCKET_NAME and AGENT_TOKEN_NAME (checked by a unit test). */
export const FAST_AGENT_SOCKET_NAME = 'agent.sock';
export const FAST_AGENT_TOKEN_NAME = 'agent.token';
/** The most of a reply read before giving up (protocol.ts MAX_LINE_BYTES). */
const MAX_REPLY_CHARS = 16 * 1024;

/**
 * `tobira credential-process NAME` with the encrypted-file store, answered by a running `tobira agent` before the
 * CLI is loaded: one `cache-get` over the agent's socket, the reply checked by hand (no zod here). Anything else –
 * another store, no agent, a miss, a session about to expire, an odd reply, no answer within `timeoutMs` – is
 * undefined and the full CLI handles the request (and, with the agent's miss, prompts for the passphrase as before).
 */
export async function credentialProcessFromAgent(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  now: () => number = Date.now,
  timeoutMs = 1000,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  let target: FastTarget | undefined;
  try {
    target = fastTarget(argv, env);
  } catch {
    return undefined;
  }
  return target?.store === 'file' ? agentAnswer(target, now, timeoutMs, platform) : undefined;
}

/** The cache hit of a file-store target, from a running agent's `cache-get`; undefined on anything else. */
export async function agentAnswer(
  target: FastTarget,
  now: () => number = Date.now,
  timeoutMs = 1000,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  if (platform === 'win32') return undefined; // the named pipe's name is derived in protocol.ts; the full CLI asks it
  let request: string;
  let socketPath: string;
  try {
    socketPath = join(target.home, FAST_AGENT_SOCKET_NAME);
    if (!existsSync(socketPath)) return undefined;
    const token = readFileSync(join(target.home, FAST_AGENT_TOKEN_NAME), 'utf8').trim();
    const id = fastCacheSecretId(target.profileId);
    request = `${JSON.stringify({ v: 1, token, op: 'cache-get', id, clientPid: process.pid })}\n`;
  } catch {
    return undefined;
  }
  const started = performance.now();
  const line = await exchangeLine(socketPath, request, timeoutMs);
  addStep('agent.cache-get', performance.now() - started);
  return line === undefined ? undefined : answerOf(line, now());
}

/** The credential_process JSON in an agent's `cache-get` reply line, or undefined for anything else. */
export function answerOf(line: string, now: number): string | undefined {
  try {
    const reply = JSON.parse(line) as { ok?: unknown; session?: unknown } | null;
    if (reply === null || typeof reply !== 'object' || reply.ok !== true) return undefined;
    if (typeof reply.session !== 'string') return undefined;
    return fromCacheEntry(reply.session, now);
  } catch {
    return undefined;
  }
}

/** Sends one line and resolves with the first line of the answer; undefined on any failure or after `timeoutMs`. */
function exchangeLine(path: string, request: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    let buffer = '';
    const done = (value: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline >= 0) return done(buffer.slice(0, newline));
      if (buffer.length > MAX_REPLY_CHARS) done(undefined);
    });
    socket.once('error', () => done(undefined));
    socket.once('close', () => done(undefined));
  });
}
