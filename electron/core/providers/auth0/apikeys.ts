import type { Lang } from '../../../../shared/i18n';
import { ExitCode, TobiraError } from '../../errors';
import type { ProfileRecord } from '../../vault/schema';
import type { Vault } from '../../vault/vault';
import type { LoginServices } from '../types';
import { managementRejected } from './errors';
import { Auth0Rejection, retryTuning } from './api';
import { generateKey, type ApiKeyParts } from './key';
import { keyLoginName } from './login';
import { Auth0Session } from './session';
import { Auth0Management, type ManagedUser, type Permission } from './management';
import { AdminFields, API_KEY_ROLE, AUTH0_ADMIN_TYPE, AUTH0_APIKEY_TYPE, ApiKeyFields } from './profile';

/** An auth0-admin profile opened for key management: its fields and a Management API client on its cached token. */
export interface KeyAdmin {
  name: string;
  fields: AdminFields;
  api: Auth0Management;
  lang: Lang;
}

export interface CreatedKey {
  id: string;
  key: string;
  name: string;
  permissions: string[];
}

export interface ApiKeyInfo {
  id: string;
  userId: string;
  name: string;
  permissions: string[];
  created: string | null;
  blocked: boolean;
  rotatedFrom?: string;
}

export interface RotateResult {
  created: CreatedKey;
  /** The old key is dead but a clean-up step failed (it is blocked, not deleted): say so, exit 0. */
  warning?: TobiraError;
  /** The new key exists and must be shown, but the old key could NOT be disabled: show the key, then fail. */
  oldStillActive?: TobiraError;
}

const PERMISSION = /^[^\s,]{1,280}$/;

/** Opens `name` (an auth0-admin profile) for key management; its session comes through the credential cache. */
export async function openKeyAdmin(services: LoginServices, name: string): Promise<KeyAdmin> {
  const profile = services.vault.get(name);
  if (profile.type !== AUTH0_ADMIN_TYPE) {
    throw new TobiraError('auth0.admin.wrongType', ExitCode.usage, { name, type: profile.type });
  }
  const fields = AdminFields.parse(profile.fields);
  const token = async (fresh: boolean) =>
    Auth0Session.parse((await services.sessionOf(name, { force: fresh })).data).accessToken;
  return {
    name,
    fields,
    api: new Auth0Management(fields.domain, token, retryTuning(services.env)),
    lang: services.lang,
  };
}

/** Permission names from `--permissions a,b` (each once, order kept). */
export function parsePermissions(text: string | undefined): string[] {
  if (text === undefined) return [];
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  for (const name of names) {
    if (!PERMISSION.test(name)) throw new TobiraError('auth0.permission.invalid', ExitCode.usage, { name });
  }
  return [...new Set(names)];
}

export function assertKeyName(name: string): void {
  // eslint-disable-next-line no-control-regex
  if (name.trim().length === 0 || name.length > 100 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new TobiraError('auth0.key.badName', ExitCode.usage);
  }
}

/** KEY_ID as the user gives it (`k7f3q2m9x1ab` or `auth0|k7f3q2m9x1ab`) → the Auth0 user id. */
export function userIdOf(keyId: string): string {
  const id = keyId.startsWith('auth0|') ? keyId.slice('auth0|'.length) : keyId;
  if (!/^[A-Za-z0-9._@+-]{1,128}$/.test(id))
    throw new TobiraError('auth0.key.badId', ExitCode.usage, { id: keyId });
  return `auth0|${id}`;
}

function keyIdOf(userId: string): string {
  return userId.startsWith('auth0|') ? userId.slice('auth0|'.length) : userId;
}

/** Runs one Management API call; its refusal becomes a clear TobiraError. */
async function step<T>(call: () => Promise<T>, id?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Auth0Rejection) throw managementRejected(error, id !== undefined ? { id } : {});
    throw error;
  }
}

function toPermissions(admin: KeyAdmin, names: readonly string[]): Permission[] {
  return names.map((permission_name) => ({
    resource_server_identifier: admin.fields.audience,
    permission_name,
  }));
}

