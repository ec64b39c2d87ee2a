import type { Env } from '../../home';
import type { KryptonFields } from './profile';

const DEFAULTS = { jp: 'https://api.soracom.io', g: 'https://g.api.soracom.io' } as const;

/**
 * The origin of both the Keys API (`/v1/keys`) and the SIM-authenticated provisioning API (`/v1/provisioning/...`),
 * which SORACOM serves from the same host (specs/krypton.md §3.1). TOBIRA_ENDPOINT_KRYPTON beats the profile's
 * --endpoint, which beats the coverage default.
 */
export function kryptonBase(fields: Pick<KryptonFields, 'coverage' | 'endpoint'>, env: Env): string {
  const fromEnv = env.TOBIRA_ENDPOINT_KRYPTON;
  if (fromEnv && fromEnv.length > 0) return fromEnv.replace(/\/+$/, '');
  return fields.endpoint ?? DEFAULTS[fields.coverage];
}
