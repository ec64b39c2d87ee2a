import type * as z from 'zod';
import { ExitCode, TobiraError } from '../../errors';
import type { AddOption } from '../types';

/** `profile add` options as commander hands them over. */
export type AddOptionValues = Readonly<Record<string, unknown>>;

/** `profile add` flags of several types, defined once: the CLI registers each flag once, by its key. */
export const SOURCE_OPTION = {
  flags: '--source <profile>',
  key: 'source',
  description: 'opt.source',
} as const satisfies AddOption;
export const ENDPOINT_OPTION = {
  flags: '--endpoint <url>',
  key: 'endpoint',
  description: 'opt.endpoint',
} as const satisfies AddOption;

/**
 * Validates with a schema and turns the first issue into a usage error naming the field (never its value). The error
 * carries the form field of the issue: the option of the same key, or `formFields[key]` where the stored key differs
 * from the option's (soracom's `userName` comes from `--user`).
 */
export function parseFields<T>(
  schema: z.ZodType<T>,
  value: unknown,
  formFields: Readonly<Record<string, string>> = {},
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const top = issue?.path[0];
  const field = typeof top === 'string' ? (formFields[top] ?? top) : undefined;
  throw new TobiraError(
    'profile.invalidField',
    ExitCode.usage,
    { field: issue?.path.join('.') || 'profile', detail: issue?.message ?? 'invalid' },
    field === undefined ? {} : { field },
  );
}

/** The value of a string option, or undefined when it was not given. */
export function optionalString(options: AddOptionValues, key: string): string | undefined {
  const value = options[key];
  return typeof value === 'string' ? value : undefined;
}
