import * as z from 'zod';

/** What Tobira's credential cache keeps for an aws-sso-session (the AWS CLI's file keeps the refresh token). */
export const SsoSessionData = z.object({
  accessToken: z.string().min(1),
  startUrl: z.string().min(1),
  ssoRegion: z.string().min(1),
  sessionName: z.string().min(1),
});
export type SsoSessionData = z.infer<typeof SsoSessionData>;
