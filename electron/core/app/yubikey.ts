import { TobiraError, ExitCode } from '../errors';
import type { ProfileRecord } from '../vault/schema';
import { abandonable, touchTimeoutMs, yubikeyCode, yubikeyErrors } from '../yubikey';
import type { AppContext } from './context';

/**
 * The code of a YubiKey MFA profile in the app: the remembered access key, else the OATH password from the app's own
 * prompt (never stored unless the user chose --remember). Before a touch credential's CALCULATE, a "touch your
 * YubiKey" prompt with the touch wait as its countdown: it closes when the code comes; its timeout is the touch
 * timeout and its Cancel stops the wait.
 */
export async function appYubikeyCode(
  context: AppContext,
  profile: ProfileRecord,
  atSeconds: number,
): Promise<string> {
  if (profile.mfa?.kind !== 'yubikey')
    throw new TobiraError('mfa.noSecretForOtp', ExitCode.error, { name: profile.name });
  const { credential, reader } = profile.mfa;
  const name = profile.name;
  const remembered = await context.vault().readYubikeyAccessKey(profile);
  const waitMs = touchTimeoutMs(context.env);
  const done = new AbortController();
  try {
    const result = await abandonable((abandon) =>
      yubikeyCode({
        credential,
        atSeconds,
        ...(reader ? { reader } : {}),
        ...(remembered ? { accessKey: async () => Buffer.from(remembered, 'hex') } : {}),
        password: (where) =>
          context.prompts.require({
            kind: 'secret',
            profile: name,
            provider: 'YubiKey',
            label: { key: 'yubikey.password.label', params: { reader: where } },
            requester: null,
          }),
        onTouch: (where) =>
          void context.prompts
            .ask({
              kind: 'touch',
              profile: name,
              provider: 'YubiKey',
              label: { key: 'yubikey.touch.dialog', params: { reader: where, name, credential } },
              requester: null,
              timeoutMs: waitMs,
              signal: done.signal,
            })
            .then((outcome) => {
              if (done.signal.aborted || 'value' in outcome) return;
              abandon(
                outcome.error === 'timeout'
                  ? yubikeyErrors.touchTimeout(where, credential)
                  : new TobiraError('agent.cancelled', ExitCode.mfaUnavailable, { name }),
              );
            }),
      }),
    );
    return result.code;
  } finally {
    done.abort(); // closes the touch request once the code (or an error) came
  }
}
