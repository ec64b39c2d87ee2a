import type { ProfileRecord } from '../../vault/schema';
import type { LoginServices } from '../types';

/** One MFA code for a profile: --mfa-code when given, else the broker's (stored secret → command → prompt). */
export async function mfaCode(
  services: LoginServices,
  profile: ProfileRecord,
  provider: string,
  explicit?: string,
): Promise<string> {
  const result = await services.mfa.code({
    profile,
    provider,
    ...(explicit !== undefined ? { explicitCode: explicit } : {}),
  });
  return result.code;
}