function namesOn(admin: KeyAdmin, permissions: readonly Permission[]): string[] {
  return permissions
    .filter((permission) => permission.resource_server_identifier === admin.fields.audience)
    .map((permission) => permission.permission_name);
}

function tobiraMetadata(user: ManagedUser): { name?: string; rotated_from?: string } {
  const value = user.app_metadata?.tobira;
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  return {
    ...(typeof record.name === 'string' ? { name: record.name } : {}),
    ...(typeof record.rotated_from === 'string' ? { rotated_from: record.rotated_from } : {}),
  };
}

/** The key's user, refusing anyone outside the key connection (so a typo can never touch a real user). */
async function keyUser(admin: KeyAdmin, keyId: string): Promise<ManagedUser> {
  const userId = userIdOf(keyId);
  const user = await step(() => admin.api.getUser(userId), keyIdOf(userId));
  if (!user.identities.some((identity) => identity.connection === admin.fields.connection)) {
    throw new TobiraError('auth0.key.otherConnection', ExitCode.error, {
      id: keyIdOf(userId),
      connection: admin.fields.connection,
    });
  }
  return user;
}

/** Creates the user of a new key (retrying once on an id clash) and assigns its permissions, undoing on failure. */
async function mint(
  admin: KeyAdmin,
  name: string,
  permissions: string[],
  rotatedFrom?: string,
): Promise<{ parts: ApiKeyParts; userId: string }> {
  for (let attempt = 1; ; attempt += 1) {
    const parts = generateKey();
    const userId = `auth0|${parts.id}`;
    const body = {
      connection: admin.fields.connection,
      user_id: parts.id,
      email: keyLoginName(parts.id),
      email_verified: true,
      verify_email: false,
      password: parts.secret,
      name,
      app_metadata: {
        tobira: { kind: 'apikey', name, ...(rotatedFrom !== undefined ? { rotated_from: rotatedFrom } : {}) },
      },
    };
    try {
      await admin.api.createUser(body);
    } catch (error) {
      if (error instanceof Auth0Rejection && error.status === 409) {
        // Our own create, retried after a lost answer, already made it; a true clash of 60 random bits: new id.
        if (await isOurs(admin, userId, name)) return finish(admin, parts, userId, permissions);
        if (attempt === 1) continue;
      }
      // A create whose answer was lost may still have made the user: remove it, best effort (idempotent).
      if (!(error instanceof Auth0Rejection)) await admin.api.deleteUser(userId).catch(() => undefined);
      throw error instanceof Auth0Rejection ? managementRejected(error, { id: parts.id }) : error;
    }
    return finish(admin, parts, userId, permissions);
  }
}

async function isOurs(admin: KeyAdmin, userId: string, name: string): Promise<boolean> {
  try {
    const user = await admin.api.getUser(userId);
    return (
      tobiraMetadata(user).name === name &&
      user.identities.some((identity) => identity.connection === admin.fields.connection)
    );
  } catch {
    return false;
  }
}

async function finish(
  admin: KeyAdmin,
  parts: ApiKeyParts,
  userId: string,
  permissions: string[],
): Promise<{ parts: ApiKeyParts; userId: string }> {
  try {
    await admin.api.addPermissions(userId, toPermissions(admin, permissions));
  } catch (error) {
    const undone = await admin.api.deleteUser(userId).then(
      () => true,
      () => false,
    );
    const reason = error instanceof Auth0Rejection ? managementRejected(error, { id: parts.id }) : error;
    if (undone) throw reason;
    throw new TobiraError('auth0.create.orphan', ExitCode.error, {
      id: parts.id,
      admin: admin.name,
      reason: render(reason, admin.lang),
    });
  }
  return { parts, userId };
}

function render(error: unknown, lang: Lang): string {
  return error instanceof TobiraError
    ? error.render(lang)
    : error instanceof Error
      ? error.message
      : String(error);
}

function exitOf(error: unknown): TobiraError['exitCode'] {
  return error instanceof TobiraError ? error.exitCode : ExitCode.error;
}

