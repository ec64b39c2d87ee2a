import { ExitCode, TobiraError } from '../errors';
import type { Env } from '../home';

/** How long a YubiKey waits for a touch before it answers "timed out" (about 15 s). */
export const DEFAULT_TOUCH_TIMEOUT_MS = 15_000;

/**
 * How long Tobira shows the touch request and waits for it: TOBIRA_YUBIKEY_TOUCH_SECONDS (whole seconds, 1–120), else
 * the key's own wait. When it passes first, the wait ends as a touch timeout even if the key has not given up yet.
 */
export function touchTimeoutMs(env: Env): number {
  const raw = env.TOBIRA_YUBIKEY_TOUCH_SECONDS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_TOUCH_TIMEOUT_MS;
  if (!/^\d{1,3}$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > 120) {
    throw new TobiraError('profile.invalidField', ExitCode.usage, {
      field: 'TOBIRA_YUBIKEY_TOUCH_SECONDS',
      detail: 'whole seconds, 1–120',
    });
  }
  return Number(raw) * 1000;
}

/**
 * Runs `work` (a code from the key) and lets it be abandoned early: the person cancelled the touch request, or its
 * time passed. An abandoned CALCULATE is left to end on its own (the key gives up by itself); its answer is ignored.
 */
export function abandonable<T>(work: (abandon: (error: Error) => void) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    work(reject).then(resolve, reject);
  });
}
