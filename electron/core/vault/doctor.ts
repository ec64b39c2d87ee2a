import { existsSync } from 'node:fs';
import { TobiraError } from '../errors';
import type { ProfileRecord, SecretStoreKind } from './schema';
import type { SecretStore } from './secret-store';
import {
  cacheSecretId,
  providerKeySecretId,
  secretStoreMode,
  type SecretStoreMode,
  type Vault,
} from './vault';

export type KeychainState = 'reachable' | 'locked' | 'unreachable';

/** One thing `tobira doctor` found wrong; secret ids are opaque (never a secret), so they are shown. */
export type DoctorProblem =
  | { kind: 'storeMismatch'; requested: SecretStoreKind; recorded: SecretStoreKind }
  | { kind: 'storeUnavailable'; store: 'keychain'; state: Exclude<KeychainState, 'reachable'> }
  | { kind: 'missingSecret'; profile: string; role: string; secretId: string; store: SecretStoreKind }
  | {
      kind: 'misplacedSecret';
      profile: string;
      role: string;
      secretId: string;
      store: SecretStoreKind;
      foundIn: SecretStoreKind;
    }
  | {
      kind: 'orphanSecret';
      store: SecretStoreKind;
      secretId: string;
      /** In the OS keychain, which every Tobira home of this OS user shares: another home may use it. */
      shared: boolean;
    };

export interface DoctorReport {
  home: string;
  /** The store profiles.json records (null: none recorded yet). */
  recordedStore: SecretStoreKind | null;
  /** TOBIRA_SECRET_STORE (auto when unset). */
  requestedStore: SecretStoreMode;
  /** The store this vault's secrets belong in: the recorded one, else the one a command would choose now. */
  store: SecretStoreKind;
  keychain: KeychainState;
  secretsFile: boolean;
  /** How many of this vault's secrets (profile secrets, MFA seeds, cached sessions, derived keys) are stored. */
  secrets: number;
  problems: DoctorProblem[];
}

export interface DoctorFixResult {
  removed: string[];
  moved: string[];
  /** Set when the vault was moved to the store TOBIRA_SECRET_STORE asks for. */
  migrated?: { from: SecretStoreKind; to: SecretStoreKind; secrets: number };
}

/** What `--fix` would do, for its confirmation. */
export interface FixPlan {
  orphans: number;
  misplaced: number;
  /** TOBIRA_SECRET_STORE names the other store: move every secret of the vault there and record it. */
  migrate?: { from: SecretStoreKind; to: SecretStoreKind; secrets: number };
}

interface SecretRef {
  profile: string;
  role: string;
  id: string;
}

/**
 * Looks at the vault as it is, without choosing a store the way commands do (so it also runs when
 * TOBIRA_SECRET_STORE contradicts profiles.json): which store is recorded, requested and reachable, which profile
 * secrets are missing or sit in the other store, and which stored secrets belong to no profile. Reading needs no
 * passphrase: secrets.enc keeps its record ids in the clear.
 */
export async function diagnoseVault(
  vault: Vault,
  env: Readonly<Record<string, string | undefined>>,
): Promise<DoctorReport> {
  const file = vault.profiles.read();
  const requested = secretStoreMode(env);
  const recorded = file.secretStore;
  const { keychain, file: fileStore } = vault.stores();
  let keychainState: KeychainState = 'reachable';
  let keychainIds: Set<string> | undefined;
  try {
    keychainIds = new Set(await keychain.ids());
  } catch (error) {
    keychainState =
      error instanceof TobiraError && error.key === 'vault.keychain.locked' ? 'locked' : 'unreachable';
  }
  const fileIdList = fileStore.ids();
  const fileIds = fileIdList ? new Set(fileIdList) : undefined;
  const store: SecretStoreKind =
    recorded ?? (requested !== 'auto' ? requested : keychainState === 'unreachable' ? 'file' : 'keychain');
  const other: SecretStoreKind = store === 'keychain' ? 'file' : 'keychain';
  const idsIn = (kind: SecretStoreKind) => (kind === 'keychain' ? keychainIds : fileIds);

  const problems: DoctorProblem[] = [];
  if (requested !== 'auto' && recorded !== undefined && requested !== recorded) {
    problems.push({ kind: 'storeMismatch', requested, recorded });
  }
  if (store === 'keychain' && keychainState !== 'reachable') {
    problems.push({ kind: 'storeUnavailable', store: 'keychain', state: keychainState });
  }

  const required = file.profiles.flatMap(requiredSecrets);
  const requiredIds = new Set(required.map((ref) => ref.id));
  const derivedIds = new Set(
    file.profiles.flatMap((profile) => [cacheSecretId(profile), providerKeySecretId(profile)]),
  );
  const home = idsIn(store);
  const elsewhere = idsIn(other);
  for (const ref of required) {
    if (home === undefined && store === 'keychain') continue; // unreadable: storeUnavailable says so
    if (home?.has(ref.id)) continue;
    if (elsewhere?.has(ref.id)) {
      problems.push({
        kind: 'misplacedSecret',
        profile: ref.profile,
        role: ref.role,
        secretId: ref.id,
        store,
        foundIn: other,
      });
    } else {
      problems.push({ kind: 'missingSecret', profile: ref.profile, role: ref.role, secretId: ref.id, store });
    }
  }
  // The keychain is shared by every home of this OS user: a vault that never wrote to it has no orphans there.
  const judgeHome = store === 'file' || recorded === 'keychain';
  for (const id of judgeHome ? sorted(home) : []) {
    if (!requiredIds.has(id) && !derivedIds.has(id)) {
      problems.push({ kind: 'orphanSecret', store, secretId: id, shared: store === 'keychain' });
    }
  }
  // In the other store, a copy of this vault's session cache or derived key is dead weight; a secret file of this
  // home holds nothing else of use. Other keychain entries may belong to other homes: not ours to judge there.
  for (const id of sorted(elsewhere)) {
    if (requiredIds.has(id)) continue;
    if (other === 'file' || derivedIds.has(id)) {
      problems.push({ kind: 'orphanSecret', store: other, secretId: id, shared: false });
    }
  }
  const stored = new Set([...(home ?? []), ...(elsewhere ?? [])]);
  return {
    home: vault.home,
    recordedStore: recorded ?? null,
    requestedStore: requested,
    store,
    keychain: keychainState,
    secretsFile: existsSync(fileStore.path),
    secrets: [...requiredIds, ...derivedIds].filter((id) => stored.has(id)).length,
    problems,
  };
}

