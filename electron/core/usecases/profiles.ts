import { ExitCode, TobiraError } from '../errors';
import { planEdit, type EditRequest } from '../providers/edit';
import { assertLinks, dependentsOf, followRename } from '../providers/links';
import { providerSpec } from '../providers/registry';
import type { BuiltProfile } from '../providers/types';
import type { ProfileRecord } from '../vault/schema';
import type { Vault } from '../vault/vault';

/**
 * What `profile add`, `edit`, `rename` and `remove` do beyond one vault write, shared by the CLI and the app: the
 * provider's validation, and the links between profiles (a role's source) checked, followed and named.
 */

/** Adds a profile already built by its provider, after checking its links against the vault. */
export async function addBuiltProfile(
  vault: Vault,
  name: string,
  type: string,
  built: BuiltProfile,
): Promise<ProfileRecord> {
  assertLinks(type, name, built.fields, vault.list());
  return vault.add({ name, type, ...built });
}

export interface EditResult {
  profile: ProfileRecord;
  secretReplaced: boolean;
  fieldsChanged: boolean;
}

/** Changes a profile's fields (and its secret, if one is given) with the same checks as add. */
export async function editProfile(vault: Vault, name: string, request: EditRequest): Promise<EditResult> {
  const record = vault.get(name);
  const plan = await planEdit(record, request, () => storedSecret(vault, record));
  assertLinks(record.type, name, plan.fields, vault.list());
  const secretReplaced = Object.keys(plan.secrets).length > 0;
  if (!plan.fieldsChanged && !secretReplaced)
    return { profile: record, secretReplaced, fieldsChanged: false };
  const profile = await vault.edit(name, {
    fields: plan.fields,
    secrets: plan.secrets,
    dropCache: plan.fieldsChanged || secretReplaced,
  });
  return { profile, secretReplaced, fieldsChanged: plan.fieldsChanged };
}

/** Validates an edit without saving it (the app's form); reads the stored secret when none is given. */
export async function checkEdit(vault: Vault, name: string, request: EditRequest): Promise<void> {
  const record = vault.get(name);
  const plan = await planEdit(record, request, () => storedSecret(vault, record));
  assertLinks(record.type, name, plan.fields, vault.list());
}

/** Renames a profile; every link that named it follows, in the same transaction. */
export async function renameProfile(
  vault: Vault,
  from: string,
  to: string,
): Promise<{ profile: ProfileRecord; relinked: string[] }> {
  const { relinked, ...profile } = await vault.rename(from, to, (profiles, now) =>
    followRename(profiles, from, to, now),
  );
  return { profile, relinked };
}

/**
 * Removes a profile. Profiles that use it as their source are removed with it only when `withDependents`; otherwise
 * they are named in the refusal (exit 2), decided under the lock so none is added meanwhile unseen.
 */
export async function removeProfile(
  vault: Vault,
  name: string,
  withDependents: boolean,
): Promise<ProfileRecord[]> {
  return vault.removeWith(name, (profiles) => {
    const dependents = allDependents(name, profiles);
    if (dependents.length > 0 && !withDependents) {
      throw new TobiraError('profile.remove.dependents', ExitCode.usage, {
        name,
        dependents: dependents.join(', '),
      });
    }
    return dependents;
  });
}

/** The profiles that depend on `name`, directly or through another (admin ← deploy ← alice). */
export function allDependents(name: string, profiles: readonly ProfileRecord[]): string[] {
  const found: string[] = [];
  const queue = [name];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const dependent of dependentsOf(current, profiles)) {
      if (dependent.name === name || found.includes(dependent.name)) continue;
      found.push(dependent.name);
      queue.push(dependent.name);
    }
  }
  return found;
}

async function storedSecret(vault: Vault, record: ProfileRecord): Promise<string> {
  const role = providerSpec(record.type).secretInput?.role;
  return role === undefined ? '' : vault.readSecret(record, role);
}
