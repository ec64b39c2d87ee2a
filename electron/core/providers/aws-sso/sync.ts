import { ExitCode, TobiraError } from '../../errors';
import type { Vault } from '../../vault/vault';
import type { LoginServices } from '../types';
import { SsoPortal } from './api';
import { rethrowSso } from './errors';
import { AWS_SSO_SESSION_TYPE, AWS_SSO_TYPE, SsoRoleFields, SYNC_MARK } from './profile';
import { SsoSessionData } from './session';

export type SyncAction = 'create' | 'update' | 'unchanged' | 'remove' | 'skip';

export interface SyncItem {
  action: SyncAction;
  name: string;
  accountId: string;
  accountName: string;
  roleName: string;
  /** Why a reachable role gets no profile of its own (skip). */
  reason?: 'covered' | 'nameTaken';
  /** The profile that already covers it, or holds the name. */
  other?: string;
}

export interface SyncOptions {
  prefix?: string;
  region?: string;
}

/** "prod" + "AdministratorAccess" → "prod-AdministratorAccess"; anything a profile name cannot hold becomes "-". */
export function defaultProfileName(prefix: string, accountName: string, roleName: string): string {
  const raw = `${prefix}${accountName}-${roleName}`
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '');
  return raw.slice(0, 64) || `${roleName}`.slice(0, 64);
}

/**
 * The plan of `sso sync ORG`: one aws-sso profile per account × role the signed-in user can reach. A role already
 * covered by a profile the user made is left to it; a name held by another profile is skipped; a profile sync made
 * earlier (marked managedBy) whose role is gone is removed. No other profile is ever changed.
 */
export async function planSync(
  services: LoginServices,
  sessionName: string,
  options: SyncOptions,
): Promise<SyncItem[]> {
  const vault = services.vault;
  const sessionProfile = vault.get(sessionName);
  if (sessionProfile.type !== AWS_SSO_SESSION_TYPE)
    throw new TobiraError('sso.notSession', ExitCode.usage, { session: sessionName });
  const get = async (force: boolean) => {
    const active = await services.sessionOf(sessionName, { force });
    const data = SsoSessionData.parse(active.data);
    const portal = new SsoPortal({ ssoRegion: data.ssoRegion, env: services.env }, data.accessToken);
    const accounts = await portal.listAccounts();
    const reachable: Array<{ accountId: string; accountName: string; roleName: string }> = [];
    for (const account of accounts) {
      for (const roleName of await portal.listAccountRoles(account.accountId)) {
        reachable.push({ accountId: account.accountId, accountName: account.accountName, roleName });
      }
    }
    return reachable;
  };
  const context = { name: sessionName, session: sessionName };
  const reachable = await get(false).catch(async (error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'UnauthorizedException')
      return get(true).catch((again: unknown) => rethrowSso(again, context));
    return rethrowSso(error, context);
  });
  return plan(vault, sessionName, reachable, options);
}

function plan(
  vault: Vault,
  sessionName: string,
  reachable: ReadonlyArray<{ accountId: string; accountName: string; roleName: string }>,
  options: SyncOptions,
): SyncItem[] {
  const profiles = vault.list();
  const roles = profiles.flatMap((profile) => {
    if (profile.type !== AWS_SSO_TYPE) return [];
    const fields = SsoRoleFields.safeParse(profile.fields);
    return fields.success && fields.data.session === sessionName ? [{ profile, fields: fields.data }] : [];
  });
  const items: SyncItem[] = [];
  const seen = new Set<string>();
  const names = new Set(profiles.map((profile) => profile.name));
  for (const target of reachable) {
    const key = `${target.accountId}/${target.roleName}`;
    seen.add(key);
    const same = roles.filter(
      ({ fields }) => fields.accountId === target.accountId && fields.roleName === target.roleName,
    );
    const managed = same.find(({ fields }) => fields.managedBy === SYNC_MARK);
    const mine = same.find(({ fields }) => fields.managedBy === undefined);
    if (mine && !managed) {
      items.push({
        ...target,
        action: 'skip',
        reason: 'covered',
        other: mine.profile.name,
        name: mine.profile.name,
      });
      continue;
    }
    if (managed) {
      const fields = wantedFields(sessionName, target, options, managed.fields.region);
      const changed = JSON.stringify(fields) !== JSON.stringify(managed.fields);
      items.push({ ...target, action: changed ? 'update' : 'unchanged', name: managed.profile.name });
      continue;
    }
    const name = defaultProfileName(options.prefix ?? '', target.accountName, target.roleName);
    if (names.has(name)) {
      items.push({ ...target, action: 'skip', reason: 'nameTaken', other: name, name });
      continue;
    }
    names.add(name);
    items.push({ ...target, action: 'create', name });
  }
  for (const { profile, fields } of roles) {
    if (fields.managedBy !== SYNC_MARK || seen.has(`${fields.accountId}/${fields.roleName}`)) continue;
    items.push({
      action: 'remove',
      name: profile.name,
      accountId: fields.accountId,
      accountName: fields.accountName ?? '',
      roleName: fields.roleName,
    });
  }
  return items;
}

function wantedFields(
  sessionName: string,
  target: { accountId: string; accountName: string; roleName: string },
  options: SyncOptions,
  currentRegion?: string,
): SsoRoleFields {
  const region = options.region ?? currentRegion;
  return SsoRoleFields.parse({
    session: sessionName,
    accountId: target.accountId,
    roleName: target.roleName,
    ...(region ? { region } : {}),
    ...(target.accountName ? { accountName: target.accountName.slice(0, 256) } : {}),
    managedBy: SYNC_MARK,
  });
}

/** Writes the plan in one locked update of profiles.json. */
export async function applySync(
  vault: Vault,
  sessionName: string,
  items: readonly SyncItem[],
  options: SyncOptions,
): Promise<void> {
  const current = new Map(vault.list().map((profile) => [profile.name, profile]));
  await vault.applySecretlessBatch({
    add: items
      .filter((item) => item.action === 'create')
      .map((item) => ({
        name: item.name,
        type: AWS_SSO_TYPE,
        fields: wantedFields(sessionName, item, options),
      })),
    update: items
      .filter((item) => item.action === 'update')
      .map((item) => {
        const existing = SsoRoleFields.safeParse(current.get(item.name)?.fields);
        return {
          name: item.name,
          fields: wantedFields(
            sessionName,
            item,
            options,
            existing.success ? existing.data.region : undefined,
          ),
        };
      }),
    remove: items.filter((item) => item.action === 'remove').map((item) => item.name),
  });
}
