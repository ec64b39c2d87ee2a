import { Readable } from 'node:stream';
import { debugEnabled, traceFailure, traceRequest, traceResponse } from '../../debug';
import { TobiraError } from '../../errors';
import type { Env } from '../../home';
import { badResponse } from '../../bad-response';
import { withRetries } from '../../http';
import { isoSeconds } from '../common/time';
import { DEFAULT_REGION, type Partition } from './session';
import { endpointOverride, retryPolicy } from './endpoint';

const SERVICE = 'AWS STS';

export interface KeyPair {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface IssuedCredentials extends KeyPair {
  sessionToken: string;
  /** ISO 8601 UTC. */
  expiration: string;
}

/** A 4xx answer of STS in its ErrorResponse shape: the code (InvalidClientTokenId, AccessDenied, ...) and message. */
export class StsRejection extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly status: number,
  ) {
    super(`${status} ${code}`);
  }
}

export interface StsTarget {
  partition: Partition;
  region?: string | undefined;
  env: Env;
}

type StsModule = typeof import('@aws-sdk/client-sts');
type Sdk = import('@aws-sdk/client-sts').STSClient;
let sdk: Promise<StsModule> | undefined;

/** The SDK is loaded on the first STS call only: start-up and cache hits never pay for it. */
function loadSdk(): Promise<StsModule> {
  // Bundled as CommonJS, the SDK's exports may sit on `default` of the dynamic import's namespace.
  sdk ??= import('@aws-sdk/client-sts').then((module) =>
    typeof module.STSClient === 'function' ? module : (module as unknown as { default: StsModule }).default,
  );
  return sdk;
}

/**
 * The STS calls Tobira makes, through @aws-sdk/client-sts (SigV4, query protocol, XML parsing). The SDK's own retries
 * are off: retries happen here, with the same policy and exit 4 as every other provider.
 */
export class Sts {
  constructor(
    private readonly target: StsTarget,
    private readonly credentials: KeyPair,
  ) {}

  async getSessionToken(input: { durationSeconds: number; serialNumber?: string; tokenCode?: string }) {
    const { GetSessionTokenCommand } = await loadSdk();
    const out = await this.send((client) =>
      client.send(
        new GetSessionTokenCommand({
          DurationSeconds: input.durationSeconds,
          ...(input.serialNumber ? { SerialNumber: input.serialNumber, TokenCode: input.tokenCode } : {}),
        }),
      ),
    );
    return { credentials: issued(out.Credentials, out.$metadata) };
  }

  async assumeRole(input: {
    roleArn: string;
    roleSessionName: string;
    durationSeconds: number;
    externalId?: string | undefined;
    serialNumber?: string | undefined;
    tokenCode?: string | undefined;
  }) {
    const { AssumeRoleCommand } = await loadSdk();
    const out = await this.send((client) =>
      client.send(
        new AssumeRoleCommand({
          RoleArn: input.roleArn,
          RoleSessionName: input.roleSessionName,
          DurationSeconds: input.durationSeconds,
          ...(input.externalId ? { ExternalId: input.externalId } : {}),
          ...(input.serialNumber ? { SerialNumber: input.serialNumber, TokenCode: input.tokenCode } : {}),
        }),
      ),
    );
    return { credentials: issued(out.Credentials, out.$metadata), arn: out.AssumedRoleUser?.Arn };
  }

  async getFederationToken(input: { name: string; policy: string; durationSeconds: number }) {
    const { GetFederationTokenCommand } = await loadSdk();
    const out = await this.send((client) =>
      client.send(
        new GetFederationTokenCommand({
          Name: input.name,
          Policy: input.policy,
          DurationSeconds: input.durationSeconds,
        }),
      ),
    );
    return { credentials: issued(out.Credentials, out.$metadata), arn: out.FederatedUser?.Arn };
  }

  async getCallerIdentity(): Promise<{ arn: string; account: string; userId: string }> {
    const { GetCallerIdentityCommand } = await loadSdk();
    const out = await this.send((client) => client.send(new GetCallerIdentityCommand({})));
    if (!out.Arn || !out.Account || !out.UserId) {
      const missing = (['Arn', 'Account', 'UserId'] as const).filter((field) => !out[field]);
      throw invalid('GetCallerIdentityResult', `no ${missing.join(', ')}`, out.$metadata);
    }
    return { arn: out.Arn, account: out.Account, userId: out.UserId };
  }

  // The command types differ per call; the SDK's own generics tie each command to its output.
  private async send<Output>(run: (client: Sdk) => Promise<Output>): Promise<Output> {
    const { STSClient } = await loadSdk();
    const endpoint = endpointOverride(this.target.env, 'TOBIRA_ENDPOINT_AWS_STS');
    const client = quietly(
      () =>
        new STSClient({
          region: this.target.region ?? DEFAULT_REGION[this.target.partition],
          credentials: {
            accessKeyId: this.credentials.accessKeyId,
            secretAccessKey: this.credentials.secretAccessKey,
            ...(this.credentials.sessionToken ? { sessionToken: this.credentials.sessionToken } : {}),
          },
          maxAttempts: 1,
          useFipsEndpoint: false,
          useDualstackEndpoint: false,
          ...(endpoint ? { endpoint } : {}),
        }),
    );
    traceSdkExchanges(client);
    try {
      return await withRetries(SERVICE, retryPolicy(this.target.env), () => run(client), classify);
    } finally {
      client.destroy();
    }
  }
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
]);

