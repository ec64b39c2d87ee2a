import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI_PATH = resolve(import.meta.dirname, '../../out/cli/tobira.mjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  home?: string;
  /** Written to stdin, then stdin is closed (a non-TTY stdin, as in a pipe); `null` leaves stdin open. */
  input?: string | null;
  env?: Record<string, string | undefined>;
  /** A command that runs node for us, e.g. ['faketime', '-f', '+1h'] to move the CLI's clock. */
  wrapper?: readonly string[];
  /** Run in a new session (setsid): no controlling terminal, as under cron, a service or a CI runner. */
  noTerminal?: boolean;
}

/** Runs the built `tobira` as a user would, in a child process with a pipe for stdin. */
export function runTobira(args: readonly string[], run: CliRun = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnTobira(args, run);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

export function spawnTobira(args: readonly string[], run: CliRun = {}) {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build first`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, LANG: 'C.UTF-8', LC_ALL: '', ...run.env })) {
    if (value !== undefined) env[key] = value;
  }
  if (run.home) env.TOBIRA_HOME = run.home;
  const [command, ...prefix] = [...(run.wrapper ?? []), process.execPath, CLI_PATH, ...args];
  const child = spawn(command ?? process.execPath, prefix, {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: run.noTerminal === true,
  });
  if (run.input !== null) child.stdin.end(run.input ?? '');
  return child;
}

export function tempHome(prefix = 'tobira-test-'): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), 'home');
}

/** The file-store environment used by tests that do not exercise the keychain. */
export const FILE_STORE_ENV = {
  TOBIRA_SECRET_STORE: 'file',
  TOBIRA_PASSPHRASE: 'test-passphrase-1',
} as const;

/** A loopback port nothing listens on (bound, then released), for "service down" tests. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** COUNT different such ports (all bound at once, then released), e.g. a loopback redirect port range. */
export async function closedPorts(count: number): Promise<number[]> {
  const { createServer } = await import('node:net');
  const servers = Array.from({ length: count }, () => createServer());
  await Promise.all(
    servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  return ports;
}
