import { randomUUID } from 'node:crypto';
import { debug } from '../debug';
import { ExitCode, TobiraError } from '../errors';
import type { Env } from '../home';
import { FileSecretStore, type PassphraseSource } from './file-store';
import { KeychainStore } from './keychain-store';
import { ProfileStore } from './profile-store';
import type { MfaConfig, ProfileRecord, ProfilesFile, SecretStoreKind, TotpParams } from './schema';
import { assertSecretSize } from './secret-size';
import type { SecretStore } from './secret-store';

export type SecretStoreMode = 'auto' | SecretStoreKind;

export interface VaultOptions {
  home: string;
  env: Env;
  passphrase: PassphraseSource;
  /** Told once which store `auto` chose for a vault that had none yet (the CLI prints it on stderr). */
  onStoreChosen?: (kind: SecretStoreKind) => void;
  /** The file store's credential-cache records from the running `tobira agent` (see FileSecretStore). */
  cacheFromAgent?: (id: string) => Promise<string | undefined>;
  /** Reuse the parsed profiles.json while the file is unchanged (the long-running app; see ProfileStore). */
  cacheReads?: boolean;
}

export interface NewProfile {
  name: string;
  type: string;
  fields: Record<string, unknown>;
  /** Role → secret value; each is written to the secret store and only its id lands in profiles.json. */
  secrets: Record<string, string>;
}

/** `applySecretlessBatch`: profiles without secrets to add, whose fields to replace, and to remove. */
export interface SecretlessBatch {
  add: ReadonlyArray<{ name: string; type: string; fields: Record<string, unknown> }>;
  update: ReadonlyArray<{ name: string; fields: Record<string, unknown> }>;
  remove: readonly string[];
}

export interface ProfileChange {
  fields: Record<string, unknown>;
  /** Role → new secret value; roles not named keep theirs. */
  secrets: Record<string, string>;
  /** Forget the cached session (and provider-derived keys): a setting they were made with changed. */
  dropCache: boolean;
}

export type NewMfa =
  | { kind: 'totp'; secret: string; params: TotpParams }
  | { kind: 'command'; argv: string[] }
  /** `accessKeyHex`: the key derived from the OATH password, remembered only on --remember (never the password). */
  | { kind: 'yubikey'; credential: string; reader?: string; accessKeyHex?: string };

/** The secret-store entries an MFA configuration owns. */
function mfaSecretIds(mfa: MfaConfig | undefined): string[] {
  if (mfa?.kind === 'totp') return [mfa.secretId];
  if (mfa?.kind === 'yubikey' && mfa.keySecretId !== undefined) return [mfa.keySecretId];
  return [];
}

/** The credential cache entry of a profile lives in the secret store under an id derived from the profile's id. */
export function cacheSecretId(profile: Pick<ProfileRecord, 'id'>): string {
  return `cache-${profile.id}`;
}

/**
 * Key material a provider derives for a profile and keeps between sessions (SORACOM Krypton's SIM-derived key),
 * in the secret store under an id derived from the profile's id; removed with the profile.
 */
export function providerKeySecretId(profile: Pick<ProfileRecord, 'id'>): string {
  return `key-${profile.id}`;
}

/** profiles.json plus the secret store, kept consistent: secrets are written before the profile that names them
 * and deleted after the profile is gone, so a crash can leave an unused secret but never a dangling reference. */
export class Vault {
  readonly profiles: ProfileStore;
  private readonly keychain = new KeychainStore();
  private readonly file: FileSecretStore;
  private chosen: Promise<SecretStore> | undefined;

  constructor(private readonly options: VaultOptions) {
    this.profiles = new ProfileStore(options.home, { cacheReads: options.cacheReads === true });
    this.file = new FileSecretStore(options.home, options.passphrase, options.cacheFromAgent);
  }

  get home(): string {
    return this.options.home;
  }

  list(): ProfileRecord[] {
    return this.profiles.read().profiles;
  }

