import type { T } from './i18n';

/** "2h 05m" / "4m 10s" style time left, in the UI's language; empty when already past. */
export function timeLeft(t: T, expiration: string | null, now: number): string {
  if (!expiration) return '';
  const seconds = Math.max(0, Math.round((Date.parse(expiration) - now) / 1000));
  if (seconds === 0) return '';
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours > 0) return t('ui.time.hm', { h: hours, m: String(minutes).padStart(2, '0') });
  return t('ui.time.ms', { m: minutes, s: String(seconds % 60).padStart(2, '0') });
}

/** "11h 59m" / "42m" / "<1m": the list's time left, to the minute so that the list stays still. */
export function shortTimeLeft(t: T, expiration: string | null, now: number): string {
  if (!expiration) return '';
  const seconds = Math.max(0, Math.round((Date.parse(expiration) - now) / 1000));
  if (seconds === 0) return '';
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours > 0) return t('ui.time.hm', { h: hours, m: String(minutes).padStart(2, '0') });
  return minutes > 0 ? t('ui.time.m', { m: minutes }) : t('ui.time.underMinute');
}
