import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { ExitCode, TobiraError } from '../errors';
import { ensureHome } from '../home';
import { writeFileAtomic } from '../vault/atomic-file';
import type { Requester } from '../../../shared/ipc';
import { argvOf, commandLineOf, identifyPeer, tobiraCommandOf, type PeerProcess } from './peer';
import {
  AgentAccepted,
  AgentReply,
  AgentRequest,
  agentSocketPath,
  agentTokenPath,
  MAX_LINE_BYTES,
  MAX_PENDING,
  MAX_PENDING_PER_PROCESS,
  type AskRequest,
  type NoticeRequest,
  type SessionRequest,
} from './protocol';

/** The longest answer a reply carries (AgentReply's `value`). */
const MAX_VALUE_LENGTH = 256;
/** The longest cache record a reply carries (AgentReply's `session`); a longer one is a miss. */
const MAX_SESSION_LENGTH = 12 * 1024;

export type AskOutcome = { value: string } | { error: 'cancelled' | 'timeout' | 'busy' };

export interface AgentServerOptions {
  home: string;
  /**
   * Shows the prompt to the person and resolves with their answer (or why there is none). `request.requester` is the
   * process as the OS reports it where the agent could find it (`verified: true`), else the client's claim
   * (`verified: false`). `signal` aborts when the asking process hung up: the prompt should go away.
   */
  onAsk(request: AskRequest, context: { signal: AbortSignal }): Promise<AskOutcome>;
  /** A notice from a CLI run (why it waits); shown, not answered. */
  onNotice?(request: NoticeRequest): void;
  platform?: NodeJS.Platform;
  /** What `hello` answers: the desktop app (default) or `tobira agent`. */
  kind?: 'agent' | 'app';
  /**
   * A credential-cache record (`cache-<profile id>`, checked by the protocol) from the unlocked store; undefined on a
   * miss. Without it, cache-get is answered `unsupported`.
   */
  onCacheGet?(id: string): Promise<string | undefined>;
  /**
   * A usable session of a profile as its cache record: a cache hit or a login that needs no answer from anyone;
   * undefined when that is not possible. Without it, session is answered `unsupported`.
   */
  onSession?(
    request: SessionRequest,
  ): Promise<{ session: string; fromCache: boolean } | 'mfa-needed' | undefined>;
  /** Called for every authenticated request (the agent's idle timer). */
  onActivity?(): void;
  /** How long a connection may take to send its request line before it is dropped (default 10 s). */
  requestTimeoutMs?: number;
}

export interface AgentServer {
  socketPath: string;
  close(): Promise<void>;
}