  get(name: string): ProfileRecord {
    const profile = this.list().find((candidate) => candidate.name === name);
    if (!profile) throw new TobiraError('profile.notFound', ExitCode.error, { name });
    return profile;
  }

  async secretStore(): Promise<SecretStore> {
    this.chosen ??= this.matchingStore();
    return this.chosen;
  }

  /** Both secret stores, whichever this vault uses (`tobira doctor` looks into each). */
  stores(): { keychain: KeychainStore; file: FileSecretStore } {
    return { keychain: this.keychain, file: this.file };
  }

  /** An explicit choice that differs from the recorded store would split the vault's secrets across two stores. */
  private async matchingStore(): Promise<SecretStore> {
    assertStoreMatches(
      secretStoreMode(this.options.env),
      this.profiles.read().secretStore,
      this.options.home,
    );
    return this.chooseStore();
  }

  async readSecret(profile: ProfileRecord, role: string): Promise<string> {
    const id = profile.secrets[role];
    const value = id === undefined ? undefined : await (await this.secretStore()).get(id);
    if (value === undefined)
      throw new TobiraError('vault.secret.missing', ExitCode.error, { name: profile.name, role });
    return value;
  }

  async readMfaSecret(profile: ProfileRecord): Promise<string> {
    const id = profile.mfa?.kind === 'totp' ? profile.mfa.secretId : undefined;
    const value = id === undefined ? undefined : await (await this.secretStore()).get(id);
    if (value === undefined) {
      throw new TobiraError('vault.secret.missing', ExitCode.error, { name: profile.name, role: 'mfa' });
    }
    return value;
  }

  /** The remembered OATH access key (hex) of a YubiKey MFA profile, or undefined when none was remembered. */
  async readYubikeyAccessKey(profile: ProfileRecord): Promise<string | undefined> {
    const id = profile.mfa?.kind === 'yubikey' ? profile.mfa.keySecretId : undefined;
    if (id === undefined) return undefined;
    const value = await (await this.secretStore()).get(id);
    if (value === undefined) {
      throw new TobiraError('vault.secret.missing', ExitCode.error, { name: profile.name, role: 'mfa' });
    }
    return value;
  }

  async add(input: NewProfile): Promise<ProfileRecord> {
    for (const value of Object.values(input.secrets)) assertSecretSize(value);
    return this.profiles.update(async (file) => {
      if (file.profiles.some((profile) => profile.name === input.name)) {
        throw new TobiraError('profile.exists', ExitCode.error, { name: input.name });
      }
      const secrets: Record<string, string> = {};
      for (const [role, value] of Object.entries(input.secrets)) {
        secrets[role] = await this.writeSecret(file, value);
      }
      const now = new Date().toISOString();
      const profile: ProfileRecord = {
        id: randomUUID(),
        name: input.name,
        type: input.type,
        fields: input.fields,
        secrets,
        createdAt: now,
        updatedAt: now,
      };
      file.profiles.push(profile);
      return { file, result: profile };
    });
  }

  /**
   * Adds, updates (fields only) and removes secretless profiles in ONE locked write of profiles.json (`sso sync`):
   * either every change lands or none. The check of each change runs inside the lock, against the file as it is then.
   */
  async applySecretlessBatch(batch: SecretlessBatch): Promise<void> {
    const removed = await this.profiles.update(async (file) => {
      const now = new Date().toISOString();
      const gone: ProfileRecord[] = [];
      for (const name of batch.remove) {
        const [profile] = file.profiles.splice(indexOf(file, name), 1);
        if (profile) gone.push(profile);
      }
      for (const change of batch.update) {
        const index = indexOf(file, change.name);
        file.profiles[index] = {
          ...(file.profiles[index] as ProfileRecord),
          fields: change.fields,
          updatedAt: now,
        };
      }
      for (const input of batch.add) {
        if (file.profiles.some((profile) => profile.name === input.name)) {
          throw new TobiraError('profile.exists', ExitCode.error, { name: input.name });
        }
        file.profiles.push({
          id: randomUUID(),
          name: input.name,
          type: input.type,
          fields: input.fields,
          secrets: {},
          createdAt: now,
          updatedAt: now,
        });
      }
      return { file, result: gone };
    });
    await this.deleteSecrets(removed.flatMap(secretIdsOf));
  }

