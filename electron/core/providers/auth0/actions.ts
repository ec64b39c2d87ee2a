import type { UiMessage } from '../../../../shared/ipc';
import type { TobiraError } from '../../errors';
import type { LoginServices, ProviderActions } from '../types';

/** The key manager (apikeys.ts) loads only when a key action runs: every CLI command pays for what the registry imports. */
async function open(services: LoginServices, name: string) {
  const keys = await import('./apikeys');
  return { keys, admin: await keys.openKeyAdmin(services, name) };
}

function message(error: TobiraError | undefined): UiMessage | null {
  return error ? { key: error.key, params: { ...error.params } } : null;
}

/** The app's Auth0 API-key panel, on an auth0-admin profile: the same use cases as `tobira apikey …`. */
export const auth0KeyActions: ProviderActions = {
  'apikeys:list': async (services, { name }) => {
    const { keys, admin } = await open(services, name);
    const list = await keys.listKeys(admin);
    const { domain, connection, audience } = admin.fields;
    return {
      domain,
      connection,
      audience,
      keys: list.map((key) => ({
        id: key.id,
        name: key.name,
        permissions: key.permissions,
        created: key.created,
        blocked: key.blocked,
        rotatedFrom: key.rotatedFrom ?? null,
        profiles: keys.profilesHoldingKey(services.vault, admin, key.id).map((profile) => profile.name),
      })),
    };
  },
  'apikeys:create': async (services, { name, keyName, permissions }) => {
    const { keys, admin } = await open(services, name);
    keys.assertKeyName(keyName);
    const names = keys.parsePermissions(permissions.join(','));
    return keys.createKey(admin, { name: keyName.trim(), permissions: names });
  },
  'apikeys:rotate': async (services, { name, id }) => {
    const { keys, admin } = await open(services, name);
    const result = await keys.rotateKey(admin, id);
    return {
      created: result.created,
      warning: message(result.warning),
      failure: message(result.oldStillActive),
    };
  },
  'apikeys:revoke': async (services, { name, id }) => {
    const { keys, admin } = await open(services, name);
    return keys.revokeKey(admin, id);
  },
  'apikeys:permissions': async (services, { name, id, set }) => {
    const { keys, admin } = await open(services, name);
    return keys.changePermissions(admin, id, { set: keys.parsePermissions(set.join(',')) });
  },
};
