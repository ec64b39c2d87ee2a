import type { T } from './i18n';
import { timeLeftOf, twoDigits } from '../../shared/time-left';

/** "2h 05m" / "4m 10s" style time left, in the UI's language; empty when already past. */
export function timeLeft(t: T, expiration: string | null, now: number): string {
  if (!expiration) return '';
  const { seconds, hours, minutes, restSeconds } = timeLeftOf(expiration, now);
  if (seconds === 0) return '';
  if (hours > 0) return t('ui.time.hm', { h: hours, m: twoDigits(minutes) });
  return t('ui.time.ms', { m: minutes, s: twoDigits(restSeconds) });
}

/** "11h 59m" / "42m" / "<1m": the list's time left, to the minute so that the list stays still. */
export function shortTimeLeft(t: T, expiration: string | null, now: number): string {
  if (!expiration) return '';
  const { seconds, hours, minutes } = timeLeftOf(expiration, now);
  if (seconds === 0) return '';
  if (hours > 0) return t('ui.time.hm', { h: hours, m: twoDigits(minutes) });
  return minutes > 0 ? t('ui.time.m', { m: minutes }) : t('ui.time.underMinute');
}
