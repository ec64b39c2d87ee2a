import * as z from 'zod';

/**
 * An Alibaba session as cached in the secret store: the STS triple, plus the OAuth tokens that renew it without a
 * browser. The refresh token lives only here (the secret store), never in profiles.json or any other file.
 */
export const AlibabaSession = z.object({
  accessKeyId: z.string().min(1),
  accessKeySecret: z.string().min(1),
  securityToken: z.string().min(1),
  site: z.enum(['cn', 'intl']),
  region: z.string().optional(),
  oauthOrigin: z.string().min(1),
  clientId: z.string().min(1),
  accessToken: z.string().min(1),
  accessTokenExpiresAt: z.string().datetime(),
  refreshToken: z.string().min(1).optional(),
  refreshTokenExpiresAt: z.string().datetime().optional(),
  subject: z.string().optional(),
});
export type AlibabaSession = z.infer<typeof AlibabaSession>;
