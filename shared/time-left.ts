/** Time left until an ISO 8601 expiration, split for display; one definition for the CLI, the tray and the UI. */
export interface TimeLeft {
  /** Whole seconds left, 0 when the moment has passed (or the date does not parse). */
  seconds: number;
  hours: number;
  /** Minutes past the whole hours. */
  minutes: number;
  /** Seconds past the whole minutes. */
  restSeconds: number;
}

export function timeLeftOf(expiration: string, now: number): TimeLeft {
  const seconds = Math.max(0, Math.round((Date.parse(expiration) - now) / 1000)) || 0;
  return {
    seconds,
    hours: Math.floor(seconds / 3600),
    minutes: Math.floor((seconds % 3600) / 60),
    restSeconds: seconds % 60,
  };
}

export const twoDigits = (value: number): string => String(value).padStart(2, '0');

/** "2h05m" above an hour, else "4m10s": the CLI's compact form. */
export function compactTimeLeft(expiration: string, now: number): string {
  const left = timeLeftOf(expiration, now);
  return left.hours > 0
    ? `${left.hours}h${twoDigits(left.minutes)}m`
    : `${left.minutes}m${twoDigits(left.restSeconds)}s`;
}
