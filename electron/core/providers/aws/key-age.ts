import { debug } from '../../debug';
import { isTobiraError } from '../../errors';
import type { Env } from '../../home';
import type { ProfileRecord } from '../../vault/schema';
import { CredentialCache } from '../../vault/credential-cache';
import type { Vault } from '../../vault/vault';
import { StsRejection, type KeyPair } from './api';
import { Iam } from './iam';
import { AWS_IAM_USER_TYPE, AWS_SECRET_ROLE, iamUserPartition, IamUserFields } from './profile';
import type { AwsCredentials } from './session';

/**
 * When the stored access key was created: the profile's keyCreated, else looked up once in IAM (ListAccessKeys of the
 * caller) and stored. `why` says why it stays unknown: `mfaSession` = the user has an MFA device and no MFA session
 * is cached (IAM refuses calls without one, and an age is never worth a prompt); `failed` = IAM did not tell (no
 * permission, unreachable, the key not listed), told only under --debug.
 */
/** One attempt, 5 s at most: `profile show` and the app's panel never wait long for an age. */
const LOOK_UP_LIMITS = { attempts: 1, timeoutMs: 5_000 };

export type KeyCreated = { created: string } | { created: null; why: 'mfaSession' | 'failed' };

export async function keyCreated(
  services: { vault: Vault; env: Env },
  profile: ProfileRecord,
): Promise<KeyCreated> {
  if (profile.type !== AWS_IAM_USER_TYPE) return { created: null, why: 'failed' };
  const fields = IamUserFields.parse(profile.fields);
  if (fields.keyCreated !== undefined) return { created: fields.keyCreated };
  const signer = await signerOf(services.vault, profile, fields).catch((error: unknown) => {
    debug('aws', `key age of ${profile.name}: no credentials to ask IAM with (${reason(error)})`);
    return null;
  });
  if (signer === undefined) {
    debug('aws', `key age of ${profile.name}: unknown, no cached MFA session to ask IAM with`);
    return { created: null, why: 'mfaSession' };
  }
  if (signer === null) return { created: null, why: 'failed' };
  try {
    const target = { partition: iamUserPartition(fields), region: fields.region, env: services.env };
    const keys = await new Iam(target, signer, LOOK_UP_LIMITS).listAccessKeys();
    const own = keys.find((key) => key.accessKeyId === fields.accessKeyId);
    if (own === undefined) {
      debug('aws', `key age of ${profile.name}: ${fields.accessKeyId} is not among the user's keys`);
      return { created: null, why: 'failed' };
    }
    // Only while the profile still holds that key (a rotation in between wrote its own date).
    await services.vault.noteFields(
      profile.name,
      { keyCreated: own.created },
      (now) => now.accessKeyId === fields.accessKeyId && now.keyCreated === undefined,
    );
    debug('aws', `key age of ${profile.name}: ${fields.accessKeyId} created ${own.created} (IAM)`);
    return { created: own.created };
  } catch (error) {
    debug('aws', `key age of ${profile.name}: IAM did not tell (${reason(error)})`);
    return { created: null, why: 'failed' };
  }
}

/**
 * For `profile show` of any profile: `learnt` when an IAM user's key age was just looked up and stored (read the
 * profile again), `mfaSession` when it stays unknown for want of an MFA session (say so), otherwise nothing to do.
 */
export async function learnKeyAge(
  services: { vault: Vault; env: Env },
  profile: ProfileRecord,
): Promise<'learnt' | 'mfaSession' | 'none'> {
  if (profile.type !== AWS_IAM_USER_TYPE || profile.fields.keyCreated !== undefined) return 'none';
  const found = await keyCreated(services, profile);
  if (found.created !== null) return 'learnt';
  return found.why === 'mfaSession' ? 'mfaSession' : 'none';
}

/** The long-term key, or with an MFA device the cached MFA session; undefined when that session is not there. */
async function signerOf(
  vault: Vault,
  profile: ProfileRecord,
  fields: IamUserFields,
): Promise<KeyPair | undefined> {
  if (!fields.mfaSerial) {
    return {
      accessKeyId: fields.accessKeyId,
      secretAccessKey: await vault.readSecret(profile, AWS_SECRET_ROLE),
    };
  }
  const entry = await new CredentialCache(vault).usable(profile, 60_000);
  const data = entry?.data as Partial<AwsCredentials> | undefined;
  if (!data?.mfaAuthenticated || !data.accessKeyId || !data.secretAccessKey || !data.sessionToken)
    return undefined;
  return {
    accessKeyId: data.accessKeyId,
    secretAccessKey: data.secretAccessKey,
    sessionToken: data.sessionToken,
  };
}

function reason(error: unknown): string {
  if (error instanceof StsRejection) return `${error.code}: ${error.detail}`;
  if (isTobiraError(error)) return error.key;
  return error instanceof Error ? error.name : 'error';
}
