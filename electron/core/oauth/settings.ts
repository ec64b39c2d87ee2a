import { ExitCode, TobiraError } from '../errors';
import type { Env } from '../home';

/** How long a sign-in waits for the browser (docs/protocols/alibaba.md recommends 5 minutes). */
export const DEFAULT_OAUTH_TIMEOUT_MS = 5 * 60 * 1000;

/** TOBIRA_OAUTH_TIMEOUT_SECONDS overrides the wait (tests, slow SSO chains); otherwise `fallbackMs`. */
export function oauthTimeoutMs(env: Env, fallbackMs = DEFAULT_OAUTH_TIMEOUT_MS): number {
  const raw = env.TOBIRA_OAUTH_TIMEOUT_SECONDS;
  if (raw === undefined || raw.trim() === '') return fallbackMs;
  if (!/^\d{1,5}$/.test(raw.trim()) || Number(raw) < 1) {
    throw new TobiraError('profile.invalidField', ExitCode.usage, {
      field: 'TOBIRA_OAUTH_TIMEOUT_SECONDS',
      detail: 'whole seconds, 1 or more',
    });
  }
  return Number(raw) * 1000;
}

/**
 * TOBIRA_OAUTH_PORTS="FROM-TO" replaces the redirect port range, for an OAuth app registered with other loopback
 * ports and for tests that must not collide with a real sign-in; otherwise the provider's own range.
 */
export function portsFromEnv(env: Env, fallback: readonly number[]): readonly number[] {
  const raw = env.TOBIRA_OAUTH_PORTS;
  if (raw === undefined || raw.trim() === '') return fallback;
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(raw.trim());
  const from = Number(match?.[1]);
  const to = Number(match?.[2] ?? match?.[1]);
  if (!match || from < 1024 || to > 65535 || to < from || to - from > 99) {
    throw new TobiraError('profile.invalidField', ExitCode.usage, {
      field: 'TOBIRA_OAUTH_PORTS',
      detail: 'a port or a range FROM-TO of 1024–65535, at most 100 ports',
    });
  }
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}
