import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ExitCode, TobiraError } from '../errors';

/**
 * Runs `tobira exec`'s command with the credentials in its environment, without a shell, and returns its exit code
 * (128 + N when a signal ended it). A command that cannot be started is reported as shells and aws-vault do: 127
 * when there is nothing to run (not found, or its #! interpreter is missing), 126 when it is there but cannot run.
 */
export function runChild(argv: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  const [file = '', ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'inherit', env, shell: false });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    let failed = false;
    child.on('error', (error: NodeJS.ErrnoException) => {
      failed = true;
      process.off('SIGINT', forward).off('SIGTERM', forward);
      reject(startError(file, error));
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      if (!failed) resolve(code ?? (signal ? 128 + (signalNumber(signal) ?? 0) : 1));
    });
  });
}

function startError(file: string, error: NodeJS.ErrnoException): TobiraError {
  const detail = error.code ?? '';
  if (error.code === 'ENOENT') {
    // execve says ENOENT both for a missing file and for a script whose #! interpreter is missing.
    const key = file.includes('/') && existsSync(file) ? 'cli.exec.interpreterMissing' : 'cli.exec.notFound';
    return new TobiraError(key, ExitCode.commandNotFound, { command: file }, { cause: error });
  }
  return new TobiraError(
    'cli.exec.cannotRun',
    ExitCode.commandCannotRun,
    { command: file, detail },
    { cause: error },
  );
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }[signal as string];
}
