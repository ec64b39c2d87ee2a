import type { Lang } from '../../../../shared/i18n';
import { join } from 'node:path';
import { ExitCode, isTobiraError, TobiraError } from '../../errors';
import { ensureHome } from '../../home';
import { withTracedLock } from '../../vault/traced-lock';
import type { ProfileRecord } from '../../vault/schema';
import type { LoginServices } from '../types';
import { Sts, StsRejection, type KeyPair, type StsTarget } from './api';
import { Iam, type AccessKeyInfo, type NewAccessKey } from './iam';
import { longTermKeys } from './login';
import { AWS_IAM_USER_TYPE, AWS_SECRET_ROLE, iamUserPartition, IamUserFields } from './profile';
import { rethrowSts } from './errors';
import type { AwsCredentials } from './session';

/** How long a new key may take to work (IAM is eventually consistent; usually seconds). */
export const ROTATE_VERIFY_DEFAULT_MS = 60_000;
const VERIFY_STEP_MS = 2_000;
/** Long enough for another rotation of the same profile to finish (its MFA prompt, its wait for IAM). */
const ROTATE_LOCK_WAIT_MS = 300_000;

export interface RotateDeps {
  services: LoginServices;
  /** Forgets the cached sessions of these profiles (made with the old key). */
  dropSessions(names: readonly string[]): Promise<void>;
  /** The longest wait for the new key to work; TOBIRA_AWS_ROTATE_VERIFY_MS, else ROTATE_VERIFY_DEFAULT_MS. */
  verifyWithinMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface RotateResult {
  profile: string;
  accessKeyId: string;
  /** ISO 8601 UTC, as IAM answered it. */
  created: string;
  deletedAccessKeyId: string;
  /** The profiles whose cached sessions were dropped. */
  droppedSessions: string[];
}

/**
 * `tobira rotate NAME` (aws-vault's rotate): a new access key for the IAM user, proven to work, stored, and only then
 * the old one deleted. The IAM calls are signed with the profile's MFA session when it has an MFA device (IAM refuses
 * GetSessionToken credentials made without MFA), else with the current long-term key.
 *
 * Every failure says which keys exist now. A new key that never works within the bound is deleted again (the old one
 * is proven and still stored; aws-vault would leave both alive), so the user is never left with an unproven key in
 * the store nor with an unknown key alive in IAM — unless that delete fails too, which the message then says.
 */
export async function rotateAccessKey(
  deps: RotateDeps,
  profile: ProfileRecord,
  options: { mfaCode?: string } = {},
): Promise<RotateResult> {
  if (profile.type !== AWS_IAM_USER_TYPE) {
    throw new TobiraError('rotate.notIamUser', ExitCode.usage, { name: profile.name, type: profile.type });
  }
  // One rotation of a profile at a time (the app's button and a terminal): the second one waits, then rotates the key
  // the first one stored, instead of both creating keys and one hitting IAM's two-key limit.
  const home = deps.services.vault.home;
  ensureHome(home);
  return withTracedLock(
    join(home, `rotate-${profile.id}`),
    () => rotateLocked(deps, deps.services.vault.get(profile.name), options),
    { waitMs: ROTATE_LOCK_WAIT_MS },
  );
}

async function rotateLocked(
  deps: RotateDeps,
  profile: ProfileRecord,
  options: { mfaCode?: string },
): Promise<RotateResult> {
  const { services } = deps;
  const { lang } = services;
  const name = profile.name;
  const fields = IamUserFields.parse(profile.fields);
  const target: StsTarget = { partition: iamUserPartition(fields), region: fields.region, env: services.env };
  const old = await longTermKeys(services, profile);
  const signer = await iamSigner(deps, profile, fields, old, options.mfaCode);
  const iam = new Iam(target, signer);

  const keys = await iam
    .listAccessKeys()
    .catch((error: unknown) => fail(error, 'rotate.list.rejected', { name, old: old.accessKeyId }));
  const others = keys.filter((key) => key.accessKeyId !== old.accessKeyId);
  if (others.length > 0) throw twoKeys(name, old.accessKeyId, keys);

  const created = await createKey(iam, name, old.accessKeyId, lang);
  const fresh: KeyPair = { accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey };
  const ids = { name, old: old.accessKeyId, new: created.accessKeyId };

  const verified = await verifyKey(deps, target, fresh, name);
  if (verified !== true) {
    const seconds = Math.round(verifyBound(deps) / 1000);
    await rollBack(iam, ids, verified, 'rotate.verify.rolledBack', 'rotate.verify.orphan', { seconds }, lang);
  }

  try {
    await services.vault.replaceSecret(name, AWS_SECRET_ROLE, created.secretAccessKey, {
      accessKeyId: created.accessKeyId,
      keyCreated: created.created,
    });
  } catch (error) {
    await rollBack(
      iam,
      ids,
      detailOf(error, lang),
      'rotate.store.rolledBack',
      'rotate.store.orphan',
      {},
      lang,
    );
  }

  const dropped = dependents(services, name);
  try {
    // With MFA the signer is the old key's session (still valid until this call); without, the new key proves it
    // can do IAM work too, as aws-vault does.
    const deleter = signer.sessionToken === undefined ? new Iam(target, fresh) : iam;
    await deleter.deleteAccessKey(old.accessKeyId).catch((error: unknown) => {
      if (error instanceof StsRejection && error.code === 'NoSuchEntity') {
        services.notice('rotate.oldAlreadyGone', ids);
        return;
      }
      throw error;
    });
  } catch (error) {
    await deps.dropSessions(dropped);
    const code = isTobiraError(error) ? error.exitCode : ExitCode.rejected;
    throw new TobiraError('rotate.delete.failed', code === ExitCode.unreachable ? code : ExitCode.rejected, {
      ...ids,
      detail: detailOf(error, lang),
    });
  }
  await deps.dropSessions(dropped);
  return {
    profile: name,
    accessKeyId: created.accessKeyId,
    created: created.created,
    deletedAccessKeyId: old.accessKeyId,
    droppedSessions: dropped,
  };
}

/** Signs IAM calls: the MFA session (a fresh login when the cached one was made without a code), or the key. */
async function iamSigner(
  deps: RotateDeps,
  profile: ProfileRecord,
  fields: IamUserFields,
  old: KeyPair,
  mfaCode: string | undefined,
): Promise<KeyPair> {
  if (!fields.mfaSerial) return old;
  const request = mfaCode !== undefined ? { mfaCode } : {};
  let session = await deps.services.sessionOf(profile.name, request);
  if ((session.data as Partial<AwsCredentials>).mfaAuthenticated !== true) {
    session = await deps.services.sessionOf(profile.name, { ...request, force: true });
  }
  const data = session.data as Partial<AwsCredentials>;
  if (!data.accessKeyId || !data.secretAccessKey || !data.sessionToken) {
    throw new TobiraError('rotate.notIamUser', ExitCode.usage, { name: profile.name, type: profile.type });
  }
  return {
    accessKeyId: data.accessKeyId,
    secretAccessKey: data.secretAccessKey,
    sessionToken: data.sessionToken,
  };
}

async function createKey(iam: Iam, name: string, old: string, lang: Lang): Promise<NewAccessKey> {
  try {
    return await iam.createAccessKey();
  } catch (error) {
    if (error instanceof StsRejection && error.code === 'LimitExceeded') {
      throw new TobiraError('rotate.limit', ExitCode.rejected, { name, old, message: error.detail });
    }
    if (isTobiraError(error) && error.exitCode === ExitCode.unreachable) {
      // The request may have reached IAM: a key may exist that nobody holds the secret of.
      throw new TobiraError('rotate.create.unreachable', ExitCode.unreachable, {
        name,
        old,
        detail: detailOf(error, lang),
      });
    }
    return fail(error, 'rotate.create.rejected', { name, old });
  }
}

/**
 * GetCallerIdentity with the new key until it answers: IAM refuses a key it has not propagated yet with
 * InvalidClientTokenId (sometimes SignatureDoesNotMatch). Returns true, or why it never worked.
 */
async function verifyKey(
  deps: RotateDeps,
  target: StsTarget,
  fresh: KeyPair,
  name: string,
): Promise<true | string> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + verifyBound(deps);
  let told = false;
  for (;;) {
    try {
      await new Sts(target, fresh).getCallerIdentity();
      return true;
    } catch (error) {
      const pending =
        error instanceof StsRejection &&
        (error.code === 'InvalidClientTokenId' || error.code === 'SignatureDoesNotMatch');
      const why = detailOf(error, deps.services.lang);
      if (!pending && !(isTobiraError(error) && error.exitCode === ExitCode.unreachable)) return why;
      if (now() >= deadline) return why;
      if (!told) deps.services.notice('rotate.verifying', { name, new: fresh.accessKeyId });
      told = true;
      await sleep(Math.min(VERIFY_STEP_MS, Math.max(0, deadline - now())));
    }
  }
}

