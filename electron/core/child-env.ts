import type { Env } from './home';

/**
 * What a child process is for:
 * - `exec`: the user's command, run with a session's credentials (`tobira exec NAME -- CMD`);
 * - `code-command`: the `mfa set --command` program that prints an MFA code (e.g. `op item get X --otp`);
 * - `browser`: the program that opens a URL (TOBIRA_BROWSER or the platform's opener), and so everything a
 *   long-lived browser starts later;
 * - `tool`: a system program Tobira runs for itself (`ss`, `ps`).
 */
export type ChildPurpose = 'exec' | 'code-command' | 'browser' | 'tool';

/**
 * Tobira's own variables a child may keep, by purpose. Every other `TOBIRA_*` variable is Tobira's business and
 * never reaches a child: `TOBIRA_PASSPHRASE` above all, but also the secret-store choice, endpoints, debug and test
 * knobs. An `exec` child keeps `TOBIRA_HOME` (a folder name, no secret), so a `tobira` run inside it finds the same
 * profiles; `TOBIRA_PROFILE` is set by `exec` itself after scrubbing (the nesting guard). A code command, a
 * browser and a tool need nothing of Tobira's.
 */
const KEPT: Record<ChildPurpose, ReadonlySet<string>> = {
  exec: new Set(['TOBIRA_HOME']),
  'code-command': new Set(),
  browser: new Set(),
  tool: new Set(),
};

/**
 * The environment for a child: the user's ordinary environment (PATH, HOME, DISPLAY, a password manager's session
 * variables, ...) minus Tobira's internal variables. Names are compared case-insensitively, as Windows does.
 * Credentials are added by the caller (only `exec` does); nothing here ever adds a secret.
 */
export function childEnv(purpose: ChildPurpose, env: Env): Record<string, string> {
  const kept = KEPT[purpose];
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    if (upper.startsWith('TOBIRA_') && !kept.has(upper)) continue;
    result[name] = value;
  }
  return result;
}
