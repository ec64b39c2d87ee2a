import { ExitCode, TobiraError } from '../errors';
import { secondsLeftInStep } from '../mfa/totp';
import { otpOfProfile, TOTP_TYPE, TotpFields } from '../providers/totp';
import type { ProfileRecord } from '../vault/schema';
import { periodOf } from '../yubikey';
import type { OtpCodes } from '../../../shared/ipc';
import { CLEAR_OTP_MS, copyText, type AppContext } from './context';
import { appYubikeyCode } from './yubikey';

export interface OtpView {
  code: string;
  secondsLeft: number;
}

/** The current one-time code of a profile (a TOTP entry, or a profile's stored MFA seed) and how long it lasts. */
export async function otp(context: AppContext, name: string): Promise<OtpView> {
  const vault = context.vault();
  const profile = vault.get(name);
  const nowSeconds = Math.floor(context.now() / 1000);
  const code =
    profile.type !== TOTP_TYPE && profile.mfa?.kind === 'yubikey'
      ? await appYubikeyCode(context, profile, nowSeconds)
      : await otpOfProfile(vault, profile, nowSeconds);
  return { code, secondsLeft: secondsLeftInStep(totpParamsOf(profile), nowSeconds) };
}

/** The authenticator view of a profile: this step's code, the next step's, and the step's timing. */
export async function otpCodes(context: AppContext, name: string): Promise<OtpCodes> {
  const vault = context.vault();
  const profile = vault.get(name);
  const nowSeconds = Math.floor(context.now() / 1000);
  const params = totpParamsOf(profile);
  if (profile.type !== TOTP_TYPE && profile.mfa?.kind === 'yubikey') {
    // One code from the key per request (it may want a touch): no next code.
    const code = await appYubikeyCode(context, profile, nowSeconds);
    return { code, next: '', period: params.period, secondsLeft: secondsLeftInStep(params, nowSeconds) };
  }
  const [code, next] = await Promise.all([
    otpOfProfile(vault, profile, nowSeconds),
    otpOfProfile(vault, profile, nowSeconds + params.period),
  ]);
  return { code, next, period: params.period, secondsLeft: secondsLeftInStep(params, nowSeconds) };
}

/**
 * Copies the code, cleared from the clipboard after CLEAR_OTP_MS (browser mode: handed to the page to copy);
 * answers that time in seconds.
 */
export async function copyOtp(
  context: AppContext,
  name: string,
): Promise<{ clearsInSeconds: number; text?: string }> {
  return copyText(context.platform, (await otp(context, name)).code, CLEAR_OTP_MS);
}

function totpParamsOf(profile: ProfileRecord) {
  if (profile.type === TOTP_TYPE) return TotpFields.parse(profile.fields);
  if (profile.mfa?.kind === 'totp') return profile.mfa.params;
  if (profile.mfa?.kind === 'yubikey') return { period: periodOf(profile.mfa.credential) };
  throw new TobiraError('mfa.noSecretForOtp', ExitCode.error, { name: profile.name });
}
