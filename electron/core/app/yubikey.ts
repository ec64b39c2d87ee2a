import { TobiraError, ExitCode } from '../errors';
import type { ProfileRecord } from '../vault/schema';
import { yubikeyCode } from '../yubikey';
import type { AppContext } from './context';

/**
 * The code of a YubiKey MFA profile in the app: the remembered access key, else the OATH password from the app's own
 * prompt (never stored unless the user chose --remember); "touch your YubiKey" as a notice before a touch credential.
 */
export async function appYubikeyCode(
  context: AppContext,
  profile: ProfileRecord,
  atSeconds: number,
): Promise<string> {
  if (profile.mfa?.kind !== 'yubikey')
    throw new TobiraError('mfa.noSecretForOtp', ExitCode.error, { name: profile.name });
  const { credential, reader } = profile.mfa;
  const remembered = await context.vault().readYubikeyAccessKey(profile);
  const result = await yubikeyCode({
    credential,
    atSeconds,
    ...(reader ? { reader } : {}),
    ...(remembered ? { accessKey: async () => Buffer.from(remembered, 'hex') } : {}),
    password: (where) =>
      context.prompts.require({
        kind: 'secret',
        profile: profile.name,
        provider: 'YubiKey',
        label: { key: 'yubikey.password.label', params: { reader: where } },
        requester: null,
      }),
    onTouch: (where) =>
      context.emit({
        kind: 'notice',
        message: { key: 'yubikey.touch.prompt', params: { reader: where, credential } },
      }),
  });
  return result.code;
}
