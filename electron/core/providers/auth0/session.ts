import * as z from 'zod';

/** What an Auth0 session holds in the credential cache. */
export const Auth0Session = z.object({
  accessToken: z.string().min(1),
  tokenType: z.string().min(1),
  idToken: z.string().optional(),
  scope: z.string().optional(),
  domain: z.string().min(1),
  audience: z.string().min(1),
  keyId: z.string().optional(),
  clientId: z.string().min(1),
});
export type Auth0Session = z.infer<typeof Auth0Session>;
