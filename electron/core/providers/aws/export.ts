import type { ProfileRecord } from '../../vault/schema';
import type { ActiveSession, LoginServices, SessionIdentity } from '../types';
import { AwsCredentials } from './session';
import { CREDENTIAL_PROCESS_MARGIN_MS, credentialProcessJson } from './credential-process-json';

/** Variables `exec` removes from the child: they would make SDKs pick another profile or a stale token. */
export const AWS_SCRUB_ENV = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_SDK_LOAD_CONFIG',
  'AWS_CREDENTIAL_FILE',
  'AWS_SECURITY_TOKEN',
  'AWS_SESSION_TOKEN',
  'AWS_SESSION_EXPIRATION',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_ACCOUNT_ID',
] as const;

export function identifyAws(session: ActiveSession): SessionIdentity {
  const data = AwsCredentials.parse(session.data);
  return {
    // A Krypton session has no IAM ARN: it is a Cognito identity, named as such rather than by its access key id.
    identity:
      data.arn ??
      (data.origin === 'cognito' && data.identityId
        ? `Cognito identity ${data.identityId}`
        : data.accessKeyId),
    details: {
      ...(data.accountId ? { account: data.accountId } : {}),
      partition: data.partition,
      ...(data.region ? { region: data.region } : {}),
      credentials: data.origin + (data.chained ? ' (chained)' : ''),
      mfa: data.mfaAuthenticated ? 'yes' : 'no',
      accessKeyId: data.accessKeyId,
    },
  };
}

/** The aws part of docs/architecture.md §5's JSON shape. */
export function awsJson(session: ActiveSession): Record<string, unknown> {
  const data = AwsCredentials.parse(session.data);
  return {
    accessKeyId: data.accessKeyId,
    secretAccessKey: data.secretAccessKey,
    sessionToken: data.sessionToken ?? null,
    ...(data.region ? { region: data.region } : {}),
    ...(data.accountId ? { accountId: data.accountId } : {}),
    ...(data.arn ? { arn: data.arn } : {}),
  };
}

/** What every AWS SDK and CLI reads (docs/protocols/aws.md); both region variables, for boto3. */
export function awsEnv(session: ActiveSession): Record<string, string> {
  const data = AwsCredentials.parse(session.data);
  return {
    AWS_ACCESS_KEY_ID: data.accessKeyId,
    AWS_SECRET_ACCESS_KEY: data.secretAccessKey,
    ...(data.sessionToken ? { AWS_SESSION_TOKEN: data.sessionToken } : {}),
    AWS_CREDENTIAL_EXPIRATION: session.expiration,
    ...(data.region ? { AWS_REGION: data.region, AWS_DEFAULT_REGION: data.region } : {}),
    ...(data.accountId ? { AWS_ACCOUNT_ID: data.accountId } : {}),
  };
}

/** `export --format credential-process` and `tobira credential-process NAME`. */
export async function credentialProcessOutput(
  services: LoginServices,
  profile: ProfileRecord,
): Promise<string> {
  let session = await services.sessionOf(profile.name);
  if (session.fromCache && Date.parse(session.expiration) - Date.now() < CREDENTIAL_PROCESS_MARGIN_MS) {
    session = await services.sessionOf(profile.name, { force: true });
  }
  return credentialProcessJson(AwsCredentials.parse(session.data), session.expiration);
}
