import { translate, type Lang, type MessageKey, type MessageParams } from '../../shared/i18n';

/** Exit codes of the CLI contract (docs/architecture.md §5). */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  rejected: 3,
  unreachable: 4,
  mfaUnavailable: 5,
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

  constructor(
    key: MessageKey,
    exitCode: ExitCode,
    params: MessageParams = {},
    options?: { cause?: unknown },
  ) {
    super(translate('en', key, params), options);
    this.name = 'TobiraError';
    this.key = key;
    this.exitCode = exitCode;
    this.params = params;
  }

  render(lang: Lang): string {
    return translate(lang, this.key, this.params);
  }
}

export function isTobiraError(value: unknown): value is TobiraError {
  return value instanceof TobiraError;
}

/** A one-line description of an unknown failure for `error.internal`, without stack or secret-bearing fields. */
export function describeUnknown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
