import { translate, type Lang, type MessageKey, type MessageParams } from '../../shared/i18n';

/** Exit codes of the CLI contract (docs/architecture.md §5). */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  rejected: 3,
  unreachable: 4,
  mfaUnavailable: 5,
  /** `tobira agent`: an agent or the app already serves this data folder. */
  alreadyRunning: 6,
  /** `exec`: the command cannot be run although it is there (not executable, a folder), as in shells. */
  commandCannotRun: 126,
  /** `exec`: the command is not found (nor its #! interpreter), as in shells. */
  commandNotFound: 127,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every failure a user can see. It carries a message key, never pre-rendered text, so the CLI and the app can
 * show it in the user's language. Params must never hold a secret: they are printed as they are.
 */
export class TobiraError extends Error {
  readonly key: MessageKey;
  readonly exitCode: ExitCode;
  readonly params: MessageParams;
  /** The form field (a `profile add` option key, `name` or `secret`) whose value the error is about, if one. */
  readonly field?: string;

  constructor(
    key: MessageKey,
    exitCode: ExitCode,
    params: MessageParams = {},
    options?: { cause?: unknown; field?: string },
  ) {
    super(translate('en', key, params), options && 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'TobiraError';
    this.key = key;
    this.exitCode = exitCode;
    this.params = params;
    if (options?.field !== undefined) this.field = options.field;
  }

  render(lang: Lang): string {
    return translate(lang, this.key, this.params);
  }
}

export function isTobiraError(value: unknown): value is TobiraError {
  return value instanceof TobiraError;
}

/**
 * Runs `work`, tying a TobiraError it throws to the form field `field` unless the error already names its own (the
 * secret's parser knows nothing of forms; its caller knows which field it read).
 */
export function inField<T>(field: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!isTobiraError(error) || error.field !== undefined) throw error;
    throw new TobiraError(error.key, error.exitCode, error.params, {
      ...('cause' in error ? { cause: error.cause } : {}),
      field,
    });
  }
}

/** A one-line description of an unknown failure for `error.internal`, without stack or secret-bearing fields. */
export function describeUnknown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
