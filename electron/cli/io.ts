import { read } from 'read';
import { assertSecretSize, MAX_SECRET_BYTES, secretTooLarge } from '../core/vault';

/** Everything a command touches outside itself, so tests can drive the CLI in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
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

  constructor(private readonly io: CliIo) {}

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
