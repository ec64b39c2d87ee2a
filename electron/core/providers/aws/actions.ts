import { CredentialCache } from '../../vault/credential-cache';
import { ExitCode, TobiraError } from '../../errors';
import type { ProviderActions } from '../types';
import { AWS_IAM_USER_TYPE, IamUserFields, keyAgeDays } from './profile';
import { rotateAccessKey } from './rotate';

/** The app's access-key panel of an aws-iam-user profile: the key's age, and `tobira rotate` behind a button. */
export const awsKeyActions: ProviderActions = {
  'aws:key': async (services, { name }) => {
    const profile = services.vault.get(name);
    if (profile.type !== AWS_IAM_USER_TYPE) {
      throw new TobiraError('rotate.notIamUser', ExitCode.usage, { name, type: profile.type });
    }
    const fields = IamUserFields.parse(profile.fields);
    return {
      accessKeyId: fields.accessKeyId,
      created: fields.keyCreated ?? null,
      ageDays: keyAgeDays(fields.keyCreated, Date.now()) ?? null,
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
