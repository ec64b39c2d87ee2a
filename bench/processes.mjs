// Child processes for the benchmarks: a clean environment, one timed run, one checked tobira run.
import { spawnSync } from 'node:child_process';

/** process.env without TOBIRA_* (and any other `drop` prefix) or session-bus/display variables, plus `extra`. */
export function cleanEnv(extra, drop = ['TOBIRA_']) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || drop.some((prefix) => key.startsWith(prefix))) continue;
    if (['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs `item.argv` once with `item.env`; a non-zero exit is an error naming `item.label`. */
export function runOnce(item) {
  const [command, ...args] = item.argv;
  const result = spawnSync(command, args, {
    env: item.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`${item.label} exited with ${result.status}: ${result.stderr || result.error?.message}`);
  }
  return result;
}

/** `tobira ARGS` through the built CLI at `cli`, its stdout; a non-zero exit is an error. */
export function runChecked(cli, args, env, input) {
  const result = spawnSync(process.execPath, [cli, ...args], { env, input: input ?? '', encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`tobira ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}
