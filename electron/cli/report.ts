import { describeUnknown, ExitCode, isTobiraError } from '../core';
import { translate, type Lang } from '../../shared/i18n';
import type { CliIo } from './io';

/** Prints a failure on stderr in the user's language and returns its exit code. No stack, no secret-bearing data. */
export function reportError(
  error: unknown,
  io: CliIo,
  lang: Lang,
  debug = io.env.TOBIRA_DEBUG === '1',
): number {
  if (isTobiraError(error)) {
    io.stderr.write(`tobira: ${error.render(lang)}\n`);
    if (error.exitCode === ExitCode.usage) io.stderr.write(`${translate(lang, 'cli.error.seeHelp')}\n`);
    return error.exitCode;
  }
  io.stderr.write(`tobira: ${translate(lang, 'error.internal', { detail: describeUnknown(error) })}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return ExitCode.error;
}

/** Ends a command with this exit code after it has printed what it had to say (e.g. `doctor` finding problems). */
export class QuietExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
