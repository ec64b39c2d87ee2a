import * as z from 'zod';
import { ExitCode, TobiraError } from '../../errors';
import { ProfileName } from '../../vault/schema';
import { optionalString, parseFields, SOURCE_OPTION } from '../common/fields';
import type { AddOption, ProviderProfileSpec } from '../types';
import { partitionOfArn, partitionOfRegion, type Partition } from './session';

export const AWS_IAM_USER_TYPE = 'aws-iam-user';
export const AWS_ROLE_TYPE = 'aws-role';
/** The secret role of an IAM user profile: its secret access key. */
export const AWS_SECRET_ROLE = 'secretAccessKey';
/** AssumeRole called with temporary credentials cannot last longer than this (role chaining). */
export const ROLE_CHAINING_MAX_SECONDS = 3600;
export const ROLE_DEFAULT_SECONDS = 3600;
export const ROLE_MIN_SECONDS = 900;
/**
 * The shortest role session Tobira asks for. Tools renew credential_process credentials 15 minutes before they
 * expire (botocore; CREDENTIAL_PROCESS_MARGIN_MS), so a 15-minute session would be renewed on every call: give the
 * cache another 15 minutes. A shorter `--duration` is refused; a shorter imported one is raised at login.
 */
export const ROLE_MIN_CACHEABLE_SECONDS = 1800;
export const ROLE_MAX_SECONDS = 43_200;

export const AccessKeyId = z
  .string()
  .regex(/^[A-Z0-9]{16,128}$/, 'an access key ID looks like AKIA… (16–128 capital letters and digits)');
const MFA_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(mfa|u2f)\/[\w+=,.@/-]{1,512}$/;
/** STS's SerialNumber pattern `[\w+=/:,.@-]*`, 9–256 characters (a hardware token's serial, e.g. GAHT12345678). */
const HARDWARE_SERIAL = /^[\w+=/:,.@-]{9,256}$/;
/**
 * A virtual or FIDO device ARN (`arn:aws:iam::<12 digits>:mfa/<path/name>`, also aws-cn and aws-us-gov), or a
 * hardware token's serial. Anything that starts like an ARN must be a whole one: STS would take
 * `arn:aws:iam:123:mfa` as a "serial" and only refuse the code at login.
 */
export const MfaSerial = z
  .string()
  .refine((value) => (/^arn:/i.test(value) ? MFA_ARN.test(value) : HARDWARE_SERIAL.test(value)), {
    message: 'an MFA device ARN like arn:aws:iam::123456789012:mfa/name, or a hardware serial',
  });
export const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'a region like ap-northeast-1');
export const RoleArn = z
  .string()
  .regex(
    /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
    'a role ARN like arn:aws:iam::123456789012:role/Name',
  );
const ExternalId = z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, '2–1224 characters of [A-Za-z0-9+=,.@:/-]');
const SessionName = z.string().regex(/^[\w+=,.@-]{2,64}$/, '2–64 characters of [A-Za-z0-9+=,.@_-]');

export const IamUserFields = z
  .object({
    accessKeyId: AccessKeyId,
    mfaSerial: MfaSerial.optional(),
    region: Region.optional(),
    /** When IAM created the stored key (ISO 8601 UTC): set by `tobira rotate`; unknown for keys added by hand. */
    keyCreated: z.string().datetime().optional(),
  })
  .strict();
export type IamUserFields = z.infer<typeof IamUserFields>;

export const RoleFields = z
  .object({
    source: ProfileName,
    roleArn: RoleArn,
    mfaSerial: MfaSerial.optional(),
    externalId: ExternalId.optional(),
    duration: z.number().int().min(ROLE_MIN_SECONDS).max(ROLE_MAX_SECONDS).optional(),
    sessionName: SessionName.optional(),
    /** The role's own region (`--region`, or `region` of an imported profile); otherwise the source's applies. */
    region: Region.optional(),
  })
  .strict();
export type RoleFields = z.infer<typeof RoleFields>;

/** The partition of an IAM user: from its MFA device ARN, else its region, else the commercial one. */
export function iamUserPartition(fields: IamUserFields): Partition {
  return partitionOfArn(fields.mfaSerial) ?? partitionOfRegion(fields.region) ?? 'aws';
}

/** Whole days since the key was created, e.g. "97 days (2026-01-01)", or "unknown" when Tobira never saw it made. */
export function accessKeyAge(created: string | undefined, now: number): string {
  const days = keyAgeDays(created, now);
  if (days === undefined || created === undefined) return 'unknown';
  return `${days} day${days === 1 ? '' : 's'} (${created.slice(0, 10)})`;
}

export function keyAgeDays(created: string | undefined, now: number): number | undefined {
  const at = created === undefined ? NaN : Date.parse(created);
  return Number.isFinite(at) ? Math.max(0, Math.floor((now - at) / 86_400_000)) : undefined;
}

