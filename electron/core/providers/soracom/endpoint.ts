import * as z from 'zod';
import type { Env } from '../../home';

export type Coverage = 'jp' | 'g';

const DEFAULTS: Record<'production' | 'sandbox', Record<Coverage, string>> = {
  production: { jp: 'https://api.soracom.io', g: 'https://g.api.soracom.io' },
  sandbox: { jp: 'https://api-sandbox.soracom.io', g: 'https://g.api-sandbox.soracom.io' },
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * An endpoint override (design.md §3): an origin `scheme://host[:port]` without a path. Plain http is allowed only
 * on loopback (tests, local proxies), so a password is never sent in clear over a network.
 */
export const EndpointOrigin = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a URL' });
    return;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be https:// (http:// only on 127.0.0.1, localhost or [::1])',
    });
  }
  if (
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    value.endsWith('/')
  ) {
    ctx.addIssue({ code: 'custom', message: 'must be an origin like https://host[:port], without a path' });
  }
});

/** TOBIRA_ENDPOINT_<SERVICE> beats the profile's endpoint, which beats the default (as SORACOM_ENDPOINT does). */
export function soracomBase(
  fields: { coverage: Coverage; sandbox?: boolean | undefined; endpoint?: string | undefined },
  env: Env,
): string {
  const fromEnv = env.TOBIRA_ENDPOINT_SORACOM;
  if (fromEnv && fromEnv.length > 0) return fromEnv.replace(/\/+$/, '');
  if (fields.endpoint) return fields.endpoint;
  return DEFAULTS[fields.sandbox ? 'sandbox' : 'production'][fields.coverage];
}

export function isDefaultSoracomBase(base: string, coverage: Coverage, sandbox: boolean): boolean {
  return DEFAULTS[sandbox ? 'sandbox' : 'production'][coverage] === base;
}