/**
 * Serves the CLI (docs/architecture.md §4.3–4.5): a Unix socket (named pipe on Windows) in the 0700 data folder, itself 0600, and a
 * random token in a 0600 file next to it that every request must carry. Requests and replies are one line of JSON,
 * validated with zod; a connection without a valid token gets `unauthorized` and nothing else.
 */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const platform = options.platform ?? process.platform;
  ensureHome(options.home);
  const socketPath = agentSocketPath(options.home, platform);
  if (platform !== 'win32' && existsSync(socketPath)) {
    if (await answers(socketPath)) throw new TobiraError('agent.busy', ExitCode.error, { path: socketPath });
    unlinkSync(socketPath); // a stale socket of an app that crashed
  }
  const token = randomBytes(32).toString('hex');
  const tokenPath = agentTokenPath(options.home);
  writeFileAtomic(tokenPath, `${token}\n`, 0o600);
  const expected = Buffer.from(token);
  const since = new Date().toISOString();
  const sockets = new Set<Socket>();
  /** Prompts being asked, by asking process (see `processKey`). */
  const pending = new Map<string, number>();
  let pendingTotal = 0;
  /** Logins the agent runs at once (session requests). */
  let sessionsRunning = 0;

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    let buffer = '';
    let handled = false;
    // A CLI sends its line at once; a peer that never completes one would hold the connection (and its buffer) forever.
    socket.setTimeout(options.requestTimeoutMs ?? 10_000, () => {
      if (!handled) socket.destroy();
    });
    socket.on('data', (chunk: string) => {
      if (handled) return;
      buffer += chunk;
      if (buffer.length > MAX_LINE_BYTES) {
        handled = true; // one refusal, and no more buffering of whatever else the peer sends
        // A peer still writing would keep the half-closed socket open: close it once the refusal is flushed.
        socket.once('finish', () => socket.destroy());
        return reply(socket, { ok: false, error: 'bad-request' });
      }
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      handled = true;
      socket.setTimeout(0); // the person may take minutes to answer the prompt
      void handle(buffer.slice(0, newline), socket).then((answer) => reply(socket, answer));
    });
  });

  async function handle(line: string, socket: Socket): Promise<AgentReply> {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return { ok: false, error: 'bad-request' };
    }
    const token = (raw as { token?: unknown } | null)?.token;
    if (typeof token !== 'string' || !sameToken(token, expected)) return { ok: false, error: 'unauthorized' };
    const request = AgentRequest.safeParse(raw);
    if (!request.success) return { ok: false, error: 'bad-request' };
    options.onActivity?.();
    if (request.data.op === 'ping') return { ok: true };
    if (request.data.op === 'hello') return { ok: true, info: { kind: options.kind ?? 'app', since } };
    if (request.data.op === 'cache-get') {
      if (!options.onCacheGet) return { ok: false, error: 'unsupported' };
      const peer = await identifyPeer(socket, request.data.clientPid, platform);
      if (peer && !peer.uids.every((uid) => uid === ownUid())) return { ok: false, error: 'unauthorized' };
      const session = await options.onCacheGet(request.data.id).catch(() => undefined);
      return session === undefined || session.length > MAX_SESSION_LENGTH
        ? { ok: true }
        : { ok: true, session };
    }
    if (request.data.op === 'notice') {
      const peer = await identifyPeer(socket, undefined, platform);
      if (peer && !peer.uids.every((uid) => uid === ownUid())) return { ok: false, error: 'unauthorized' };
      options.onNotice?.(request.data);
      return { ok: true };
    }
    if (request.data.op === 'session') {
      const onSession = options.onSession;
      if (!onSession) return { ok: false, error: 'unsupported' };
      const peer = await identifyPeer(socket, request.data.clientPid, platform);
      if (peer && !peer.uids.every((uid) => uid === ownUid())) return { ok: false, error: 'unauthorized' };
      if (sessionsRunning >= MAX_PENDING) return { ok: false, error: 'too-many' };
      sessionsRunning += 1;
      try {
        // A login may take longer than the client's 3 s handshake: say at once that it is under way.
        socket.write(`${JSON.stringify(AgentAccepted.parse({ accepted: true }))}\n`);
        const served = await onSession(request.data).catch(() => undefined);
        if (served === 'mfa-needed') return { ok: false, error: 'mfa-needed' };
        if (!served || served.session.length > MAX_SESSION_LENGTH) return { ok: false, error: 'failed' };
        return { ok: true, session: served.session, fromCache: served.fromCache };
      } finally {
        sessionsRunning -= 1;
      }
    }
    const ask = request.data;
    const peer = await identifyPeer(socket, ask.clientPid, platform);
    // The socket's modes keep other users out; where the OS names the peer, another uid is refused as well.
    if (peer && !peer.uids.every((uid) => uid === ownUid())) return { ok: false, error: 'unauthorized' };
    if (socket.destroyed) return { ok: false, error: 'cancelled' }; // gone while we looked: no prompt for nobody
    const key = peer ? `pid:${peer.pid}` : `claimed:${ask.clientPid ?? ask.requester.pid}`;
    const mine = pending.get(key) ?? 0;
    if (mine >= MAX_PENDING_PER_PROCESS || pendingTotal >= MAX_PENDING)
      return { ok: false, error: 'too-many' };
    pending.set(key, mine + 1);
    pendingTotal += 1;
    const hungUp = new AbortController();
    if (socket.destroyed) hungUp.abort();
    else socket.once('close', () => hungUp.abort());
    let outcome: AskOutcome;
    try {
      socket.write(`${JSON.stringify(AgentAccepted.parse({ accepted: true }))}\n`);
      const requester = peer ? osRequester(peer) : { ...ask.requester, verified: false };
      const gone = new Promise<AskOutcome>((resolve) => {
        if (hungUp.signal.aborted) resolve({ error: 'cancelled' });
        hungUp.signal.addEventListener('abort', () => resolve({ error: 'cancelled' }), { once: true });
      });
      // A hung-up client frees its place at once, whether or not onAsk honours the signal.
      outcome = await Promise.race([
        options
          .onAsk({ ...ask, requester }, { signal: hungUp.signal })
          .catch(() => ({ error: 'cancelled' as const })),
        gone,
      ]);
    } finally {
      const left = (pending.get(key) ?? 1) - 1;
      if (left > 0) pending.set(key, left);
      else pending.delete(key);
      pendingTotal -= 1;
    }
    if (!('value' in outcome)) return { ok: false, error: outcome.error };
    // No code or PIN is that long, and the reply schema would throw on it (an unhandled rejection ends the process).
    return outcome.value.length <= MAX_VALUE_LENGTH
      ? { ok: true, value: outcome.value }
      : { ok: false, error: 'bad-request' };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The folder is 0700 already; the socket itself is tightened too, in case the folder ever is not.
  if (platform !== 'win32') chmodSync(socketPath, 0o600);

  let closing: Promise<void> | undefined;
  return {
    socketPath,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
        try {
          // Only remove the token if it is still ours (a newer app may have replaced it).
          if (readFileSync(tokenPath, 'utf8').trim() === token) unlinkSync(tokenPath);
        } catch {
          // already gone
        }
      });
      return closing;
    },
  };
}

/** Who asks, as the OS reports it: the process that connected (tobira, normally), and the process that started it. */
function osRequester(peer: PeerProcess): Requester {
  return {
    pid: peer.ppid,
    command: commandLineOf(peer.ppid, 'linux'),
    tobira: tobiraCommandOf(argvOf(peer.pid) ?? [`pid ${peer.pid}`]),
    verified: true,
  };
}

function ownUid(): number {
  return process.getuid?.() ?? -1;
}

function reply(socket: Socket, answer: AgentReply): void {
  if (socket.destroyed) return;
  socket.end(`${JSON.stringify(AgentReply.parse(answer))}\n`);
}

function sameToken(given: string, expected: Buffer): boolean {
  const buffer = Buffer.from(given);
  return buffer.length === expected.length && timingSafeEqual(buffer, expected);
}

/** Whether something accepts connections on `path` (another running app), within a short time. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
