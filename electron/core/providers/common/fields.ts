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
  const problems = parsed.error.issues.map((issue) => {
    const top = issue.path[0];
    const field = typeof top === 'string' ? (formFields[top] ?? top) : undefined;
    const error = new TobiraError(
      'profile.invalidField',
      ExitCode.usage,
      { field: issue.path.join('.') || 'profile', detail: issue.message },
      field === undefined ? {} : { field },
    );
    const missing = issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined;
    return { field, missing, error };
  });
  // The CLI says the first problem; the app's form shows every one (FieldsError.problems).
  throw new FieldsError(problems);
}

/** One field's problem: whether it was left empty, and the CLI's message about it. */
export interface FieldProblem {
  field: string | undefined;
  missing: boolean;
  error: TobiraError;
}

/** The first problem of a form's fields as the error, with every problem alongside. */
export class FieldsError extends TobiraError {
  constructor(readonly problems: readonly FieldProblem[]) {
    const first = problems[0]?.error;
    super(
      first?.key ?? 'profile.invalidField',
      ExitCode.usage,
      first?.params ?? { field: 'profile', detail: 'invalid' },
      first?.field === undefined ? {} : { field: first.field },
    );
  }
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The value of a string option, or undefined when it was not given. */
export function optionalString(options: AddOptionValues, key: string): string | undefined {
  const value = options[key];
  return typeof value === 'string' ? value : undefined;
}
