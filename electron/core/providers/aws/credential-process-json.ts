/** The credential_process fields of a session (a subset of AwsCredentials, kept free of zod for the fast path). */
export interface ProcessCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  accountId?: string | undefined;
}

/** AWS's credential_process output, Version 1 (docs/protocols/aws.md). */
export function credentialProcessJson(data: ProcessCredentials, expiration: string): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: data.accessKeyId,
    SecretAccessKey: data.secretAccessKey,
    ...(data.sessionToken ? { SessionToken: data.sessionToken } : {}),
    Expiration: expiration,
    ...(data.accountId ? { AccountId: data.accountId } : {}),
  });
}

/**
 * What `credential_process` callers need left on the credentials: botocore refreshes 15 minutes before expiry and
 * refuses credentials with less than 10 minutes left, so a cached session closer than this to its end is renewed.
 */
export const CREDENTIAL_PROCESS_MARGIN_MS = 15 * 60 * 1000;
