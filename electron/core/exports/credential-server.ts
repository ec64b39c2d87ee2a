import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { debug } from '../debug';
import { ExitCode, TobiraError, describeUnknown, isTobiraError } from '../errors';
import { isOwnPeer, type SocketAddresses } from '../net/peer-uid';

/**
 * `tobira exec NAME --server -- CMD`: a loopback endpoint in the container-credentials format
 * (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN), so every SDK in CMD asks Tobira again
 * whenever its credentials near their end, for as long as CMD runs (docs/architecture.md §4.6).
 */

/** AWS credentials as the endpoint serves them; a session token is required by every SDK's container provider. */
export interface ServedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  /** ISO 8601 UTC with Z. */
  expiration: string;
  accountId?: string | undefined;
}

/**
 * What botocore needs left on container credentials: it refreshes 15 minutes before expiry (the JS SDK 5), so a
 * session closer than this to its end is renewed rather than served (the same margin as credential_process).
 */
export const SERVER_MARGIN_MS = 15 * 60 * 1000;
/**
 * SDKs retry a failed credential request at once (botocore 3 times, the JS SDK 3 times a second apart): a failed
 * login is answered from memory for this long, so one SDK call never causes four logins or four MFA prompts.
 */
export const FAILURE_HOLD_MS = 10_000;

export interface ObtainOptions {
  /** Log in again even when the cached session is still good (it has less than the margin left). */
  force: boolean;
}

export interface CredentialSourceOptions {
  /** The profile's session through the usual cache and MFA broker. */
  obtain(options: ObtainOptions): Promise<ServedCredentials>;
  now?: () => number;
  marginMs?: number;
}

/**
 * The credentials to serve: kept in memory while they have more than the margin left (no secret-store read per
 * request); then the cache, and a forced login when the cached session is too close to its end. Concurrent callers
 * share one refresh.
 */
