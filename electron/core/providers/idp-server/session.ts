import * as z from 'zod';
import { isoSeconds } from '../common/time';

/** What an idp-server session holds (cached in the secret store, never in a file): the tokens and where they work. */
export const IdpSession = z.object({
  issuer: z.string().min(1),
  clientId: z.string().min(1),
  username: z.string().min(1),
  accessToken: z.string().min(1),
  tokenType: z.string().min(1),
  idToken: z.string().min(1).optional(),
  refreshToken: z.string().min(1).optional(),
  scope: z.string().optional(),
  subject: z.string().optional(),
  /** Authentication methods of the ID token (`amr`), e.g. ["password","sms"]: shows the MFA really happened. */
  amr: z.array(z.string()).optional(),
});
export type IdpSession = z.infer<typeof IdpSession>;

/** A management (admin) session: the bearer token of the Management API and its scope. */
export const IdpAdminSession = z.object({
  issuer: z.string().min(1),
  clientId: z.string().min(1),
  username: z.string().min(1),
  accessToken: z.string().min(1),
  tokenType: z.string().min(1),
  scope: z.string().optional(),
  organization: z.string().optional(),
});
export type IdpAdminSession = z.infer<typeof IdpAdminSession>;

/** oauth4webapi lower-cases token_type; tools expect the RFC 6750 spelling. */
export function bearerSpelling(tokenType: string): string {
  return tokenType.toLowerCase() === 'bearer' ? 'Bearer' : tokenType;
}

/** The expiry of a token answer: `expires_in` from now, or five minutes when it gives none. */
export function expirationOf(expiresIn: unknown): string {
  const lifetime = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : 300;
  return isoSeconds(Date.now() + lifetime * 1000);
}