  /**
   * The bulk-write transaction (`profile import`, `sso sync`): adds many profiles with ONE lock, ONE read and ONE
   * write of profiles.json, and their secrets in one write of secrets.enc (or one batch of keychain writes). A
   * profile whose name is taken is skipped (`onExisting: 'skip'`, the default) or fails the whole batch ('fail').
   * All or nothing: when any step fails, profiles.json is left as it was and the secrets written for the batch are
   * deleted again.
   */
  async addMany(
    inputs: readonly NewProfile[],
    options: { onExisting?: 'skip' | 'fail' } = {},
  ): Promise<{ added: ProfileRecord[]; existing: string[] }> {
    for (const input of inputs) for (const value of Object.values(input.secrets)) assertSecretSize(value);
    const written: string[] = [];
    try {
      return await this.profiles.update(async (file) => {
        const taken = new Set(file.profiles.map((profile) => profile.name));
        const added: ProfileRecord[] = [];
        const existing: string[] = [];
        const entries: Array<[string, string]> = [];
        const now = new Date().toISOString();
        for (const input of inputs) {
          if (taken.has(input.name)) {
            if (options.onExisting === 'fail') {
              throw new TobiraError('profile.exists', ExitCode.error, { name: input.name });
            }
            existing.push(input.name);
            continue;
          }
          taken.add(input.name);
          const secrets: Record<string, string> = {};
          for (const [role, value] of Object.entries(input.secrets)) {
            const id = randomUUID();
            secrets[role] = id;
            entries.push([id, value]);
          }
          added.push({
            id: randomUUID(),
            name: input.name,
            type: input.type,
            fields: input.fields,
            secrets,
            createdAt: now,
            updatedAt: now,
          });
        }
        if (entries.length > 0) {
          const store = await this.secretStore();
          written.push(...entries.map(([id]) => id));
          await setSecrets(store, entries);
          file.secretStore ??= store.kind;
        }
        file.profiles.push(...added);
        return { file, result: { added, existing } };
      });
    } catch (error) {
      if (written.length > 0) await this.deleteSecrets(written).catch(() => undefined);
      throw error;
    }
  }

  async remove(name: string): Promise<ProfileRecord> {
    const [removed] = await this.removeWith(name, () => []);
    return removed as ProfileRecord;
  }

  /**
   * Removes `name` and the profiles `alsoRemove` names (decided under the lock, from the current file: the profiles
   * that depend on it); `alsoRemove` may throw to refuse. Returns the removed records, `name`'s first.
   */
  async removeWith(
    name: string,
    alsoRemove: (profiles: readonly ProfileRecord[]) => string[],
  ): Promise<ProfileRecord[]> {
    const removed = await this.profiles.update(async (file) => {
      const first = file.profiles[indexOf(file, name)] as ProfileRecord;
      const names = new Set([name, ...alsoRemove(file.profiles)]);
      const gone = [first, ...file.profiles.filter((p) => names.has(p.name) && p.name !== name)];
      file.profiles = file.profiles.filter((profile) => !names.has(profile.name));
      return { file, result: gone };
    });
    await this.deleteSecrets(removed.flatMap(secretIdsOf));
    return removed;
  }

  /**
   * Renames a profile; `relink` runs on the file's profiles in the same transaction (links that named the old name
   * follow it) and returns the names it changed.
   */
  async rename(
    from: string,
    to: string,
    relink: (profiles: ProfileRecord[], now: string) => string[] = () => [],
  ): Promise<ProfileRecord & { relinked: string[] }> {
    return this.profiles.update(async (file) => {
      const index = indexOf(file, from);
      if (file.profiles.some((profile) => profile.name === to)) {
        throw new TobiraError('profile.exists', ExitCode.error, { name: to }, { field: 'name' });
      }
      const now = new Date().toISOString();
      const profile = { ...(file.profiles[index] as ProfileRecord), name: to, updatedAt: now };
      file.profiles[index] = profile;
      const relinked = relink(file.profiles, now);
      return { file, result: { ...(file.profiles[index] as ProfileRecord), relinked } };
    });
  }

