import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../electron/core';
import { runChild } from '../../../../electron/core/exports';

function scratch(): Record<'missing' | 'notExecutable' | 'folder' | 'badInterpreter' | 'script', string> {
  const dir = mkdtempSync(join(tmpdir(), 'tobira-exec-'));
  const paths = {
    missing: join(dir, 'nope'),
    notExecutable: join(dir, 'not-executable'),
    folder: join(dir, 'folder'),
    badInterpreter: join(dir, 'bad-interpreter'),
    script: join(dir, 'script'),
  };
  writeFileSync(paths.notExecutable, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
  mkdirSync(paths.folder);
  writeFileSync(paths.badInterpreter, '#!/nonexistent/interpreter\n');
  chmodSync(paths.badInterpreter, 0o755);
  writeFileSync(paths.script, '#!/bin/sh\nexit 7\n');
  chmodSync(paths.script, 0o755);
  return paths;
}

/** What a POSIX shell answers for the same command: the reference for the exit codes. */
function shellCode(command: string): number | null {
  return spawnSync('bash', ['-c', '"$0"', command], { stdio: 'ignore' }).status;
}

async function failure(argv: string[]): Promise<TobiraError> {
  const error: unknown = await runChild(argv, process.env).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TobiraError)) throw new Error(`expected a TobiraError, got ${String(error)}`);
  return error;
}

describe('runChild (tobira exec): exit codes as in shells and aws-vault', () => {
  it('passes the child’s own exit code through', async () => {
    const paths = scratch();
    expect(await runChild([paths.script], process.env)).toBe(7);
  });

  it('127 for a command that is not there, on PATH or by path, or whose #! interpreter is missing', async () => {
    const paths = scratch();
    for (const [command, key] of [
      ['tobira-no-such-command-xyz', 'cli.exec.notFound'],
      [paths.missing, 'cli.exec.notFound'],
      [paths.badInterpreter, 'cli.exec.interpreterMissing'],
    ] as const) {
      const error = await failure([command]);
      expect({ key: error.key, exitCode: error.exitCode }).toEqual({ key, exitCode: 127 });
      expect(shellCode(command)).toBe(127);
      expect(error.render('en')).toContain(command);
    }
  });

  it('126 for a command that is there but cannot run (not executable, a folder)', async () => {
    const paths = scratch();
    for (const command of [paths.notExecutable, paths.folder]) {
      const error = await failure([command]);
      expect({ key: error.key, exitCode: error.exitCode }).toEqual({
        key: 'cli.exec.cannotRun',
        exitCode: 126,
      });
      expect(shellCode(command)).toBe(126);
      expect(error.render('en')).toMatch(/not executable/);
    }
  });
});
