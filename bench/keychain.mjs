// A private keychain for the benchmark scripts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A private session bus with an unlocked gnome-keyring in `scratch`, as test/harness/keyring.ts does (a .mjs cannot
 * import the .ts). The bus never sees DISPLAY, so a locked keyring fails instead of opening a prompt
 * (docs/architecture.md §8). Returns `{ env, stop, note }`, or only `{ note }` saying why there is none.
 */
export async function startKeychain(scratch, baseEnv) {
  const missing = ['dbus-daemon', 'gnome-keyring-daemon'].filter(
    (tool) => spawnSync('which', [tool]).status !== 0,
  );
  if (missing.length > 0) return { note: `not measured: ${missing.join(', ')} not installed` };
  const root = join(scratch, 'keyring');
  const runtime = join(root, 'run');
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  const env = { ...baseEnv, HOME: root, XDG_RUNTIME_DIR: runtime };
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const address = await new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(undefined), 10_000);
    bus.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(text.split('\n')[0].trim());
      }
    });
    bus.on('exit', () => resolve(undefined));
  });
  if (!address) {
    bus.kill();
    return { note: 'not measured: dbus-daemon did not start' };
  }
  const sessionEnv = { HOME: root, XDG_RUNTIME_DIR: runtime, DBUS_SESSION_BUS_ADDRESS: address };
  const daemon = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--daemonize'], {
    env: { ...env, ...sessionEnv },
    input: 'bench-keyring',
    encoding: 'utf8',
  });
  const pid = Number(/GNOME_KEYRING_PID=(\d+)/.exec(daemon.stdout ?? '')?.[1]);
  const stop = () => {
    if (pid) {
      try {
        process.kill(pid);
      } catch {
        // already gone
      }
    }
    bus.kill();
  };
  if (daemon.status !== 0) {
    stop();
    return { note: `not measured: gnome-keyring-daemon failed: ${daemon.stderr}` };
  }
  return {
    env: sessionEnv,
    stop,
    note: 'private dbus-daemon + gnome-keyring-daemon (Secret Service), unlocked',
  };
}