  /**
   * Changes a profile's fields and replaces the secrets given (role → new value); the old values of replaced secrets
   * are deleted after the file names the new ones. `dropCache` forgets the cached session and derived keys, made with
   * the old settings.
   */
  async edit(name: string, change: ProfileChange): Promise<ProfileRecord> {
    for (const value of Object.values(change.secrets)) assertSecretSize(value);
    const { profile, replaced } = await this.profiles.update(async (file) => {
      const index = indexOf(file, name);
      const current = file.profiles[index] as ProfileRecord;
      const secrets = { ...current.secrets };
      const replacedIds: string[] = [];
      for (const [role, value] of Object.entries(change.secrets)) {
        const old = secrets[role];
        if (old !== undefined) replacedIds.push(old);
        secrets[role] = await this.writeSecret(file, value);
      }
      const updated: ProfileRecord = {
        ...current,
        fields: change.fields,
        secrets,
        updatedAt: new Date().toISOString(),
      };
      file.profiles[index] = updated;
      return { file, result: { profile: updated, replaced: replacedIds } };
    });
    const stale = change.dropCache ? [cacheSecretId(profile), providerKeySecretId(profile)] : [];
    if (replaced.length > 0 || stale.length > 0) await this.deleteSecrets([...replaced, ...stale]);
    return profile;
  }

  async setMfa(name: string, mfa: NewMfa): Promise<ProfileRecord> {
    if (mfa.kind === 'totp') assertSecretSize(mfa.secret);
    const { profile, replaced } = await this.profiles.update(async (file) => {
      const index = indexOf(file, name);
      const current = file.profiles[index] as ProfileRecord;
      const config: MfaConfig =
        mfa.kind === 'totp'
          ? { kind: 'totp', secretId: await this.writeSecret(file, mfa.secret), params: mfa.params }
          : mfa.kind === 'yubikey'
            ? {
                kind: 'yubikey',
                credential: mfa.credential,
                ...(mfa.reader ? { reader: mfa.reader } : {}),
                ...(mfa.accessKeyHex ? { keySecretId: await this.writeSecret(file, mfa.accessKeyHex) } : {}),
              }
            : { kind: 'command', argv: mfa.argv };
      const updated = { ...current, mfa: config, updatedAt: new Date().toISOString() };
      file.profiles[index] = updated;
      return { file, result: { profile: updated, replaced: current.mfa } };
    });
    await this.deleteSecrets(mfaSecretIds(replaced));
    return profile;
  }

  async removeMfa(name: string): Promise<ProfileRecord> {
    const { profile, removed } = await this.profiles.update(async (file) => {
      const index = indexOf(file, name);
      const current = file.profiles[index] as ProfileRecord;
      if (!current.mfa) throw new TobiraError('mfa.notConfigured', ExitCode.error, { name });
      const { mfa, ...rest } = current;
      const updated: ProfileRecord = { ...rest, updatedAt: new Date().toISOString() };
      file.profiles[index] = updated;
      return { file, result: { profile: updated, removed: mfa } };
    });
    await this.deleteSecrets(mfaSecretIds(removed));
    return profile;
  }

  /**
   * Replaces one secret of a profile together with fields that describe it (a rotated access key and its id), in one
   * profiles.json update: the new secret is written before the profile names it, the old one deleted after.
   */
  async replaceSecret(
    name: string,
    role: string,
    value: string,
    fields: Record<string, unknown>,
  ): Promise<ProfileRecord> {
    assertSecretSize(value);
    const { profile, replaced } = await this.profiles.update(async (file) => {
      const index = indexOf(file, name);
      const current = file.profiles[index] as ProfileRecord;
      const updated: ProfileRecord = {
        ...current,
        fields: { ...current.fields, ...fields },
        secrets: { ...current.secrets, [role]: await this.writeSecret(file, value) },
        updatedAt: new Date().toISOString(),
      };
      file.profiles[index] = updated;
      return { file, result: { profile: updated, replaced: current.secrets[role] } };
    });
    if (replaced !== undefined) await this.deleteSecrets([replaced]);
    return profile;
  }

