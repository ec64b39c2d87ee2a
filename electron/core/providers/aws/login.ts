import { ExitCode, TobiraError } from '../../errors';
import type { FreshSession } from '../../vault/credential-cache';
import type { ProfileRecord } from '../../vault/schema';
import { mfaCode } from '../common/mfa';
import type { ActiveSession, LoginRequest, LoginServices } from '../types';
import { accountOfArn, AwsCredentials, partitionOfArn, type Partition } from './session';
import { isStaleCredentials, rethrowSts } from './errors';
import {
  AWS_IAM_USER_TYPE,
  AWS_SECRET_ROLE,
  iamUserPartition,
  IamUserFields,
  ROLE_CHAINING_MAX_SECONDS,
  roleDuration,
  rolePartition,
  RoleFields,
} from './profile';
import { Sts, type KeyPair } from './api';

/** GetSessionToken lifetime: a working day, so one MFA code serves every role and shell until tomorrow. */
export const SESSION_TOKEN_SECONDS = 43_200;
const PROVIDER = 'AWS';

/** The long-term key pair of an IAM user profile, from the secret store. */
export async function longTermKeys(services: LoginServices, profile: ProfileRecord): Promise<KeyPair> {
  const fields = IamUserFields.parse(profile.fields);
  return {
    accessKeyId: fields.accessKeyId,
    secretAccessKey: await services.vault.readSecret(profile, AWS_SECRET_ROLE),
  };
}

/** IAM user: GetSessionToken (with the MFA device when it has one), then who it is. */
export async function loginIamUser(services: LoginServices, request: LoginRequest): Promise<FreshSession> {
  const { profile } = request;
  const fields = IamUserFields.parse(profile.fields);
  if (request.mfaCode !== undefined && !fields.mfaSerial) {
    throw new TobiraError('aws.mfa.noSerial', ExitCode.usage, { name: profile.name });
  }
  const partition = iamUserPartition(fields);
  const target = { partition, region: fields.region, env: services.env };
  const keys = await longTermKeys(services, profile);
  const code = fields.mfaSerial
    ? await mfaCode(services, profile, PROVIDER, request.mfaCode, device(fields.mfaSerial))
    : undefined;
  const context = { name: profile.name, codeWasSent: code !== undefined };
  const { credentials } = await new Sts(target, keys)
    .getSessionToken({
      durationSeconds: SESSION_TOKEN_SECONDS,
      ...(fields.mfaSerial && code ? { serialNumber: fields.mfaSerial, tokenCode: code } : {}),
    })
    .catch((error: unknown) => rethrowSts(error, context));
  const identity = await new Sts(target, credentials)
    .getCallerIdentity()
    .catch((error: unknown) => rethrowSts(error, { ...context, codeWasSent: false }));
  const data: AwsCredentials = {
    ...credentials,
    ...(fields.region ? { region: fields.region } : {}),
    partition: partitionOfArn(identity.arn) ?? partition,
    origin: 'session-token',
    chained: false,
    mfaAuthenticated: code !== undefined,
    arn: identity.arn,
    accountId: identity.account,
  };
  return { expiration: credentials.expiration, data };
}

/**
 * Role: AssumeRole with the source's session (its cached GetSessionToken or role credentials, so the MFA code of the
 * morning is reused). That is role chaining, capped by AWS at one hour; a longer --duration on a role whose source
 * is an IAM user assumes it straight from the user's long-term keys instead (as aws-vault does), with its own MFA code.
 */
