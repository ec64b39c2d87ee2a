import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';

export interface XvfbServer {
  /** e.g. ":99"; pass it as DISPLAY to the one process that should see it (never to dbus-daemon, docs/architecture.md §8). */
  display: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * Starts `Xvfb -screen 0 1280x800x24 -nolisten tcp` on a free display. With -displayfd, Xvfb itself picks the first
 * free display number and writes it to that fd once it accepts connections, so there is no race on the number and
 * no polling for readiness.
 */
export async function startXvfb(options: { screen?: string; fbdir?: string } = {}): Promise<XvfbServer> {
  // -fbdir: the screen is also a memory-mapped XWD file (DIR/Xvfb_screen0), for screenshots of whole windows.
  const extra = options.fbdir ? ['-fbdir', options.fbdir] : [];
  const screen = options.screen ?? '1280x800x24';
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', screen, '-nolisten', 'tcp', ...extra], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(() => undefined);
  try {
    const number = await displayNumber(child);
    let stopped: Promise<void> | undefined;
    return {
      display: `:${number}`,
      stop() {
        stopped ??= stopProcess(child, exited);
        return stopped;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

/** Resolves with what Xvfb writes to fd 3, or rejects with its stderr if it dies or hangs first. */
function displayNumber(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    let written = '';
    const onStderr = (chunk: Buffer): void => {
      stderr += chunk.toString();
    };
    const fail = (reason: string): void => {
      cleanup();
      reject(new Error(`Xvfb ${reason}${stderr ? `:\n${stderr.trim()}` : ''}`));
    };
    const onData = (chunk: Buffer): void => {
      written += chunk.toString();
      if (!written.includes('\n')) return;
      const number = written.trim();
      if (!/^\d+$/.test(number)) return fail(`wrote an unexpected display number "${number}"`);
      cleanup();
      resolve(number);
    };
    const onError = (error: Error): void => fail(`could not be started (${error.message})`);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`exited before it was ready (code ${String(code)}, signal ${String(signal)})`);
    const timer = setTimeout(() => fail(`was not ready after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const displayFd = child.stdio[3] as Readable;
    const cleanup = (): void => {
      clearTimeout(timer);
      displayFd.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
      // Keep draining stderr so a chatty Xvfb never blocks on a full pipe.
      child.stderr?.off('data', onStderr).resume();
    };
    child.stderr?.on('data', onStderr);
    displayFd.on('data', onData);
    child.on('error', onError);
    child.on('exit', onExit);
  });
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
  });
  const result = await Promise.race([exited, gaveUp]);
  clearTimeout(timer);
  if (result === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
