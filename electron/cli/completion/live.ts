import { buildProgram } from '../program';
import type { CliIo } from '../io';
import { completionSpec } from './spec';
import type { CompletionSpec } from './types';

/** The completion table of the program as it is defined now, in both languages (a silent io: nothing is printed). */
export function liveCompletionSpec(): CompletionSpec {
  const silent = { write: () => true } as unknown as NodeJS.WritableStream;
  const io = {
    stdout: silent,
    stderr: silent,
    stdin: process.stdin,
    env: {},
    selfPath: '',
  } as unknown as CliIo;
  return completionSpec({ en: buildProgram(io, 'en').program, ja: buildProgram(io, 'ja').program });
}
