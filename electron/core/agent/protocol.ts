import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as z from 'zod';
import { Requester } from '../../../shared/ipc';

/** The agent's files in TOBIRA_HOME: the socket (a named pipe on Windows) and the token that authenticates callers. */
export const AGENT_SOCKET_NAME = 'agent.sock';
export const AGENT_TOKEN_NAME = 'agent.token';

export function agentSocketPath(home: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    // Named pipes live in their own namespace; one per data folder.
    const id = createHash('sha256').update(home.toLowerCase()).digest('hex').slice(0, 16);
    return `\\\\.\\pipe\\tobira-agent-${id}`;
  }
  return join(home, AGENT_SOCKET_NAME);
}

export function agentTokenPath(home: string): string {
  return join(home, AGENT_TOKEN_NAME);
}

const Token = z.string().regex(/^[0-9a-f]{64}$/);

export const AskRequest = z
  .object({
    v: z.literal(1),
    token: Token,
    op: z.literal('ask'),
    /** code: an MFA code; secret: a hidden one-time secret (SIM PIN). */
    kind: z.enum(['code', 'secret']),
    profile: z.string().min(1).max(64),
    provider: z.string().min(1).max(100),
    label: z.object({
      key: z.string().max(100),
      params: z.record(z.string(), z.union([z.string().max(500), z.number()])).optional(),
    }),
    requester: Requester,
    /** The asking process's own pid: where the agent looks first for the connecting process (see peer.ts). */
    clientPid: z.number().int().positive().optional(),
  })
  .strict();
export type AskRequest = z.infer<typeof AskRequest>;

export const PingRequest = z.object({ v: z.literal(1), token: Token, op: z.literal('ping') }).strict();

/**
 * What a CLI run tells the app without asking anything: why it waits (its stderr may be hidden, as soracom-cli hides
 * a profileCommand's), shown in the app's activity. Only these messages are accepted.
 */
export const AGENT_NOTICE_KEYS = [
  'mfa.totp.waiting',
  'mfa.totp.waitingProfileCommand',
  'mfa.totp.clockBack',
] as const;

export const NoticeRequest = z
  .object({
    v: z.literal(1),
    token: Token,
    op: z.literal('notice'),
    profile: z.string().min(1).max(64),
    label: z.object({
      key: z.enum(AGENT_NOTICE_KEYS),
      params: z.record(z.string(), z.union([z.string().max(500), z.number()])).optional(),
    }),
    requester: Requester,
  })
  .strict();
export type NoticeRequest = z.infer<typeof NoticeRequest>;

/** Who answers on the socket (the desktop app, `tobira ui`, or `tobira agent`) and since when: for `tobira status`. */
export const HelloRequest = z.object({ v: z.literal(1), token: Token, op: z.literal('hello') }).strict();

/**
 * A credential-cache record of the agent's unlocked store (`tobira agent`), so that a CLI run with the file store
 * needs no passphrase for a cache hit. Only ids of the form `cache-<profile id>` are accepted: the agent never hands
 * out a long-term secret (a key, a password, an MFA seed) over the socket.
 */
export const CACHE_ID_PATTERN = /^cache-[0-9a-f-]{36}$/;
export const CacheGetRequest = z
  .object({
    v: z.literal(1),
    token: Token,
    op: z.literal('cache-get'),
    id: z.string().regex(CACHE_ID_PATTERN),
    clientPid: z.number().int().positive().optional(),
  })
  .strict();
export type CacheGetRequest = z.infer<typeof CacheGetRequest>;

/**
 * A usable session of a profile from `tobira agent`: its cache hit, or else a login the agent runs itself with its
 * unlocked store, as long as that login needs nobody to answer anything (no MFA prompt, no browser, no PIN); the
 * reply is the cache record (a session), never a long-term secret. `mfaCode` is the CLI's --mfa-code.
 */
export const SessionRequest = z
  .object({
    v: z.literal(1),
    token: Token,
    op: z.literal('session'),
    profile: z.string().min(1).max(64),
    mfaCode: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
    clientPid: z.number().int().positive().optional(),
  })
  .strict();
export type SessionRequest = z.infer<typeof SessionRequest>;

export const AgentRequest = z.discriminatedUnion('op', [
  AskRequest,
  PingRequest,
  NoticeRequest,
  HelloRequest,
  CacheGetRequest,
  SessionRequest,
]);
export type AgentRequest = z.infer<typeof AgentRequest>;

export const AgentReply = z.discriminatedUnion('ok', [
  z
    .object({
      ok: z.literal(true),
      value: z.string().max(256).optional(),
      /** hello: who answers, since when (ISO 8601). */
      info: z
        .object({ kind: z.enum(['agent', 'app']), since: z.string().datetime() })
        .strict()
        .optional(),
      /** cache-get, session: the cache record as stored (a session), absent on a miss. */
      session: z
        .string()
        .max(12 * 1024)
        .optional(),
      /** session: whether the record came from the cache (false: the agent logged in for it). */
      fromCache: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      ok: z.literal(false),
      /**
       * too-many: the agent already holds as many prompts as it allows (per process, or in all);
       * unsupported: this agent does not serve the operation (one started without a store to serve);
       * failed: the agent could not get the session without asking someone (or the login failed): the CLI does it;
       * mfa-needed: the login needs a typed MFA code: the CLI asks its person and sends the session request again
       * with `mfaCode`.
       */
      error: z.enum([
        'unauthorized',
        'bad-request',
        'cancelled',
        'timeout',
        'busy',
        'too-many',
        'unsupported',
        'failed',
        'mfa-needed',
      ]),
    })
    .strict(),
]);
export type AgentReply = z.infer<typeof AgentReply>;

/**
 * The agent's first line to an ask it takes on, sent at once: the client then knows the agent is alive and prompting
 * and waits for the person; without it (or a final reply) within 3 s it stops waiting on a silent socket.
 */
export const AgentAccepted = z.object({ accepted: z.literal(true) }).strict();
export type AgentAccepted = z.infer<typeof AgentAccepted>;

/** How long a client waits for the agent to connect and send its first line (AgentAccepted or a reply). */
export const HANDSHAKE_TIMEOUT_MS = 3000;

/** Prompts the agent holds at once: per asking process, and in all. More are refused with `too-many`. */
export const MAX_PENDING_PER_PROCESS = 4;
export const MAX_PENDING = 32;

/**
 * One request per connection: one JSON line in; out, an AgentAccepted line for an ask that is taken on, then one
 * AgentReply line. Anything longer than this is refused.
 */
export const MAX_LINE_BYTES = 16 * 1024;
