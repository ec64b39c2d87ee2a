import * as z from 'zod';
import { badResponse } from '../../bad-response';
import { isoSeconds } from '../common/time';
import { auth0Request, rejectionFrom, type Auth0Rejection, type RetryTuning } from './api';

export const AUTH_SERVICE = 'Auth0 Authentication API';
export const PASSWORD_REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';

export const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().min(1),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export type TokenResult = { ok: true; token: TokenResponse } | { ok: false; rejection: Auth0Rejection };

/** POST /oauth/token (form-encoded); a 4xx comes back as the rejection for the caller to explain. */
export async function requestToken(
  origin: string,
  form: Record<string, string>,
  tuning: RetryTuning,
): Promise<TokenResult> {
  const response = await auth0Request(
    AUTH_SERVICE,
    { method: 'POST', url: `${origin}/oauth/token`, form },
    tuning,
  );
  if (response.status === 200) {
    const token = TokenResponse.safeParse(response.body);
    if (token.success) return { ok: true, token: token.data };
    throw badResponse({
      service: AUTH_SERVICE,
      what: 'token',
      problem: response.body === undefined ? 'the body is empty or not JSON' : token.error,
      status: response.status,
      headers: response.headers,
    });
  }
  if (response.status >= 400 && response.status < 500) {
    return { ok: false, rejection: rejectionFrom(response.status, response.body) };
  }
  throw badResponse({
    service: AUTH_SERVICE,
    what: 'token',
    problem: 'expected HTTP 200',
    status: response.status,
    headers: response.headers,
  });
}

/** Expiry of a token response as ISO 8601 UTC without milliseconds. */
export function expiryOf(token: TokenResponse, now = Date.now()): string {
  return isoSeconds(now + token.expires_in * 1000);
}

/** Unverified claims of a JWT access token, for display only (`permissions`, `scope`, `sub`). */
export function jwtClaims(token: string): { permissions?: string[]; sub?: string } {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims = z
      .object({ permissions: z.array(z.string()).optional(), sub: z.string().optional() })
      .safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!claims.success) return {};
    return {
      ...(claims.data.permissions ? { permissions: claims.data.permissions } : {}),
      ...(claims.data.sub ? { sub: claims.data.sub } : {}),
    };
  } catch {
    return {};
  }
}