/** The session length asked of STS: the profile's, never below the cacheable minimum. */
export function roleDuration(fields: RoleFields): number {
  return Math.max(fields.duration ?? ROLE_DEFAULT_SECONDS, ROLE_MIN_CACHEABLE_SECONDS);
}

export function rolePartition(fields: RoleFields): Partition {
  return partitionOfArn(fields.roleArn) ?? 'aws';
}

const OPTIONS = {
  accessKeyId: { flags: '--access-key-id <id>', key: 'accessKeyId', description: 'aws.opt.accessKeyId' },
  mfaSerial: { flags: '--mfa-serial <arn>', key: 'mfaSerial', description: 'aws.opt.mfaSerial' },
  region: { flags: '--region <region>', key: 'region', description: 'aws.opt.region' },
  source: SOURCE_OPTION,
  roleArn: { flags: '--role-arn <arn>', key: 'roleArn', description: 'aws.opt.roleArn' },
  externalId: { flags: '--external-id <id>', key: 'externalId', description: 'aws.opt.externalId' },
  duration: { flags: '--duration <seconds>', key: 'duration', description: 'aws.opt.duration' },
  sessionName: { flags: '--session-name <name>', key: 'sessionName', description: 'aws.opt.sessionName' },
} as const satisfies Record<string, AddOption>;

function present<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const awsIamUserProfile: ProviderProfileSpec = {
  type: AWS_IAM_USER_TYPE,
  label: 'AWS',
  addOptions: [OPTIONS.accessKeyId, OPTIONS.mfaSerial, OPTIONS.region],
  secretInput: { role: AWS_SECRET_ROLE, label: 'aws.secret.label' },
  fieldsSchema: IamUserFields,
  build(options, secret) {
    const fields = parseFields(
      IamUserFields,
      present({
        accessKeyId: optionalString(options, 'accessKeyId'),
        mfaSerial: optionalString(options, 'mfaSerial'),
        region: optionalString(options, 'region'),
      }),
    );
    // A secret access key is 40 characters of base64; anything else is almost surely the wrong thing on stdin.
    if (!/^[A-Za-z0-9/+=]{30,128}$/.test(secret ?? ''))
      throw new TobiraError('aws.secret.shape', ExitCode.usage, {}, { field: 'secret' });
    return { fields, secrets: { [AWS_SECRET_ROLE]: secret ?? '' } };
  },
  describe(raw) {
    const fields = IamUserFields.parse(raw);
    return {
      accessKeyId: fields.accessKeyId,
      ...(fields.mfaSerial ? { mfaSerial: fields.mfaSerial } : {}),
      ...(fields.region ? { region: fields.region } : {}),
      partition: iamUserPartition(fields),
      accessKeyAge: accessKeyAge(fields.keyCreated, Date.now()),
    };
  },
};

export const awsRoleProfile: ProviderProfileSpec = {
  type: AWS_ROLE_TYPE,
  label: 'AWS',
  addOptions: [
    OPTIONS.source,
    OPTIONS.roleArn,
    OPTIONS.mfaSerial,
    OPTIONS.externalId,
    OPTIONS.duration,
    OPTIONS.sessionName,
    OPTIONS.region,
  ],
  fieldsSchema: RoleFields,
  links: [{ field: 'source', accepts: { providers: ['aws'] } }],
  build(options) {
    const durationText = optionalString(options, 'duration');
    if (durationText !== undefined && !/^\d{1,6}$/.test(durationText)) {
      throw new TobiraError(
        'profile.invalidField',
        ExitCode.usage,
        { field: 'duration', detail: 'seconds' },
        { field: 'duration' },
      );
    }
    const duration = durationText === undefined ? undefined : Number(durationText);
    if (duration !== undefined && duration >= ROLE_MIN_SECONDS && duration < ROLE_MIN_CACHEABLE_SECONDS) {
      throw new TobiraError(
        'aws.role.durationTooShort',
        ExitCode.usage,
        { seconds: duration, minimum: ROLE_MIN_CACHEABLE_SECONDS },
        { field: 'duration' },
      );
    }
    const fields = parseFields(
      RoleFields,
      present({
        source: optionalString(options, 'source'),
        roleArn: optionalString(options, 'roleArn'),
        mfaSerial: optionalString(options, 'mfaSerial'),
        externalId: optionalString(options, 'externalId'),
        duration,
        sessionName: optionalString(options, 'sessionName'),
        region: optionalString(options, 'region'),
      }),
    );
    return { fields, secrets: {} };
  },
  describe(raw) {
    const fields = RoleFields.parse(raw);
    return {
      source: fields.source,
      roleArn: fields.roleArn,
      ...(fields.mfaSerial ? { mfaSerial: fields.mfaSerial } : {}),
      ...(fields.externalId ? { externalId: '(set)' } : {}),
      duration: `${roleDuration(fields)}s`,
      ...(fields.sessionName ? { sessionName: fields.sessionName } : {}),
      ...(fields.region ? { region: fields.region } : {}),
      partition: rolePartition(fields),
    };
  },
};
