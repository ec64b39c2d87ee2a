import { read } from 'read';

/** Everything a command touches outside itself, so tests can drive the CLI in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Absolute path of the running tobira executable, written into tool configs by `link`. */
  selfPath: string;
}

/**
 * Reads secrets and answers: one line of a non-TTY stdin per secret (newline stripped), or a hidden prompt on a
 * TTY. Never from argv (design.md §3).
 */
export class InputReader {
  private lines: Promise<string[]> | undefined;
  private nextLine = 0;

  constructor(private readonly io: CliIo) {}

  get interactive(): boolean {
    return this.io.stdin.isTTY === true;
  }

  async secret(prompt: string): Promise<string> {
    if (this.interactive) {
      return String(
        await read({ prompt, silent: true, replace: '', input: this.io.stdin, output: this.io.stderr }),
      );
    }
    const lines = await this.allLines();
    const line = lines[this.nextLine] ?? '';
    this.nextLine += 1;
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
      this.io.stdin.setEncoding('utf8');
      this.io.stdin.on('data', (chunk: string) => (text += chunk));
      this.io.stdin.on('end', () => resolve(text.split(/\r?\n/)));
      this.io.stdin.on('error', reject);
    });
    return this.lines;
  }
}
