import { ExitCode, TobiraError } from '../../errors';
import type { Env } from '../../home';
import { isoSeconds } from '../common/time';
import { DEFAULT_REGION, type Partition } from './credentials';
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
    return { credentials: issued(out.Credentials) };
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
    return { credentials: issued(out.Credentials), arn: out.AssumedRoleUser?.Arn };
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
    return { credentials: issued(out.Credentials), arn: out.FederatedUser?.Arn };
  }

  async getCallerIdentity(): Promise<{ arn: string; account: string; userId: string }> {
    const { GetCallerIdentityCommand } = await loadSdk();
    const out = await this.send((client) => client.send(new GetCallerIdentityCommand({})));
    if (!out.Arn || !out.Account || !out.UserId) throw badResponse('GetCallerIdentity');
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
    const retry = retryPolicy(this.target.env);
    let problem = '';
    try {
      for (let attempt = 1; attempt <= retry.attempts; attempt += 1) {
        if (attempt > 1) await delay(retry.baseDelayMs * 2 ** (attempt - 2));
        try {
          return await run(client);
        } catch (error) {
          const classified = classify(error);
          if (classified instanceof StsRejection) throw classified;
          problem = classified;
        }
      }
    } finally {
      client.destroy();
    }
    throw new TobiraError('provider.unreachable', ExitCode.unreachable, {
      service: SERVICE,
      detail: problem,
      attempts: retry.attempts,
    });
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
function classify(error: unknown): StsRejection | string {
  const e = error as {
    name?: string;
    message?: string;
    code?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined) {
    // No HTTP answer at all: DNS, refused connection, timeout.
    return e.code ?? e.name ?? 'network error';
  }
  if (status < 300) {
    // STS said 200 but the SDK could not read the body (a proxy's HTML page, a truncated answer): not a refusal.
    throw new TobiraError('provider.badResponse', ExitCode.unreachable, {
      service: SERVICE,
      detail: `HTTP ${status}`,
    });
  }
  const code = e.name ?? `HTTP${status}`;
  if (status === 429 || status >= 500 || THROTTLING.has(code)) return `HTTP ${status} ${code}`;
  return new StsRejection(code, firstLine(e.message ?? ''), status);
}

function issued(
  credentials:
    { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined,
): IssuedCredentials {
  if (
    !credentials?.AccessKeyId ||
    !credentials.SecretAccessKey ||
    !credentials.SessionToken ||
    !(credentials.Expiration instanceof Date) ||
    Number.isNaN(credentials.Expiration.getTime())
  ) {
    throw badResponse('Credentials');
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: isoSeconds(credentials.Expiration),
  };
}

function badResponse(what: string): TobiraError {
  return new TobiraError('provider.badResponse', ExitCode.unreachable, { service: SERVICE, detail: what });
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
function quietly<T>(build: () => T): T {
  const before = process.env[NODE_WARNING];
  process.env[NODE_WARNING] = 'true';
  try {
    return build();
  } finally {
    if (before === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    else process.env[NODE_WARNING] = before;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
