import { ExitCode, TobiraError } from '../../errors';
import { totpCode } from '../../mfa/totp';
import type { ProfileRecord } from '../../vault/schema';
import type { Vault } from '../../vault/vault';
import { TOTP_SEED_ROLE, TOTP_TYPE, TotpFields } from './profile';

/** The current code of a totp profile's seed, or of another profile's stored MFA secret (`tobira otp NAME`). */
export async function otpOfProfile(vault: Vault, profile: ProfileRecord, atSeconds: number): Promise<string> {
  if (profile.type === TOTP_TYPE) {
    const fields = TotpFields.parse(profile.fields);
    const seed = await vault.readSecret(profile, TOTP_SEED_ROLE);
    return totpCode(
      seed,
      { algorithm: fields.algorithm, digits: fields.digits, period: fields.period },
      atSeconds,
    );
  }
  if (profile.mfa?.kind === 'totp') {
    return totpCode(await vault.readMfaSecret(profile), profile.mfa.params, atSeconds);
  }
  throw new TobiraError('mfa.noSecretForOtp', ExitCode.error, { name: profile.name });
}
