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
  problems: DoctorProblem[];
}

export interface DoctorFixResult {
  removed: string[];
  moved: string[];
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
  for (const id of sorted(home)) {
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
  return {
    home: vault.home,
    recordedStore: recorded ?? null,
    requestedStore: requested,
    store,
    keychain: keychainState,
    secretsFile: existsSync(fileStore.path),
    problems,
  };
}

/** What `--fix` would change: orphan secrets to remove and misplaced secrets to move into the vault's store. */
export function fixable(report: DoctorReport): { orphans: number; misplaced: number } {
  return {
    orphans: report.problems.filter((problem) => problem.kind === 'orphanSecret').length,
    misplaced: report.problems.filter((problem) => problem.kind === 'misplacedSecret').length,
  };
}

/**
 * `doctor --fix`: moves each misplaced secret into the vault's store (written there before it is deleted from the
 * other, so a crash leaves a copy, never a loss) and deletes orphan secrets. Touching secrets.enc asks for its
 * passphrase as any write does.
 */
export async function fixVault(vault: Vault, report: DoctorReport): Promise<DoctorFixResult> {
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
    if (problem.kind !== 'orphanSecret') continue;
    await storeOf(problem.store).delete(problem.secretId);
    result.removed.push(problem.secretId);
  }
  return result;
}

function requiredSecrets(profile: ProfileRecord): SecretRef[] {
  const refs = Object.entries(profile.secrets).map(([role, id]) => ({ profile: profile.name, role, id }));
  if (profile.mfa?.kind === 'totp')
    refs.push({ profile: profile.name, role: 'mfa', id: profile.mfa.secretId });
  return refs;
}

function sorted(ids: Set<string> | undefined): string[] {
  return ids ? [...ids].sort() : [];
}
