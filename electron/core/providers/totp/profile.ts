import * as z from 'zod';
import { inField } from '../../errors';
import { parseTotpInput } from '../../mfa/otpauth';
import { TotpAlgorithm } from '../../vault/schema';
import type { ProviderProfileSpec } from '../types';

export const TOTP_TYPE = 'totp';
export const TOTP_SEED_ROLE = 'seed';

export const TotpFields = z
  .object({
    algorithm: TotpAlgorithm,
    digits: z.number().int().min(6).max(8),
    period: z.number().int().min(1).max(300),
    issuer: z.string().optional(),
    account: z.string().optional(),
  })
  .strict();
export type TotpFields = z.infer<typeof TotpFields>;

/** A plain authenticator entry: Tobira as the place where a TOTP seed lives and codes come from (`tobira otp`). */
export const totpProfile: ProviderProfileSpec = {
  type: TOTP_TYPE,
  label: 'TOTP',
  addOptions: [],
  secretInput: { role: TOTP_SEED_ROLE, label: 'totp.secret.label' },
  fieldsSchema: TotpFields,
  build(_options, secret) {
    const seed = inField('secret', () => parseTotpInput(secret ?? ''));
    const fields: TotpFields = {
      ...seed.params,
      ...(seed.issuer ? { issuer: seed.issuer } : {}),
      ...(seed.account ? { account: seed.account } : {}),
    };
    return { fields, secrets: { [TOTP_SEED_ROLE]: seed.secret } };
  },
  describe(raw) {
    const fields = TotpFields.parse(raw);
    return {
      ...(fields.issuer ? { issuer: fields.issuer } : {}),
      ...(fields.account ? { account: fields.account } : {}),
      algorithm: fields.algorithm,
      digits: String(fields.digits),
      period: `${fields.period}s`,
    };
  },
};
