import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait';

export interface KeyringSession {
  /** Environment that points a process at this private session bus and its unlocked gnome-keyring. */
  env: Record<string, string>;
  /** Locks every collection, as a screen lock would; later keychain calls fail with "locked". */
  lock(): void;
  stop(): Promise<void>;
}

/**
 * A private D-Bus session bus with gnome-keyring's Secret Service, unlocked (docs/architecture.md §8). The bus gets no
 * DISPLAY, so a locked keyring fails fast instead of opening an unlock dialog that would hang the tests.
 */
export async function startKeyring(password = 'tobira-test-keyring'): Promise<KeyringSession> {
  const root = mkdtempSync(join(tmpdir(), 'tobira-keyring-'));
  const runtime = join(root, 'run');
  spawnSync('mkdir', ['-m', '700', '-p', runtime]);
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, HOME: root, XDG_RUNTIME_DIR: runtime };
  delete baseEnv.DISPLAY;
  delete baseEnv.WAYLAND_DISPLAY;

  const bus: ChildProcess = spawn(
    'dbus-daemon',
    ['--session', '--nofork', '--nopidfile', '--print-address=1'],
    {
      env: baseEnv,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  let address = '';
  bus.stdout?.on('data', (chunk: Buffer) => (address += chunk.toString()));
  await waitFor(() => address.includes('\n'), 10_000, 'dbus-daemon did not print its address');
  const busAddress = address.trim().split('\n')[0] as string;

  const env = { HOME: root, XDG_RUNTIME_DIR: runtime, DBUS_SESSION_BUS_ADDRESS: busAddress };
  const daemon = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--daemonize'], {
    env: { ...baseEnv, ...env },
    input: password,
    encoding: 'utf8',
  });
  if (daemon.status !== 0) throw new Error(`gnome-keyring-daemon failed: ${daemon.stderr}`);
  const pidLine = daemon.stdout.split('\n').find((line) => line.startsWith('GNOME_KEYRING_PID='));
  const keyringPid = pidLine ? Number(pidLine.split('=')[1]) : undefined;

  writeFileSync(join(root, 'README'), 'Scratch home for a Tobira test keyring; deleted after the run.\n');
  return {
    env,
    lock() {
      const result = spawnSync(
        'dbus-send',
        [
          '--session',
          '--print-reply',
          '--dest=org.freedesktop.secrets',
          '/org/freedesktop/secrets',
          'org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface.LockAll',
        ],
        { env: { ...baseEnv, ...env }, encoding: 'utf8' },
      );
      if (result.status !== 0) {
        // Fallback: the standard Lock call on the default collection.
        spawnSync(
          'dbus-send',
          [
            '--session',
            '--print-reply',
            '--dest=org.freedesktop.secrets',
            '/org/freedesktop/secrets',
            'org.freedesktop.Secret.Service.Lock',
            'array:objpath:/org/freedesktop/secrets/collection/login',
          ],
          { env: { ...baseEnv, ...env } },
        );
      }
    },
    async stop() {
      if (keyringPid) {
        try {
          process.kill(keyringPid);
        } catch {
          // already gone
        }
      }
      bus.kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
