import { spawn } from 'node:child_process';
import { parse } from 'shell-quote';
import { childEnv } from '../child-env';
import { ExitCode, TobiraError } from '../errors';
import type { Env } from '../home';

const COMMAND_TIMEOUT_MS = 60_000;
const CODE_PATTERN = /^\d{6,8}$/;

/**
 * Splits `mfa set --command "op item get X --otp"` into argv once, when it is configured; the command then runs
 * without a shell, so nothing in it is expanded or piped at login time.
 */
export function splitCommand(command: string): string[] {
  const tokens = parse(command);
  const argv: string[] = [];
  for (const token of tokens) {
    if (typeof token !== 'string') throw new TobiraError('mfa.command.shellSyntax', ExitCode.usage);
    argv.push(token);
  }
  if (argv.length === 0) throw new TobiraError('mfa.command.empty', ExitCode.usage);
  return argv;
}

/**
 * Runs the configured code command; its stdout (trimmed) must be one code. Its stderr goes to the user. It gets the
 * user's environment without Tobira's own variables (no TOBIRA_PASSPHRASE): it is there to print a code, nothing more.
 */
export function runCodeCommand(
  argv: readonly string[],
  interactive: boolean,
  env: Env = process.env,
): Promise<string> {
  const [file, ...args] = argv;
  const name = file ?? '';
  return new Promise((resolve, reject) => {
    const child = spawn(name, args, {
      stdio: [interactive ? 'inherit' : 'ignore', 'pipe', 'inherit'],
      timeout: COMMAND_TIMEOUT_MS,
      shell: false,
      env: childEnv('code-command', env),
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (out.length < 4096) out += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new TobiraError('mfa.command.notFound', ExitCode.error, { command: name, detail: error.code ?? '' }),
      );
    });
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(
          new TobiraError('mfa.command.failed', ExitCode.error, {
            command: name,
            status: signal ?? String(code),
          }),
        );
        return;
      }
      const candidate = out.trim();
      if (!CODE_PATTERN.test(candidate)) {
        reject(new TobiraError('mfa.command.badOutput', ExitCode.error, { command: name }));
        return;
      }
      resolve(candidate);
    });
  });
}

export function isValidCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}
