import { CallError } from './bridge';
import type { T } from './i18n';

/** What a failed call says to the person: the core's message key in the UI's language, else the error as text. */
export function errorText(t: T, error: unknown): string {
  return error instanceof CallError ? t(error.error.key, error.error.params) : String(error);
}

/** The person closed a prompt or pressed Cancel: nothing to report. */
export function isCancelled(error: unknown): boolean {
  return error instanceof CallError && error.error.key === 'ui.cancelled';
}
