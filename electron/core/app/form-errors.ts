import type { FieldError } from '../../../shared/ipc';
import { messages, type MessageKey } from '../../../shared/i18n';
import { isTobiraError, type TobiraError } from '../errors';
import { FieldsError } from '../providers/common/fields';
import type { ProviderProfileSpec } from '../providers/types';

/**
 * An add or edit form's problems in the form's own words: "Required", "Not an MFA device ARN…" next to the field,
 * instead of the CLI's sentences about flags and stdin (the CLI keeps those: the checks are the same).
 */
export function formErrors(
  error: unknown,
  spec: ProviderProfileSpec | undefined,
  options: Readonly<Record<string, unknown>>,
): FieldError[] {
  if (error instanceof FieldsError) {
    return error.problems.map((problem) =>
      problem.field === undefined
        ? { field: null, error: message(problem.error.key, problem.error.params) }
        : fieldError(problem.field, problem.missing, problem.error.params),
    );
  }
  if (!isTobiraError(error)) throw error;
  // "A … profile needs --issuer, --client-id": each of those fields is required.
  if (error.key === 'idp.profile.missing' && typeof error.params.options === 'string') {
    return flagKeys(error.params.options).map((field) => fieldError(field, true, {}));
  }
  const kind = KIND_ERRORS.has(error.key) ? emptyOfKind(spec, options) : [];
  if (kind.length > 0) return kind.map((field) => fieldError(field, true, {}));
  return [translated(error)];
}

/** "Give exactly one of --email…": the app shows a choice of kind, so it becomes "required" on that kind's fields. */
const KIND_ERRORS = new Set<string>(['soracom.mode.exactlyOne', 'soracom.mode.samNeedsBoth']);

function emptyOfKind(
  spec: ProviderProfileSpec | undefined,
  options: Readonly<Record<string, unknown>>,
): string[] {
  const groups = spec?.exclusiveOptions ?? [];
  const given = (key: string) => typeof options[key] === 'string' && String(options[key]).trim() !== '';
  // The kind the form chose: the one whose fields it sent (even empty), else the first.
  const chosen = groups.find((group) => group.some((key) => key in options)) ?? groups[0] ?? [];
  return chosen.filter((key) => !given(key));
}

/** "--issuer, --client-id" → ["issuer", "clientId"] */
function flagKeys(flags: string): string[] {
  return flags
    .split(/,\s*/)
    .map((flag) => flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()))
    .filter(Boolean);
}

/**
 * "Required", or the field's own format hint where one is written for it; otherwise the provider's description of
 * what is wrong (its schema's own words, never a raw zod type message: a missing value is "Required").
 */
function fieldError(field: string, missing: boolean, params: TobiraError['params']): FieldError {
  if (missing) return { field, error: { key: 'form.required', params: {} } };
  const specific = `form.invalid.${field}`;
  if (specific in messages) return { field, error: { key: specific, params: {} } };
  const detail = typeof params.detail === 'string' ? params.detail : '';
  return { field, error: { key: detail ? 'form.invalid.detail' : 'form.invalid', params: { detail } } };
}

/** Errors whose CLI wording names flags or stdin, said again for the form. */
const FORM_WORDS: Readonly<Record<string, string>> = {
  'input.secret.empty': 'form.required',
  'aws.secret.shape': 'form.invalid.secret.aws',
  'aws.role.durationTooShort': 'form.invalid.duration',
  'soracom.authKey.shape': 'form.invalid.secret.authKey',
  'profile.link.missing': 'form.link.missing',
  'profile.link.incompatible': 'form.link.incompatible',
  'profile.link.self': 'form.link.self',
  'profile.link.cycle': 'form.link.cycle',
  'profile.edit.secretNeeded': 'form.secretNeeded',
  'profile.badName': 'form.name.bad',
  'profile.exists': 'form.name.exists',
};

function translated(error: TobiraError): FieldError {
  const key = FORM_WORDS[error.key];
  const field = error.field ?? null;
  if (key !== undefined) return { field, error: message(key, error.params) };
  if (error.key === 'profile.invalidField' && field !== null) return fieldError(field, false, error.params);
  return { field, error: message(error.key, error.params) };
}

function message(key: string, params: TobiraError['params']): FieldError['error'] {
  return { key: key as MessageKey, params: { ...params } };
}
