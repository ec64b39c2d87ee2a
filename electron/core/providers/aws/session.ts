import * as z from 'zod';

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export const Partition = z.enum(PARTITIONS);
export type Partition = z.infer<typeof Partition>;

/**
 * Where a set of AWS credentials came from; it decides what they may be used for (docs/protocols/aws.md):
 * GetSessionToken credentials cannot sign in to the console, GetFederationToken and chained role credentials
 * cannot carry a console SessionDuration, role credentials minted from long-term keys can.
 */
export const CredentialOrigin = z.enum([
  'session-token',
  'assumed-role',
  'federation-token',
  'cognito',
  'long-term',
]);
export type CredentialOrigin = z.infer<typeof CredentialOrigin>;

/** ISO 8601 in UTC with `Z` (docs/architecture.md §5), as STS and the credential_process contract use it. */
const IsoUtc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'ISO 8601 UTC with Z');

/**
 * The session data of every profile type that yields AWS credentials (aws-iam-user, aws-role, aws-krypton, ...).
 * A provider whose session data matches this can spread `awsCredentialSessions` into its ProviderSessions.
 */
export const AwsCredentials = z.object({
  accessKeyId: z.string().min(16).max(128),
  secretAccessKey: z.string().min(1),
  sessionToken: z.string().min(1).optional(),
  expiration: IsoUtc,
  region: z.string().min(1).optional(),
  partition: Partition,
  origin: CredentialOrigin,
  /** AssumeRole called with temporary credentials: capped at one hour, no console SessionDuration. */
  chained: z.boolean().optional(),
  /** An MFA code was part of how these credentials were obtained (aws:MultiFactorAuthPresent). */
  mfaAuthenticated: z.boolean().optional(),
  arn: z.string().optional(),
  accountId: z.string().optional(),
  /** SORACOM Krypton: the Cognito identity the credentials belong to (there is no IAM ARN to name). */
  identityId: z.string().optional(),
});
export type AwsCredentials = z.infer<typeof AwsCredentials>;

/** The partition of an ARN (`arn:<partition>:...`), if it is one we know. */
export function partitionOfArn(arn: string | undefined): Partition | undefined {
  const value = arn?.split(':')[1];
  const parsed = Partition.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function partitionOfRegion(region: string | undefined): Partition | undefined {
  if (region === undefined) return undefined;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The region STS is called in when the profile names none: the partition's first region. */
export const DEFAULT_REGION: Record<Partition, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

export function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
