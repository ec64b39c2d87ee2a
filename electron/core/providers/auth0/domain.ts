import * as z from 'zod';
import { isBareOrigin, isSecureUrl } from '../common/endpoint';

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * `--domain` (docs/architecture.md §5): a host such as `tenant.jp.auth0.com` (https implied) or an origin `scheme://host[:port]`
 * without a path; plain http only on loopback (tests, local proxies), so a key never crosses a network in clear.
 * Stored as the origin, e.g. `https://tenant.jp.auth0.com`.
 */
export const Auth0Domain = z.string().transform((value, ctx) => {
  const text = value.trim().toLowerCase();
  if (HOST.test(text)) return `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'a host like tenant.jp.auth0.com, or an origin https://host[:port]',
    });
    return z.NEVER;
  }
  if (!isSecureUrl(url) || !isBareOrigin(url)) {
    ctx.addIssue({
      code: 'custom',
      message: 'an origin https://host[:port] without a path (http:// only on 127.0.0.1, localhost or [::1])',
    });
    return z.NEVER;
  }
  return url.origin;
});

/** The stored form: an origin (already normalised by Auth0Domain). */
export const Auth0Origin = z.string().regex(/^https?:\/\/[^/]+$/);

/** The Management API audience of a tenant (specs B2: `https://{domain}/api/v2/`). */
export function managementAudience(origin: string): string {
  return `${origin}/api/v2/`;
}

export function hostOf(origin: string): string {
  return new URL(origin).host;
}
