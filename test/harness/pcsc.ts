import { execFile, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { waitFor } from './wait';

export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
export const VIRTUAL_READERS = ['Virtual PCD 00 00', 'Virtual PCD 00 01'] as const;

export interface Pcscd {
  stop(): Promise<void>;
}

/** True when something accepts connections on pcscd's socket (a stale socket file refuses them). */
export function pcscdAnswers(path = PCSCD_SOCKET): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The reader names pcscd reports, through pcsc-tools (no native binding in the vitest main process). */
function listReaderNames(): Promise<string[]> {
  return new Promise((resolve) => {
    execFile('pcsc_scan', ['-r'], { timeout: 3_000 }, (error, stdout) => {
      if (error) return resolve([]);
      resolve(
        stdout
          .split('\n')
          .map((line) => /^\d+: (.+)$/.exec(line.trim())?.[1])
          .filter((name): name is string => name !== undefined),
      );
    });
  });
}

/**
 * pcscd with the vsmartcard-vpcd driver (docs/architecture.md §8), once per test run. A pcscd that already answers (a
 * developer's own, or one left by an earlier run) is reused and left running.
 */
export async function startPcscd(): Promise<Pcscd> {
  if (await pcscdAnswers()) {
    await waitForVirtualReaders();
    return { stop: async () => {} };
  }
  const child = spawn('pcscd', ['-f'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (error) => {
      exited = true;
      output += String(error);
      resolve();
    });
  });

  try {
    await waitFor(
      async () => {
        if (exited) throw new Error('pcscd exited during start-up');
        return (await pcscdAnswers()) && hasVirtualReaders(await listReaderNames());
      },
      10_000,
      'pcscd did not list the vpcd readers',
      50,
    );
  } catch (error) {
    child.kill('SIGKILL');
    await exit;
    throw new Error(`${error instanceof Error ? error.message : String(error)}; pcscd output:\n${output}`, {
      cause: error,
    });
  }

  return {
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

function hasVirtualReaders(names: readonly string[]): boolean {
  return VIRTUAL_READERS.every((name) => names.includes(name));
}

async function waitForVirtualReaders(): Promise<void> {
  let names: string[] = [];
  try {
    await waitFor(
      async () => hasVirtualReaders((names = await listReaderNames())),
      10_000,
      'no vpcd readers',
    );
  } catch {
    throw new Error(
      `The running pcscd does not list the vpcd readers (${VIRTUAL_READERS.join(', ')}); it lists: ` +
        `${names.join(', ') || 'nothing'}. Is vsmartcard-vpcd installed?`,
    );
  }
}