export async function createKey(
  admin: KeyAdmin,
  options: { name: string; permissions: string[] },
): Promise<CreatedKey> {
  assertKeyName(options.name);
  const { parts } = await mint(admin, options.name, options.permissions);
  return { id: parts.id, key: parts.key, name: options.name, permissions: options.permissions };
}

export async function listKeys(admin: KeyAdmin): Promise<ApiKeyInfo[]> {
  const users = await step(() => admin.api.usersOfConnection(admin.fields.connection));
  const keys: ApiKeyInfo[] = [];
  for (const user of users) {
    const permissions = namesOn(
      admin,
      await step(() => admin.api.permissions(user.user_id), keyIdOf(user.user_id)),
    );
    const meta = tobiraMetadata(user);
    keys.push({
      id: keyIdOf(user.user_id),
      userId: user.user_id,
      name: meta.name ?? user.name ?? '',
      permissions,
      created: user.created_at ?? null,
      blocked: user.blocked === true,
      ...(meta.rotated_from !== undefined ? { rotatedFrom: meta.rotated_from } : {}),
    });
  }
  return keys;
}

export async function revokeKey(admin: KeyAdmin, keyId: string): Promise<{ id: string }> {
  const user = await keyUser(admin, keyId);
  await step(() => admin.api.deleteUser(user.user_id), keyIdOf(user.user_id));
  return { id: keyIdOf(user.user_id) };
}

export interface PermissionChange {
  add?: string[];
  remove?: string[];
  set?: string[];
}

/** add / remove, or set = diff (GET current → POST missing → DELETE extra; there is no replace endpoint). */
export async function changePermissions(
  admin: KeyAdmin,
  keyId: string,
  change: PermissionChange,
): Promise<{ id: string; permissions: string[]; added: string[]; removed: string[] }> {
  if (change.set !== undefined && (change.add !== undefined || change.remove !== undefined)) {
    throw new TobiraError('auth0.permission.setAlone', ExitCode.usage);
  }
  const user = await keyUser(admin, keyId);
  const id = keyIdOf(user.user_id);
  const current = namesOn(admin, await step(() => admin.api.permissions(user.user_id), id));
  const wanted =
    change.set ?? [...current, ...(change.add ?? [])].filter((name) => !(change.remove ?? []).includes(name));
  const added = [...new Set(wanted)].filter((name) => !current.includes(name));
  const removed = current.filter((name) => !wanted.includes(name));
  await step(() => admin.api.addPermissions(user.user_id, toPermissions(admin, added)), id);
  await step(() => admin.api.removePermissions(user.user_id, toPermissions(admin, removed)), id);
  const permissions = [...current.filter((name) => !removed.includes(name)), ...added];
  return { id, permissions, added, removed };
}

/**
 * New key, same name and permissions, old key dead. The order makes every interruption safe:
 *  1-2. read the old key's user and permissions      (failure: nothing changed, the old key works)
 *  3-4. create the new user, assign the permissions  (failure: the new user is removed again; the old key works)
 *  5.   delete the old user; if that fails, block it (failure of both: the new key is shown AND the command fails,
 *       saying the old key is still active and how to revoke it — never silently alive)
 */
