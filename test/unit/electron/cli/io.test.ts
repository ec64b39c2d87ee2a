import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputReader, type CliIo, type Terminal } from '../../../../electron/cli/io';

function io(stdinText = 'line-from-stdin\n'): CliIo & { stderrText: () => string } {
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    stdin,
    stdout: new PassThrough(),
    stderr,
    env: {},
    selfPath: '/usr/bin/tobira',
    stderrText: () => text,
  };
}

function fakeTerminal(answer: string): Terminal & { shown: () => string; closed: () => boolean } {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  let closed = false;
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  setTimeout(() => input.write(`${answer}\n`), 10);
  return { input, output, close: () => (closed = true), shown: () => shown, closed: () => closed };
}

describe('InputReader.terminalSecret (the file store passphrase)', () => {
  it('asks on the controlling terminal when stdin and stderr belong to another program, and leaves stdin alone', async () => {
    const terminal = fakeTerminal('typed-at-terminal');
    const cli = io();
    const reader = new InputReader(cli, () => terminal);
    expect(await reader.terminalSecret('Passphrase: ')).toBe('typed-at-terminal');
    expect(terminal.shown()).toContain('Passphrase:');
    expect(terminal.closed()).toBe(true);
    expect(cli.stderrText()).toBe('');
    // stdin still carries the command's own secret line.
    expect(await reader.secret('Secret: ')).toBe('line-from-stdin');
  });

  it('is undefined when there is no terminal at all (the caller exits 5)', async () => {
    const reader = new InputReader(io(), () => undefined);
    expect(await reader.terminalSecret('Passphrase: ')).toBeUndefined();
  });
});