  /**
   * Records a fact learnt about a profile (an access key's creation date looked up in IAM) when `still(fields)` holds
   * at write time, so a rotation or an edit in between is never overwritten; no secret is touched. False: not written.
   */
  async noteFields(
    name: string,
    patch: Record<string, unknown>,
    still: (fields: Record<string, unknown>) => boolean,
  ): Promise<boolean> {
    return this.profiles.update(async (file) => {
      const index = indexOf(file, name);
      const current = file.profiles[index] as ProfileRecord;
      if (!still(current.fields)) return { file, result: false };
      file.profiles[index] = { ...current, fields: { ...current.fields, ...patch } };
      return { file, result: true };
    });
  }

  private async writeSecret(file: ProfilesFile, value: string): Promise<string> {
    assertSecretSize(value); // every way a secret comes in (CLI, app IPC, browser mode) ends here
    const store = await this.secretStore();
    const id = randomUUID();
    await store.set(id, value);
    file.secretStore ??= store.kind;
    return id;
  }

  private async deleteSecrets(ids: string[]): Promise<void> {
    const store = await this.secretStore();
    if (store.deleteMany) await store.deleteMany(ids);
    else for (const id of ids) await store.delete(id);
  }

  private async chooseStore(): Promise<SecretStore> {
    const mode = secretStoreMode(this.options.env);
    if (mode === 'keychain' || mode === 'file') {
      debug('store', `${mode} (TOBIRA_SECRET_STORE=${mode})`);
      return mode === 'keychain' ? this.keychain : this.file;
    }
    const recorded = this.profiles.read().secretStore;
    if (recorded) {
      debug('store', `${recorded} (recorded in profiles.json)`);
      return recorded === 'keychain' ? this.keychain : this.file;
    }
    const reachable = await this.keychain.reachable();
    const store = reachable ? this.keychain : this.file;
    debug('store', `${store.kind} (auto: the keychain is ${reachable ? '' : 'not '}reachable)`);
    this.options.onStoreChosen?.(store.kind);
    return store;
  }
}

export function secretStoreMode(env: Env): SecretStoreMode {
  const value = env.TOBIRA_SECRET_STORE ?? 'auto';
  if (value === 'auto' || value === 'keychain' || value === 'file') return value;
  throw new TobiraError('vault.store.badMode', ExitCode.usage, { value });
}

/** Refuses TOBIRA_SECRET_STORE=keychain|file on a vault whose profiles.json records the other store (exit 2). */
export function assertStoreMatches(
  mode: SecretStoreMode,
  recorded: SecretStoreKind | undefined,
  home: string,
): void {
  if (mode === 'auto' || recorded === undefined || recorded === mode) return;
  throw new TobiraError('vault.store.mismatch', ExitCode.usage, { requested: mode, recorded, home });
}

async function setSecrets(store: SecretStore, entries: Array<[string, string]>): Promise<void> {
  if (store.setMany) await store.setMany(entries);
  else for (const [id, value] of entries) await store.set(id, value);
}

function indexOf(file: ProfilesFile, name: string): number {
  const index = file.profiles.findIndex((profile) => profile.name === name);
  if (index < 0) throw new TobiraError('profile.notFound', ExitCode.error, { name });
  return index;
}

function secretIdsOf(profile: ProfileRecord): string[] {
  const ids = Object.values(profile.secrets);
  ids.push(...mfaSecretIds(profile.mfa));
  ids.push(cacheSecretId(profile), providerKeySecretId(profile));
  return ids;
}
