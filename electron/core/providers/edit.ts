import { isDeepStrictEqual } from 'node:util';
import { ExitCode, TobiraError } from '../errors';
import type { ProfileRecord } from '../vault/schema';
import { providerSpec } from './registry';
import type { ProviderProfileSpec } from './types';

export interface EditRequest {
  /** Option values by add-option key (the `profile add` flags of the type). */
  options: Readonly<Record<string, unknown>>;
  /**
   * false (the CLI): options not given keep their stored values. true (the app's form): the options are the whole
   * form, so an emptied field is removed.
   */
  replace: boolean;
  /** A new secret; undefined keeps the stored one. */
  secret?: string;
}

export interface EditPlan {
  fields: Record<string, unknown>;
  /** Role → new secret value: only the secret given, empty when it is kept. */
  secrets: Record<string, string>;
  fieldsChanged: boolean;
}

/** The stored fields of a profile as the add options that would have made them (the edit form's starting values). */
export function optionsOfFields(
  spec: ProviderProfileSpec,
  fields: Readonly<Record<string, unknown>>,
): Record<string, string | boolean> {
  const storedKey = new Map(Object.entries(spec.storedAs ?? {}).map(([stored, option]) => [option, stored]));
  const options: Record<string, string | boolean> = {};
  for (const option of spec.addOptions) {
    const value = fields[storedKey.get(option.key) ?? option.key];
    if (typeof value === 'string') options[option.key] = value;
    else if (typeof value === 'number') options[option.key] = String(value);
    else if (value === true) options[option.key] = true;
  }
  return options;
}

/**
 * Validates an edit with the same `build` as `profile add` (so add and edit can never disagree) and says what
 * changes. Without a new secret the stored one is read and checked with the new fields, then kept.
 */
export async function planEdit(
  record: ProfileRecord,
  request: EditRequest,
  storedSecret: () => Promise<string>,
): Promise<EditPlan> {
  const spec = providerSpec(record.type);
  const allowed = new Set(spec.addOptions.map((option) => option.key));
  for (const key of Object.keys(request.options)) {
    if (!allowed.has(key))
      throw new TobiraError('profile.badOption', ExitCode.usage, { option: key, type: spec.type });
  }
  if (request.secret !== undefined && !spec.secretInput) {
    throw new TobiraError('profile.edit.noSecret', ExitCode.usage, { type: spec.type }, { field: 'secret' });
  }
  const current = optionsOfFields(spec, record.fields);
  const options = request.replace ? { ...request.options } : merged(spec, current, request.options);
  // A type whose fields all come from its secret (totp): nothing to rebuild unless the secret is replaced.
  if (spec.addOptions.length === 0 && request.secret === undefined) {
    return { fields: record.fields, secrets: {}, fieldsChanged: false };
  }
  if (spec.secretInput && request.secret === undefined && groupOf(spec, options) !== groupOf(spec, current)) {
    throw new TobiraError(
      'profile.edit.secretNeeded',
      ExitCode.usage,
      { name: record.name },
      { field: 'secret' },
    );
  }
  const secret = spec.secretInput ? (request.secret ?? (await storedSecret())) : undefined;
  const built = spec.build(options, secret);
  const fields = {
    ...keptFields(spec, record.fields, built.fields, request.secret !== undefined),
    ...built.fields,
  };
  return {
    fields,
    secrets: request.secret !== undefined ? built.secrets : {},
    fieldsChanged: !isDeepStrictEqual(fields, record.fields),
  };
}

/**
 * Stored fields that no add option makes, written by other commands (the key's creation date from `rotate`, the
 * account name and owner mark from `sso sync`): an edit keeps them, except when it replaces the secret, which
 * they may describe (a new key's date is not the old one's).
 */
function keptFields(
  spec: ProviderProfileSpec,
  stored: Readonly<Record<string, unknown>>,
  built: Readonly<Record<string, unknown>>,
  secretReplaced: boolean,
): Record<string, unknown> {
  if (secretReplaced) return {};
  const fromOptions = new Set(spec.addOptions.map((option) => option.key));
  for (const [storedKey, option] of Object.entries(spec.storedAs ?? {}))
    if (fromOptions.has(option)) fromOptions.add(storedKey);
  return Object.fromEntries(
    Object.entries(stored).filter(([key]) => !(key in built) && !fromOptions.has(key)),
  );
}

/** The stored options overlaid with those given; a flag of one exclusive group drops the other groups' values. */
function merged(
  spec: ProviderProfileSpec,
  current: Readonly<Record<string, unknown>>,
  given: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const groups = spec.exclusiveOptions ?? [];
  const chosen = groups.find((group) => group.some((key) => key in given));
  const dropped = new Set(chosen ? groups.filter((group) => group !== chosen).flat() : []);
  const result = Object.fromEntries(Object.entries(current).filter(([key]) => !dropped.has(key)));
  return { ...result, ...given };
}

/** Which exclusive group of options is in use (the sign-in kind), -1 when the type has none. */
function groupOf(spec: ProviderProfileSpec, options: Readonly<Record<string, unknown>>): number {
  return (spec.exclusiveOptions ?? []).findIndex((group) =>
    group.some((key) => options[key] !== undefined && options[key] !== ''),
  );
}