function verifyBound(deps: RotateDeps): number {
  if (deps.verifyWithinMs !== undefined) return deps.verifyWithinMs;
  const fromEnv = Number(deps.services.env.TOBIRA_AWS_ROTATE_VERIFY_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : ROTATE_VERIFY_DEFAULT_MS;
}

/** Deletes the unproven or unstored new key again, then throws the matching message (which keys exist now). */
async function rollBack(
  iam: Iam,
  ids: { name: string; old: string; new: string },
  detail: string,
  rolledBack: 'rotate.verify.rolledBack' | 'rotate.store.rolledBack',
  orphan: 'rotate.verify.orphan' | 'rotate.store.orphan',
  extra: Record<string, number>,
  lang: Lang,
): Promise<never> {
  const code = rolledBack === 'rotate.verify.rolledBack' ? ExitCode.unreachable : ExitCode.error;
  try {
    await iam.deleteAccessKey(ids.new);
  } catch (error) {
    throw new TobiraError(orphan, code, { ...ids, ...extra, detail, deleteDetail: detailOf(error, lang) });
  }
  throw new TobiraError(rolledBack, code, { ...ids, ...extra, detail });
}

function twoKeys(name: string, old: string, keys: readonly AccessKeyInfo[]): TobiraError {
  const list = keys.map((key) => `${key.accessKeyId} (${key.status}, ${key.created})`).join(', ');
  const other = keys.find((key) => key.accessKeyId !== old)?.accessKeyId ?? '';
  return new TobiraError('rotate.twoKeys', ExitCode.error, { name, old, other, keys: list });
}

/** A rejection as this step's message (exit 3); anything else (exit 4, a bad answer) as it is. */
function fail(
  error: unknown,
  key: 'rotate.list.rejected' | 'rotate.create.rejected',
  params: { name: string; old: string },
): never {
  if (error instanceof StsRejection) {
    throw new TobiraError(key, ExitCode.rejected, { ...params, code: error.code, message: error.detail });
  }
  if (isTobiraError(error)) throw error;
  return rethrowSts(error, { name: params.name, codeWasSent: false });
}

/** A short, secret-free account of what went wrong: IAM's code and message, or the error's own text. */
function detailOf(error: unknown, lang: Lang): string {
  if (error instanceof StsRejection) return `${error.code}: ${error.detail}`;
  if (isTobiraError(error)) return error.render(lang);
  return error instanceof Error ? error.name : 'error';
}

/** The profile and every profile that gets its session through it (roles whose source chain leads here). */
function dependents(services: LoginServices, name: string): string[] {
  const profiles = services.vault.list();
  const sourceOf = (profile: ProfileRecord) => {
    const source = (profile.fields as { source?: unknown }).source;
    return typeof source === 'string' ? source : undefined;
  };
  const result = [name];
  for (const profile of profiles) {
    let source = sourceOf(profile);
    const seen = new Set<string>();
    while (source !== undefined && !seen.has(source)) {
      if (source === name) {
        result.push(profile.name);
        break;
      }
      seen.add(source);
      const next = profiles.find((candidate) => candidate.name === source);
      source = next ? sourceOf(next) : undefined;
    }
  }
  return result;
}
