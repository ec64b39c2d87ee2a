import * as z from 'zod';
import type { Env } from '../../home';

/** The hosts on which plain http is allowed: tests, local proxies and local servers. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https anywhere, plain http only on loopback, so a password, key or token never crosses a network in clear. */
export function isSecureUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * For a zod refinement of a URL string: the parsed URL, after adding an issue when it is not https or loopback
 * http; undefined, with an issue, when it is no URL at all.
 */
export function secureUrlIn(value: string, ctx: z.RefinementCtx): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a URL' });
    return undefined;
  }
  if (!isSecureUrl(url)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be https:// (http:// only on 127.0.0.1, localhost or [::1])',
    });
  }
  return url;
}

/** `scheme://host[:port]` and nothing more: no path, query, fragment or user name. */
export function isBareOrigin(url: URL): boolean {
  return url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '';
}

/**
 * An endpoint override (docs/architecture.md §5): an origin `scheme://host[:port]` without a path, https or loopback http
 * (`isSecureUrl`).
 */
export const EndpointOrigin = z.string().superRefine((value, ctx) => {
  const url = secureUrlIn(value, ctx);
  if (url === undefined) return;
  if (!isBareOrigin(url) || value.endsWith('/')) {
    ctx.addIssue({ code: 'custom', message: 'must be an origin like https://host[:port], without a path' });
  }
});

/** The TOBIRA_ENDPOINT_<SERVICE> variable without trailing slashes, or undefined when it is unset or empty. */
export function endpointFromEnv(env: Env, variable: string): string | undefined {
  const value = env[variable];
  if (value === undefined || value.length === 0) return undefined;
  return value.replace(/\/+$/, '');
}
