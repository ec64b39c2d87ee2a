import type { ProfileRecord } from '../../vault/schema';
import type { LoginServices } from '../types';

/**
 * One MFA code for a profile: --mfa-code when given, else the broker's (stored secret → command → prompt). `device`
 * names the MFA device where the provider has such a name (AWS's serial), so profiles sharing it share a step counter.
 */
export async function mfaCode(
  services: LoginServices,
  profile: ProfileRecord,
  provider: string,
  explicit?: string,
  device?: string,
): Promise<string> {
  const result = await services.mfa.code({
    profile,
    provider,
    ...(explicit !== undefined ? { explicitCode: explicit } : {}),
    device,
  });
  return result.code;
}