export function credentialSource(options: CredentialSourceOptions): () => Promise<ServedCredentials> {
  const now = options.now ?? Date.now;
  const margin = options.marginMs ?? SERVER_MARGIN_MS;
  let current: ServedCredentials | undefined;
  let pending: Promise<ServedCredentials> | undefined;
  const fresh = (credentials: ServedCredentials | undefined): credentials is ServedCredentials =>
    credentials !== undefined && Date.parse(credentials.expiration) - now() > margin;
  const refresh = async (): Promise<ServedCredentials> => {
    let credentials = await options.obtain({ force: false });
    if (!fresh(credentials)) credentials = await options.obtain({ force: true });
    if (!credentials.sessionToken) {
      throw new TobiraError('exec.server.noSessionToken', ExitCode.error);
    }
    return credentials;
  };
  return () => {
    if (fresh(current)) return Promise.resolve(current);
    pending ??= refresh()
      .then((served) => (current = served))
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

export interface CredentialHandlerOptions {
  credentials: () => Promise<ServedCredentials>;
  /** The value SDKs send in the Authorization header. */
  token: string;
  now?: () => number;
  failureHoldMs?: number;
  /** Does the connection come from a process of our uid? (Linux: /proc/net/tcp; elsewhere the token alone.) */
  ownPeer?: (socket: SocketAddresses) => Promise<boolean>;
  /** The text of a failed login for the SDK's error (already translated, never a secret). */
  describe?: (error: unknown) => string;
  /** Tells the person at the terminal that a refresh failed (the SDK in the child reports it its own way). */
  onFailure?: (error: unknown) => void;
}

interface Failure {
  status: number;
  code: string;
  message: string;
  at: number;
}

/** The container-credentials JSON every SDK parses (botocore, the JS SDK's fromHttp, Go, Java). */
export function containerCredentialsJson(credentials: ServedCredentials): string {
  return JSON.stringify({
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    Token: credentials.sessionToken,
    Expiration: credentials.expiration,
    ...(credentials.accountId ? { AccountId: credentials.accountId } : {}),
  });
}

function tokensEqual(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** HTTP status of a failed login: the SDKs show 4xx bodies' Code and Message, and give up on every status alike. */
function statusOf(error: unknown): { status: number; code: string } {
  if (!isTobiraError(error)) return { status: 500, code: 'InternalError' };
  switch (error.exitCode) {
    case ExitCode.rejected:
      return { status: 403, code: 'LoginRejected' };
    case ExitCode.mfaUnavailable:
      return { status: 401, code: 'MfaUnavailable' };
    case ExitCode.unreachable:
      return { status: 502, code: 'ProviderUnreachable' };
    default:
      return { status: 500, code: 'LoginFailed' };
  }
}

/**
 * The request handler: token, then peer uid, then the credentials in the container-credentials format, or a
 * failed login as JSON with a non-200 status.
 */
export function credentialHandler(
  options: CredentialHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const now = options.now ?? Date.now;
  const hold = options.failureHoldMs ?? FAILURE_HOLD_MS;
  const ownPeer = options.ownPeer ?? ((socket: SocketAddresses) => isOwnPeer(socket));
  const describe = options.describe ?? describeUnknown;
  let failure: Failure | undefined;
  const peers = new WeakMap<object, Promise<boolean>>();

  return async (request, response) => {
    const reply = (status: number, body: string) => {
      response.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      response.end(body);
    };
    const refuse = (status: number, code: string, message: string) =>
      reply(status, JSON.stringify({ Code: code, Message: message }));

    if (!tokensEqual(request.headers.authorization, options.token)) {
      debug(
        'server',
        `refused ${request.method ?? '?'} ${request.url ?? '?'}: no or wrong Authorization token`,
      );
      return refuse(403, 'InvalidToken', 'invalid Authorization token');
    }
    // One lookup per connection: an SDK that keeps its connection alive is not looked up again.
    let verdict = peers.get(request.socket);
    if (!verdict) {
      verdict = ownPeer(request.socket);
      peers.set(request.socket, verdict);
    }
    if (!(await verdict)) {
      debug('server', 'refused a request from a process of another user');
      return refuse(
        403,
        'ForeignUser',
        'this endpoint serves only the user who started tobira exec --server',
      );
    }
    if (request.method !== 'GET') return refuse(405, 'MethodNotAllowed', 'use GET');
    if (failure && now() - failure.at < hold) return refuse(failure.status, failure.code, failure.message);
    try {
      const served = await options.credentials();
      failure = undefined;
      debug('server', `served credentials valid until ${served.expiration}`);
      reply(200, containerCredentialsJson(served));
    } catch (error) {
      const { status, code } = statusOf(error);
      failure = { status, code, message: describe(error), at: now() };
      debug('server', `login failed: ${code}`);
      options.onFailure?.(error);
      refuse(status, code, failure.message);
    }
  };
}

export interface RunningCredentialServer {
  /** http://127.0.0.1:PORT/ – for AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  url: string;
  token: string;
  close(): Promise<void>;
}

/** A random token per run, sent back by the SDKs in the Authorization header. */
export function newServerToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Listens on 127.0.0.1 at a port the OS picks; nothing else on the network can reach it. */
export async function startCredentialServer(
  options: Omit<CredentialHandlerOptions, 'token'> & { token?: string },
): Promise<RunningCredentialServer> {
  const token = options.token ?? newServerToken();
  const handle = credentialHandler({ ...options, token });
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      debug('server', `handler failed: ${describeUnknown(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  // A keep-alive connection of a long-lived SDK must not hold close() up when the child has ended.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Variables the child must not have in server mode: every SDK reads environment keys, web identity and the
 * relative container URI before the full URI, so any of them left over would win over the endpoint.
 */
export const SERVER_SCRUB_ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
] as const;

/**
 * The child's environment in server mode: the inherited one without the variables above (compared
 * case-insensitively, as Windows does), the exported non-secret settings (region, account), and the endpoint.
 */
export function serverChildEnv(
  inherited: Record<string, string>,
  exported: Record<string, string>,
  server: { url: string; token: string },
): Record<string, string> {
  const scrub = new Set<string>(SERVER_SCRUB_ENV);
  const keep = (entries: Record<string, string>) =>
    Object.entries(entries).filter(([name]) => !scrub.has(name.toUpperCase()));
  return {
    ...Object.fromEntries(keep(inherited)),
    ...Object.fromEntries(keep(exported)),
    AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: server.token,
  };
}
