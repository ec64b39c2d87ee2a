import { withRetries } from '../../http';
import { isoSeconds } from '../common/time';
import {
  classify,
  invalid,
  quietly,
  StsRejection,
  traceSdkExchanges,
  type KeyPair,
  type StsTarget,
} from './api';
import { endpointOverride, retryPolicy } from './endpoint';
import type { Partition } from './session';

const SERVICE = 'AWS IAM';

/** IAM is global: the SDK signs for the partition's home region and finds the partition's IAM endpoint from it. */
const IAM_REGION: Record<Partition, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

export interface AccessKeyInfo {
  accessKeyId: string;
  status: string;
  /** ISO 8601 UTC. */
  created: string;
}

export interface NewAccessKey extends AccessKeyInfo {
  secretAccessKey: string;
}

type IamModule = typeof import('@aws-sdk/client-iam');
type Sdk = import('@aws-sdk/client-iam').IAMClient;
let sdk: Promise<IamModule> | undefined;

/** Loaded by `rotate` (and the key-age look-up) only. */
function loadSdk(): Promise<IamModule> {
  sdk ??= import('@aws-sdk/client-iam').then((module) =>
    typeof module.IAMClient === 'function' ? module : (module as unknown as { default: IamModule }).default,
  );
  return sdk;
}

/**
 * The IAM access-key calls of `tobira rotate`, for the signing user itself (no UserName), through @aws-sdk/client-iam
 * with TOBIRA_ENDPOINT_AWS_IAM. A rejection is an StsRejection whose code is IAM's own (LimitExceeded, NoSuchEntity,
 * AccessDenied, InvalidClientTokenId: the SDK's "…Exception" names are turned back into the wire codes); throttling,
 * 5xx and network failures are retried, then exit 4.
 */
export class Iam {
  constructor(
    private readonly target: StsTarget,
    private readonly credentials: KeyPair,
    /** A look-up nobody waits for (the key's age): fewer attempts and a bounded wait, so a show stays quick offline. */
    private readonly limits: { attempts?: number; timeoutMs?: number } = {},
  ) {}

  async listAccessKeys(): Promise<AccessKeyInfo[]> {
    const { ListAccessKeysCommand } = await loadSdk();
    const out = await this.send((client) => client.send(new ListAccessKeysCommand({})));
    return (out.AccessKeyMetadata ?? []).map((key) => {
      if (!key.AccessKeyId || !(key.CreateDate instanceof Date)) {
        throw invalid(
          'AccessKeyMetadata',
          'a member without AccessKeyId or CreateDate',
          out.$metadata,
          SERVICE,
        );
      }
      return {
        accessKeyId: key.AccessKeyId,
        status: key.Status ?? 'Active',
        created: isoSeconds(key.CreateDate),
      };
    });
  }

  async createAccessKey(): Promise<NewAccessKey> {
    const { CreateAccessKeyCommand } = await loadSdk();
    const out = await this.send((client) => client.send(new CreateAccessKeyCommand({})));
    const key = out.AccessKey;
    if (!key?.AccessKeyId || !key.SecretAccessKey) {
      throw invalid('AccessKey', 'no AccessKeyId or SecretAccessKey', out.$metadata, SERVICE);
    }
    const created = key.CreateDate instanceof Date ? key.CreateDate : new Date();
    return {
      accessKeyId: key.AccessKeyId,
      secretAccessKey: key.SecretAccessKey,
      status: key.Status ?? 'Active',
      created: isoSeconds(created),
    };
  }

  async deleteAccessKey(accessKeyId: string): Promise<void> {
    const { DeleteAccessKeyCommand } = await loadSdk();
    await this.send((client) => client.send(new DeleteAccessKeyCommand({ AccessKeyId: accessKeyId })));
  }

  private async send<Output>(run: (client: Sdk) => Promise<Output>): Promise<Output> {
    const { IAMClient } = await loadSdk();
    const endpoint = endpointOverride(this.target.env, 'TOBIRA_ENDPOINT_AWS_IAM');
    const client = quietly(
      () =>
        new IAMClient({
          region: IAM_REGION[this.target.partition],
          credentials: {
            accessKeyId: this.credentials.accessKeyId,
            secretAccessKey: this.credentials.secretAccessKey,
            ...(this.credentials.sessionToken ? { sessionToken: this.credentials.sessionToken } : {}),
          },
          maxAttempts: 1,
          ...(endpoint ? { endpoint } : {}),
          ...(this.limits.timeoutMs !== undefined
            ? {
                requestHandler: {
                  connectionTimeout: this.limits.timeoutMs,
                  requestTimeout: this.limits.timeoutMs,
                },
              }
            : {}),
        }),
    );
    // The trace middleware reads only the request and response, whatever the service's input and output types are.
    traceSdkExchanges(client as unknown as Parameters<typeof traceSdkExchanges>[0]);
    const retry = { ...retryPolicy(this.target.env), ...pick(this.limits.attempts) };
    try {
      return await withRetries(
        SERVICE,
        retry,
        () => run(client),
        (error) => {
          const classified = classify(error, SERVICE);
          // The SDK's "…Exception" names turned back into IAM's wire codes.
          return classified instanceof StsRejection
            ? new StsRejection(
                classified.code.replace(/Exception$/, ''),
                classified.detail,
                classified.status,
              )
            : classified;
        },
      );
    } finally {
      client.destroy();
    }
  }
}

function pick(attempts: number | undefined): { attempts?: number } {
  return attempts === undefined ? {} : { attempts };
}
