import type { Env } from '../../home';
import { endpointFromEnv } from '../common/endpoint';

export type Coverage = 'jp' | 'g';

const DEFAULTS: Record<'production' | 'sandbox', Record<Coverage, string>> = {
  production: { jp: 'https://api.soracom.io', g: 'https://g.api.soracom.io' },
  sandbox: { jp: 'https://api-sandbox.soracom.io', g: 'https://g.api-sandbox.soracom.io' },
};

/** The SORACOM API origin of a coverage when nothing overrides it. */
export function defaultSoracomBase(coverage: Coverage, sandbox: boolean): string {
  return DEFAULTS[sandbox ? 'sandbox' : 'production'][coverage];
}

/** TOBIRA_ENDPOINT_<SERVICE> beats the profile's endpoint, which beats the default (as SORACOM_ENDPOINT does). */
export function soracomBase(
  fields: { coverage: Coverage; sandbox?: boolean | undefined; endpoint?: string | undefined },
  env: Env,
): string {
  const fromEnv = endpointFromEnv(env, 'TOBIRA_ENDPOINT_SORACOM');
  if (fromEnv !== undefined) return fromEnv;
  if (fields.endpoint) return fields.endpoint;
  return defaultSoracomBase(fields.coverage, fields.sandbox === true);
}

export function isDefaultSoracomBase(base: string, coverage: Coverage, sandbox: boolean): boolean {
  return defaultSoracomBase(coverage, sandbox) === base;
}
