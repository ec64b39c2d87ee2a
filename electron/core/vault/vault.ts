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
}

export interface NewProfile {
  name: string;
  type: string;
  fields: Record<string, unknown>;
  /** Role → secret value; each is written to the secret store and only its id lands in profiles.json. */
  secrets: Record<string, string>;
}

export type NewMfa =
  { kind: 'totp'; secret: string; params: TotpParams } | { kind: 'command'; argv: string[] };

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
    this.profiles = new ProfileStore(options.home);
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

  async remove(name: string): Promise<ProfileRecord> {
    const removed = await this.profiles.update(async (file) => {
      const index = indexOf(file, name);
      const [profile] = file.profiles.splice(index, 1);
      return { file, result: profile as ProfileRecord };
    });
    await this.deleteSecrets(secretIdsOf(removed));
    return removed;
  }

  async rename(from: string, to: string): Promise<ProfileRecord> {
    return this.profiles.update(async (file) => {
      const index = indexOf(file, from);
      if (file.profiles.some((profile) => profile.name === to)) {
        throw new TobiraError('profile.exists', ExitCode.error, { name: to });
      }
      const profile = {
        ...(file.profiles[index] as ProfileRecord),
        name: to,
        updatedAt: new Date().toISOString(),
      };
      file.profiles[index] = profile;
      return { file, result: profile };
    });
  }

  async setMfa(name: string, mfa: NewMfa): Promise<ProfileRecord> {
    if (mfa.kind === 'totp') assertSecretSize(mfa.secret);
    const { profile, replaced } = await this.profiles.update(async (file) => {
      const index = indexOf(file, name);
      const current = file.profiles[index] as ProfileRecord;
      const config: MfaConfig =
        mfa.kind === 'totp'
          ? { kind: 'totp', secretId: await this.writeSecret(file, mfa.secret), params: mfa.params }
          : { kind: 'command', argv: mfa.argv };
      const updated = { ...current, mfa: config, updatedAt: new Date().toISOString() };
      file.profiles[index] = updated;
      return { file, result: { profile: updated, replaced: current.mfa } };
    });
    if (replaced?.kind === 'totp') await this.deleteSecrets([replaced.secretId]);
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
    if (removed.kind === 'totp') await this.deleteSecrets([removed.secretId]);
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
    for (const id of ids) await store.delete(id);
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

function indexOf(file: ProfilesFile, name: string): number {
  const index = file.profiles.findIndex((profile) => profile.name === name);
  if (index < 0) throw new TobiraError('profile.notFound', ExitCode.error, { name });
  return index;
}

function secretIdsOf(profile: ProfileRecord): string[] {
  const ids = Object.values(profile.secrets);
  if (profile.mfa?.kind === 'totp') ids.push(profile.mfa.secretId);
  ids.push(cacheSecretId(profile), providerKeySecretId(profile));
  return ids;
}
