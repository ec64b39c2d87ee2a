import * as z from 'zod';

/** What a SORACOM session holds (cached in the secret store): the API key/token pair and where it is valid. */
export const SoracomSession = z.object({
  apiKey: z.string().min(1),
  token: z.string().min(1),
  operatorId: z.string().min(1),
  userName: z.string().optional(),
  coverage: z.enum(['jp', 'g']),
  endpoint: z.string().min(1),
});
export type SoracomSession = z.infer<typeof SoracomSession>;