/** A rejection to report, or the text of a transient problem worth retrying (never a URL or a body). */
export function classify(error: unknown, service: string = SERVICE): StsRejection | string {
  const e = error as {
    name?: string;
    message?: string;
    code?: string;
    $fault?: string;
    $metadata?: Metadata;
  };
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined) {
    // No HTTP answer at all: DNS, refused connection, timeout.
    return e.code ?? e.name ?? 'network error';
  }
  if (status < 300) {
    // STS said 200 but the SDK could not read the body (a proxy's HTML page, a truncated answer): not a refusal.
    throw invalid('response', `the body is not an ${service} XML answer`, e.$metadata, service);
  }
  const code = e.name ?? `HTTP${status}`;
  if (status === 429 || status >= 500 || THROTTLING.has(code)) return `HTTP ${status} ${code}`;
  return new StsRejection(code, firstLine(e.message ?? ''), status);
}

function issued(
  credentials:
    { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined,
  metadata: Metadata,
): IssuedCredentials {
  if (!credentials) throw invalid('Credentials', 'no Credentials element', metadata);
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = credentials;
  if (!AccessKeyId || !SecretAccessKey || !SessionToken || !validDate(Expiration)) {
    const missing = Object.entries({ AccessKeyId, SecretAccessKey, SessionToken })
      .filter(([, value]) => !value)
      .map(([field]) => field);
    if (!validDate(Expiration)) missing.push('Expiration');
    throw invalid('Credentials', `no valid ${missing.join(', ')}`, metadata);
  }
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    sessionToken: SessionToken,
    expiration: isoSeconds(Expiration),
  };
}

function validDate(value: Date | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

export interface Metadata {
  httpStatusCode?: number | undefined;
  requestId?: string | undefined;
}

/** Names the element that was missing or unreadable, with STS's status and RequestId; never a value. */
export function invalid(
  what: string,
  problem: string,
  metadata: Metadata | undefined,
  service: string = SERVICE,
): TobiraError {
  return badResponse({
    service,
    what,
    problem,
    status: metadata?.httpStatusCode,
    requestId: metadata?.requestId,
  });
}

/** The parts of the SDK's HttpRequest / HttpResponse that --debug shows (after ./redact.ts). */
interface SdkHttpRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}
interface SdkHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * With --debug, logs each signed STS request and its raw answer. It sits right above the HTTP handler (deserialize
 * step, low priority), so it sees the request as sent and the body before the SDK parses it; the body is read into
 * memory and handed on unchanged.
 */
export function traceSdkExchanges(client: Pick<Sdk, 'middlewareStack'>): void {
  if (!debugEnabled()) return;
  type Add = Sdk['middlewareStack']['add'];
  const middleware: Parameters<Add>[0] = (next) => async (args) => {
    const request = args.request as SdkHttpRequest;
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      for (const item of [value ?? ''].flat()) query.append(name, item);
    }
    const port = request.port ? `:${request.port}` : '';
    const url = `${request.protocol}//${request.hostname}${port}${request.path}${query.size ? `?${query}` : ''}`;
    const method = request.method;
    traceRequest({
      method,
      url,
      headers: Object.entries(request.headers),
      body: sentText(request.body),
    });
    const started = performance.now();
    let result: Awaited<ReturnType<typeof next>>;
    try {
      result = await next(args);
    } catch (error) {
      traceFailure({ method, url }, started, error);
      throw error;
    }
    const response = result.response as SdkHttpResponse;
    let body = '';
    if (response.body instanceof Readable) {
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Uint8Array));
      const bytes = Buffer.concat(chunks);
      body = bytes.toString('utf8');
      response.body = Readable.from([bytes]);
    }
    traceResponse({ method, url }, started, {
      status: response.statusCode,
      headers: Object.entries(response.headers),
      body,
    });
    return result;
  };
  client.middlewareStack.add(middleware, { step: 'deserialize', priority: 'low', name: 'tobiraDebug' });
}

/** The request body as text: a string (STS's form) or bytes (the JSON protocols of SSO and IAM Identity Center). */
function sentText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}

const NODE_WARNING = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * Builds the client without the SDK's warning about Node 20 support in 2027: it would land on the stderr of
 * credential_process callers and scripts on every STS call, and is not the user's to act on. The variable is
 * restored at once, so exec'd children never see it.
 */
export function quietly<T>(build: () => T): T {
  const before = process.env[NODE_WARNING];
  process.env[NODE_WARNING] = 'true';
  try {
    return build();
  } finally {
    if (before === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    else process.env[NODE_WARNING] = before;
  }
}
