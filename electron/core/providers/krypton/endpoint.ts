import type { Env } from '../../home';
import { endpointFromEnv } from '../common/endpoint';
import { defaultSoracomBase } from '../soracom/endpoint';
import type { KryptonFields } from './profile';

/**
 * The origin of both the Keys API (`/v1/keys`) and the SIM-authenticated provisioning API (`/v1/provisioning/...`),
 * which SORACOM serves from the same host as its API (docs/protocols/krypton.md). TOBIRA_ENDPOINT_KRYPTON beats the
 * profile's --endpoint, which beats the coverage default.
 */
export function kryptonBase(fields: Pick<KryptonFields, 'coverage' | 'endpoint'>, env: Env): string {
  return (
    endpointFromEnv(env, 'TOBIRA_ENDPOINT_KRYPTON') ??
    fields.endpoint ??
    defaultSoracomBase(fields.coverage, false)
  );
}