export async function rotateKey(admin: KeyAdmin, keyId: string): Promise<RotateResult> {
  const unchanged = (error: unknown): TobiraError =>
    new TobiraError('auth0.rotate.unchanged', exitOf(error), {
      id: keyIdOf(userIdOf(keyId)),
      reason: render(error, admin.lang),
    });
  let user: ManagedUser;
  let permissions: string[];
  try {
    user = await keyUser(admin, keyId);
    permissions = namesOn(
      admin,
      await step(() => admin.api.permissions(user.user_id), keyIdOf(user.user_id)),
    );
  } catch (error) {
    throw unchanged(error);
  }
  const oldId = keyIdOf(user.user_id);
  const name = tobiraMetadata(user).name ?? user.name ?? oldId;
  let minted: { parts: ApiKeyParts; userId: string };
  try {
    minted = await mint(admin, name, permissions, oldId);
  } catch (error) {
    if (error instanceof TobiraError && error.key === 'auth0.create.orphan') throw error;
    throw unchanged(error);
  }
  const created: CreatedKey = { id: minted.parts.id, key: minted.parts.key, name, permissions };
  try {
    await admin.api.deleteUser(user.user_id);
    return { created };
  } catch (deleteError) {
    try {
      await admin.api.patchUser(user.user_id, { blocked: true });
      return {
        created,
        warning: new TobiraError('auth0.rotate.oldBlocked', ExitCode.ok, {
          id: oldId,
          admin: admin.name,
          reason: render(asTobira(deleteError, oldId), admin.lang),
        }),
      };
    } catch (blockError) {
      const reason = asTobira(blockError, oldId);
      return {
        created,
        oldStillActive: new TobiraError('auth0.rotate.oldActive', exitOf(reason), {
          id: oldId,
          newId: created.id,
          admin: admin.name,
          reason: render(reason, admin.lang),
        }),
      };
    }
  }
}

function asTobira(error: unknown, id: string): unknown {
  return error instanceof Auth0Rejection ? managementRejected(error, { id }) : error;
}

/** Profiles of this vault that hold the given key (by domain and key id), e.g. to tell the user after a rotation. */
export function profilesHoldingKey(vault: Vault, admin: KeyAdmin, keyId: string): ProfileRecord[] {
  return vault.list().filter((profile) => {
    if (profile.type !== AUTH0_APIKEY_TYPE) return false;
    const fields = ApiKeyFields.safeParse(profile.fields);
    return fields.success && fields.data.domain === admin.fields.domain && fields.data.keyId === keyId;
  });
}

/**
 * `--save-as NAME`: an auth0-apikey profile for the new key (domain, audience and realm from the admin profile).
 * An existing auth0-apikey profile NAME of the same tenant is replaced (after a rotation), keeping its client id.
 */
export async function saveKeyProfile(
  vault: Vault,
  admin: KeyAdmin,
  profileName: string,
  key: CreatedKey,
  clientId: string | undefined,
): Promise<ProfileRecord> {
  const existing = vault.list().find((profile) => profile.name === profileName);
  let client = clientId;
  if (existing) {
    const fields = ApiKeyFields.safeParse(existing.fields);
    if (
      existing.type !== AUTH0_APIKEY_TYPE ||
      !fields.success ||
      fields.data.domain !== admin.fields.domain
    ) {
      throw new TobiraError('auth0.saveAs.exists', ExitCode.error, { name: profileName });
    }
    client ??= fields.data.clientId;
  }
  if (client === undefined) throw new TobiraError('auth0.saveAs.clientId', ExitCode.usage);
  const fields: ApiKeyFields = ApiKeyFields.parse({
    domain: admin.fields.domain,
    clientId: client,
    audience: admin.fields.audience,
    realm: admin.fields.connection,
    keyId: key.id,
  });
  if (existing) await vault.remove(profileName);
  return vault.add({
    name: profileName,
    type: AUTH0_APIKEY_TYPE,
    fields,
    secrets: { [API_KEY_ROLE]: key.key },
  });
}

/**
 * Checked before any request, so a bad --save-as never leaves a key without its profile. An existing profile may be
 * replaced only when it holds the key being rotated (`replacing`).
 */
export function checkSaveAs(
  vault: Vault,
  admin: KeyAdmin,
  profileName: string,
  clientId: string | undefined,
  replacing?: string,
): void {
  const existing = vault.list().find((profile) => profile.name === profileName);
  if (!existing) {
    if (clientId === undefined) throw new TobiraError('auth0.saveAs.clientId', ExitCode.usage);
    return;
  }
  const fields = ApiKeyFields.safeParse(existing.fields);
  if (
    existing.type !== AUTH0_APIKEY_TYPE ||
    !fields.success ||
    fields.data.domain !== admin.fields.domain ||
    replacing === undefined ||
    fields.data.keyId !== keyIdOf(userIdOf(replacing))
  ) {
    throw new TobiraError('auth0.saveAs.exists', ExitCode.error, { name: profileName });
  }
}