export async function loginRole(services: LoginServices, request: LoginRequest): Promise<FreshSession> {
  const { profile } = request;
  const fields = RoleFields.parse(profile.fields);
  const sourceProfile = services.vault.get(fields.source);
  const wanted = roleDuration(fields);
  if (fields.duration !== undefined && fields.duration < wanted) {
    services.notice('aws.role.durationRaised', {
      name: profile.name,
      seconds: fields.duration,
      minimum: wanted,
    });
  }
  const partition = rolePartition(fields);

  if (wanted > ROLE_CHAINING_MAX_SECONDS && sourceProfile.type === AWS_IAM_USER_TYPE) {
    return assumeFromLongTerm(services, request, fields, sourceProfile, wanted, partition);
  }

  let source = await sourceSession(services, fields.source, request.mfaCode, false);
  let duration = wanted;
  if (source.sessionToken !== undefined && wanted > ROLE_CHAINING_MAX_SECONDS) {
    services.notice('aws.role.chainCapped', {
      name: profile.name,
      source: fields.source,
      asked: wanted,
      max: ROLE_CHAINING_MAX_SECONDS,
    });
    duration = ROLE_CHAINING_MAX_SECONDS;
  }
  const needsCode = fields.mfaSerial !== undefined && source.mfaAuthenticated !== true;
  let code = needsCode
    ? await mfaCode(services, profile, PROVIDER, request.mfaCode, device(fields.mfaSerial))
    : undefined;
  const assume = (from: AwsCredentials) =>
    new Sts({ partition, region: fields.region ?? from.region, env: services.env }, from).assumeRole({
      roleArn: fields.roleArn,
      roleSessionName: sessionName(fields, profile),
      durationSeconds: duration,
      externalId: fields.externalId,
      ...(code !== undefined ? { serialNumber: fields.mfaSerial, tokenCode: code } : {}),
    });
  const context = { name: profile.name, codeWasSent: code !== undefined, source: fields.source };
  let result;
  try {
    result = await assume(source);
  } catch (error) {
    // The source's cached session was revoked or expired early (clock, key rotation): one fresh login, one retry.
    if (!isStaleCredentials(error)) rethrowSts(error, context);
    source = await sourceSession(services, fields.source, request.mfaCode, true);
    // A code is never sent twice (docs/architecture.md §6): the retry gets the next one.
    if (code !== undefined && request.mfaCode === undefined)
      code = await mfaCode(services, profile, PROVIDER, undefined, device(fields.mfaSerial));
    result = await assume(source).catch((again: unknown) => rethrowSts(again, context));
  }
  const chained = source.sessionToken !== undefined;
  const data: AwsCredentials = {
    ...result.credentials,
    ...((fields.region ?? source.region) ? { region: fields.region ?? source.region } : {}),
    partition: partitionOfArn(result.arn) ?? partition,
    origin: 'assumed-role',
    chained,
    mfaAuthenticated: code !== undefined || source.mfaAuthenticated === true,
    ...(result.arn ? { arn: result.arn } : {}),
    ...(accountOfArn(fields.roleArn) ? { accountId: accountOfArn(fields.roleArn) } : {}),
  };
  return { expiration: result.credentials.expiration, data };
}

async function assumeFromLongTerm(
  services: LoginServices,
  request: LoginRequest,
  fields: RoleFields,
  user: ProfileRecord,
  duration: number,
  partition: Partition,
): Promise<FreshSession> {
  const { profile } = request;
  const userFields = IamUserFields.parse(user.fields);
  services.notice('aws.role.direct', {
    name: profile.name,
    source: user.name,
    hours: (duration / 3600).toFixed(1),
  });
  const serial = fields.mfaSerial ?? userFields.mfaSerial;
  // The code comes from the profile that names the device: its TOTP secret or command is configured there.
  const code = serial
    ? await mfaCode(services, fields.mfaSerial ? profile : user, PROVIDER, request.mfaCode, device(serial))
    : undefined;
  const keys = await longTermKeys(services, user);
  const region = fields.region ?? userFields.region;
  const result = await new Sts({ partition, region, env: services.env }, keys)
    .assumeRole({
      roleArn: fields.roleArn,
      roleSessionName: sessionName(fields, profile),
      durationSeconds: duration,
      externalId: fields.externalId,
      ...(serial && code ? { serialNumber: serial, tokenCode: code } : {}),
    })
    .catch((error: unknown) =>
      rethrowSts(error, { name: profile.name, codeWasSent: code !== undefined, source: user.name }),
    );
  const data: AwsCredentials = {
    ...result.credentials,
    ...(region ? { region } : {}),
    partition: partitionOfArn(result.arn) ?? partition,
    origin: 'assumed-role',
    chained: false,
    mfaAuthenticated: code !== undefined,
    ...(result.arn ? { arn: result.arn } : {}),
    ...(accountOfArn(fields.roleArn) ? { accountId: accountOfArn(fields.roleArn) } : {}),
  };
  return { expiration: result.credentials.expiration, data };
}

async function sourceSession(
  services: LoginServices,
  name: string,
  mfaCodeValue: string | undefined,
  force: boolean,
): Promise<AwsCredentials> {
  const session: ActiveSession = await services.sessionOf(name, {
    ...(mfaCodeValue !== undefined ? { mfaCode: mfaCodeValue } : {}),
    force,
  });
  const parsed = AwsCredentials.safeParse(session.data);
  if (!parsed.success) throw new TobiraError('aws.role.sourceType', ExitCode.usage, { source: name });
  return parsed.data;
}

/** RoleSessionName: the profile's own, else "tobira-<profile>", within STS's 2–64 characters of [\w+=,.@-]. */
function sessionName(fields: RoleFields, profile: ProfileRecord): string {
  if (fields.sessionName) return fields.sessionName;
  return `tobira-${profile.name}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/** AWS's MFA device name: profiles naming the same serial share one TOTP step counter (docs/architecture.md §6). */
function device(serial: string | undefined): string | undefined {
  return serial === undefined ? undefined : `aws:${serial}`;
}
