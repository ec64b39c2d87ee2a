import { openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import { ExitCode, TobiraError } from '../core';
import { read } from 'read';
import { assertSecretSize, MAX_SECRET_BYTES, secretTooLarge } from '../core/vault';

/** Everything a command touches outside itself, so tests can drive the CLI in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Absolute path of the running tobira executable, written into tool configs by `link`. */
  selfPath: string;
}

/** The most of a non-TTY stdin kept in memory: room for several secrets of MAX_SECRET_BYTES. */
const MAX_STDIN_CHARS = 4 * MAX_SECRET_BYTES;

/**
 * Reads secrets and answers: one line of a non-TTY stdin per secret (newline stripped), or a hidden prompt on a
 * TTY. Never from argv (docs/architecture.md §5).
 */
export class InputReader {
  private lines: Promise<string[]> | undefined;
  private nextLine = 0;

  constructor(
    private readonly io: CliIo,
    /** The controlling terminal when stdin/stderr are not it (default: /dev/tty); injectable for tests. */
    private readonly openTerminal: () => Terminal | undefined = openControllingTerminal,
  ) {}

  get interactive(): boolean {
    return this.io.stdin.isTTY === true;
  }

  /** A secret over 64 KiB is refused (exit 2) here already, before any command acts on it. */
  async secret(prompt: string): Promise<string> {
    if (this.interactive) {
      const typed = String(
        await read({ prompt, silent: true, replace: '', input: this.io.stdin, output: this.io.stderr }),
      );
      assertSecretSize(typed);
      return typed;
    }
    const lines = await this.allLines();
    const line = lines[this.nextLine] ?? '';
    this.nextLine += 1;
    assertSecretSize(line);
    return line;
  }

  /** A visible answer from the TTY (confirmations, MFA codes); undefined when there is no TTY to ask on. */
  async visible(prompt: string): Promise<string | undefined> {
    if (!this.interactive) return undefined;
    return String(await read({ prompt, input: this.io.stdin, output: this.io.stderr }));
  }

  /**
   * A hidden answer typed at the user's terminal even when stdin, stdout and stderr belong to another program (the
   * file store's passphrase under `aws … credential_process`); undefined when there is no terminal at all.
   */
  async terminalSecret(prompt: string): Promise<string | undefined> {
    if (this.interactive && this.io.stderr.isTTY === true) {
      return askHidden(prompt, this.io.stdin, this.io.stderr);
    }
    const terminal = this.openTerminal();
    if (!terminal) return undefined;
    try {
      return await askHidden(prompt, terminal.input, terminal.output);
    } finally {
      terminal.close();
    }
  }

  private allLines(): Promise<string[]> {
    this.lines ??= new Promise((resolve, reject) => {
      let text = '';
      let overflow = false;
      this.io.stdin.setEncoding('utf8');
      this.io.stdin.on('data', (chunk: string) => {
        // A few secrets fit in this many characters; past it the input is drained to its end (so the writer gets
        // no broken pipe) but not kept, and refused as a secret too large.
        if (overflow || text.length + chunk.length > MAX_STDIN_CHARS) {
          overflow = true;
          text = '';
          return;
        }
        text += chunk;
      });
      this.io.stdin.on('end', () => {
        if (overflow) reject(secretTooLarge());
        else resolve(text.split(/\r?\n/));
      });
      this.io.stdin.on('error', reject);
    });
    return this.lines;
  }
}

/** A terminal to prompt on: where the prompt is written and the hidden answer is typed. */
export interface Terminal {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  close(): void;
}

/**
 * The process's controlling terminal through /dev/tty, as ssh and gpg ask for passphrases: an AWS tool that runs
 * `credential_process` captures our stdout and stderr, but the user still sits at the terminal. Undefined when the
 * process has no controlling terminal (a service, `setsid`, CI) or the platform has no /dev/tty.
 */
export function openControllingTerminal(): Terminal | undefined {
  if (process.platform === 'win32') return undefined;
  let inputFd: number;
  let outputFd: number;
  try {
    inputFd = openSync('/dev/tty', 'r');
    outputFd = openSync('/dev/tty', 'w');
  } catch {
    return undefined;
  }
  const input = new ReadStream(inputFd);
  const output = new WriteStream(outputFd);
  return {
    input,
    output,
    close() {
      input.setRawMode(false);
      input.destroy();
      output.destroy();
    },
  };
}

/** A hidden prompt; Ctrl-C (which reaches readline, not the process, in raw mode) is a clean cancellation. */
async function askHidden(
  prompt: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<string> {
  let answer: string;
  try {
    answer = String(await read({ prompt, silent: true, replace: '', input, output }));
  } catch (error) {
    if (error instanceof Error && error.message === 'canceled') {
      output.write('\n');
      throw new TobiraError('input.cancelled', ExitCode.error);
    }
    throw error;
  }
  // A hidden answer echoes nothing, not even the Enter: end the prompt's line so the next output starts afresh.
  if (output.isTTY === true) output.write('\n');
  return answer;
}
