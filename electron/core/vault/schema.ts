import * as z from 'zod';

export const PROFILES_SCHEMA_VERSION = 1;

/** Profile names appear in shell commands, file names (~/.soracom/NAME.json) and INI sections: keep them plain. */
export const ProfileName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", 1–64 characters');

export const SecretId = z.string().regex(/^[a-z0-9-]{8,80}$/);

export const TotpAlgorithm = z.enum(['SHA1', 'SHA256', 'SHA512']);
export type TotpAlgorithm = z.infer<typeof TotpAlgorithm>;

export const TotpParams = z.object({
  algorithm: TotpAlgorithm,
  digits: z.number().int().min(6).max(8),
  period: z.number().int().min(1).max(300),
});
export type TotpParams = z.infer<typeof TotpParams>;

/** How a profile's MFA code is obtained when no --mfa-code is given (docs/architecture.md §6). */
export const MfaConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('totp'), secretId: SecretId, params: TotpParams }).strict(),
  z.object({ kind: z.literal('command'), argv: z.array(z.string().min(1)).min(1) }).strict(),
  // The TOTP secret stays on a YubiKey (docs/protocols/yubikey.md); only the credential's id on the key is kept, and,
  // when the user chose --remember, the id of the secret-store entry holding the key derived from the OATH password.
  z
    .object({
      kind: z.literal('yubikey'),
      credential: z.string().min(1).max(64),
      reader: z.string().min(1).optional(),
      keySecretId: SecretId.optional(),
    })
    .strict(),
]);
export type MfaConfig = z.infer<typeof MfaConfig>;

export const ProfileRecord = z
  .object({
    id: z.string().uuid(),
    name: ProfileName,
    type: z.string().min(1),
    /** Provider-specific, non-secret settings; validated by the provider's own schema (providers/<type>/profile.ts). */
    fields: z.record(z.string(), z.unknown()),
    /** Secret role (e.g. "password") → id in the secret store. Never the secret itself. */
    secrets: z.record(z.string(), SecretId),
    mfa: MfaConfig.optional(),
    favourite: z.boolean().optional(),
    /** The console page a favourite opens (`tobira console NAME --remember`): not a secret, validated when used. */
    console: z
      .object({
        service: z.string().min(1).max(100).optional(),
        region: z.string().min(1).max(40).optional(),
        destination: z.string().min(1).max(2000).optional(),
      })
      .strict()
      .optional(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .strict();
export type ProfileRecord = z.infer<typeof ProfileRecord>;

export const SecretStoreKind = z.enum(['keychain', 'file']);
export type SecretStoreKind = z.infer<typeof SecretStoreKind>;

export const ProfilesFile = z
  .object({
    schemaVersion: z.literal(PROFILES_SCHEMA_VERSION),
    /** Where secrets were first written, so `auto` never splits one vault across two stores. */
    secretStore: SecretStoreKind.optional(),
    profiles: z.array(ProfileRecord),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    for (const [index, profile] of file.profiles.entries()) {
      if (seen.has(profile.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['profiles', index, 'name'],
          message: `duplicate name ${profile.name}`,
        });
      }
      seen.add(profile.name);
    }
  });
export type ProfilesFile = z.infer<typeof ProfilesFile>;

export function emptyProfilesFile(): ProfilesFile {
  return { schemaVersion: PROFILES_SCHEMA_VERSION, profiles: [] };
}