/**
 * What `--fix` would change: orphan secrets to remove, misplaced secrets to move into the vault's store, and, when
 * TOBIRA_SECRET_STORE names the other store, the whole vault to move there.
 */
export function fixPlan(report: DoctorReport, options: FixOptions = {}): FixPlan {
  const mismatch = report.problems.find((problem) => problem.kind === 'storeMismatch');
  return {
    orphans: report.problems.filter((problem) => removable(problem, options)).length,
    misplaced: report.problems.filter((problem) => problem.kind === 'misplacedSecret').length,
    ...(mismatch
      ? { migrate: { from: mismatch.recorded, to: mismatch.requested, secrets: report.secrets } }
      : {}),
  };
}

export function hasFixes(plan: FixPlan): boolean {
  return plan.orphans + plan.misplaced > 0 || plan.migrate !== undefined;
}

/**
 * `doctor --fix`: moves each misplaced secret into the vault's store (written there before it is deleted from the
 * other, so a crash leaves a copy, never a loss) and deletes orphan secrets. Touching secrets.enc asks for its
 * passphrase as any write does.
 */
export interface FixOptions {
  /**
   * Also remove keychain secrets no profile of this vault uses. The keychain is shared by every Tobira home of the OS
   * user, so they may be another home's: only a person who read the warning and answered may remove them, never
   * `--yes` in a script.
   */
  includeShared?: boolean;
}

function removable(problem: DoctorProblem, options: FixOptions): boolean {
  return problem.kind === 'orphanSecret' && (!problem.shared || options.includeShared === true);
}

export async function fixVault(
  vault: Vault,
  report: DoctorReport,
  options: FixOptions = {},
): Promise<DoctorFixResult> {
  const stores = vault.stores();
  const storeOf = (kind: SecretStoreKind): SecretStore =>
    kind === 'keychain' ? stores.keychain : stores.file;
  const result: DoctorFixResult = { removed: [], moved: [] };
  for (const problem of report.problems) {
    if (problem.kind !== 'misplacedSecret') continue;
    const value = await storeOf(problem.foundIn).get(problem.secretId);
    if (value === undefined) continue;
    await storeOf(problem.store).set(problem.secretId, value);
    await storeOf(problem.foundIn).delete(problem.secretId);
    result.moved.push(problem.secretId);
  }
  for (const problem of report.problems) {
    if (problem.kind !== 'orphanSecret' || !removable(problem, options)) continue;
    await storeOf(problem.store).delete(problem.secretId);
    result.removed.push(problem.secretId);
  }
  const { migrate } = fixPlan(report, options);
  if (migrate) {
    const secrets = await migrateVault(vault, storeOf(migrate.from), storeOf(migrate.to));
    result.migrated = { from: migrate.from, to: migrate.to, secrets };
  }
  return result;
}

/**
 * Moves every secret of the vault from one store to the other: all are written to the new store first, then
 * profiles.json records it (under its lock), and only then are the old copies deleted – a crash at any point leaves
 * every secret readable from the store profiles.json names.
 */
async function migrateVault(vault: Vault, from: SecretStore, to: SecretStore): Promise<number> {
  const ids = vault.profiles
    .read()
    .profiles.flatMap((profile) => [
      ...requiredSecrets(profile).map((ref) => ref.id),
      cacheSecretId(profile),
      providerKeySecretId(profile),
    ]);
  const copied: string[] = [];
  for (const id of ids) {
    const value = await from.get(id);
    if (value === undefined) continue;
    await to.set(id, value);
    copied.push(id);
  }
  await vault.profiles.update(async (file) => ({
    file: { ...file, secretStore: to.kind },
    result: undefined,
  }));
  for (const id of copied) await from.delete(id);
  return copied.length;
}

function requiredSecrets(profile: ProfileRecord): SecretRef[] {
  const refs = Object.entries(profile.secrets).map(([role, id]) => ({ profile: profile.name, role, id }));
  if (profile.mfa?.kind === 'totp')
    refs.push({ profile: profile.name, role: 'mfa', id: profile.mfa.secretId });
  if (profile.mfa?.kind === 'yubikey' && profile.mfa.keySecretId !== undefined)
    refs.push({ profile: profile.name, role: 'mfa', id: profile.mfa.keySecretId });
  return refs;
}

function sorted(ids: Set<string> | undefined): string[] {
  return ids ? [...ids].sort() : [];
}
