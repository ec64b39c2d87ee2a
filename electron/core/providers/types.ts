import type { z } from 'zod';
import type { MessageKey } from '../../../shared/i18n';

/** A `profile add` flag that belongs to one or more provider types (the CLI registers the union of them). */
export interface AddOption {
  /** commander syntax, e.g. "--email <email>" or "--sandbox" */
  flags: string;
  /** the camelCase key commander stores it under, e.g. "email" */
  key: string;
  description: MessageKey;
}

export interface SecretInput {
  role: string;
  label: MessageKey;
}

export interface BuiltProfile {
  fields: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** What every provider folder's profile.ts exports; the registry maps `type` to one of these. */
export interface ProviderProfileSpec {
  type: string;
  /** Provider label in prompts and lists, e.g. "SORACOM". */
  label: string;
  addOptions: readonly AddOption[];
  /** The secret `profile add` reads from stdin or a hidden prompt, if this type has one. */
  secretInput?: SecretInput;
  fieldsSchema: z.ZodType<Record<string, unknown>>;
  /** Validates `profile add` options (already limited to this type's flags) and the secret. */
  build(options: Readonly<Record<string, unknown>>, secret: string | undefined): BuiltProfile;
  /** Non-secret lines for `profile show` and the list's detail column. */
  describe(fields: Readonly<Record<string, unknown>>): Record<string, string>;
}
