import { CredentialCache } from '../../vault/credential-cache';
import { ExitCode, TobiraError } from '../../errors';
import type { ProviderActions } from '../types';
import { AWS_IAM_USER_TYPE, IamUserFields, keyAgeDays } from './profile';
import { keyCreated } from './key-age';
import { rotateAccessKey } from './rotate';

/** The app's access-key panel of an aws-iam-user profile: the key's age, and `tobira rotate` behind a button. */
export const awsKeyActions: ProviderActions = {
  'aws:key': async (services, { name }) => {
    const profile = services.vault.get(name);
    if (profile.type !== AWS_IAM_USER_TYPE) {
      throw new TobiraError('rotate.notIamUser', ExitCode.usage, { name, type: profile.type });
    }
    const fields = IamUserFields.parse(profile.fields);
    // A key added by hand: asked of IAM once (with an MFA device only through a cached MFA session), then stored.
    const found = await keyCreated(services, profile);
    return {
      accessKeyId: fields.accessKeyId,
      created: found.created,
      ageDays: keyAgeDays(found.created ?? undefined, Date.now()) ?? null,
      unknown: found.created === null ? found.why : null,
    };
  },
  'aws:rotate': async (services, { name }) => {
    const cache = new CredentialCache(services.vault);
    const result = await rotateAccessKey(
      {
        services,
        dropSessions: async (names) => {
          for (const each of names) await cache.clear(services.vault.get(each));
        },
      },
      services.vault.get(name),
    );
    return {
      accessKeyId: result.accessKeyId,
      created: result.created,
      deletedAccessKeyId: result.deletedAccessKeyId,
      droppedSessions: result.droppedSessions,
    };
  },
};
