import { describe, expect, it } from 'vitest';
import { compactTimeLeft, timeLeftOf } from '../../../shared/time-left';

const NOW = Date.parse('2026-05-01T00:00:00Z');

describe('time left, one definition for the CLI, the tray and the UI', () => {
  it('splits into hours, minutes and seconds', () => {
    expect(timeLeftOf('2026-05-01T02:03:04Z', NOW)).toEqual({
      seconds: 7384,
      hours: 2,
      minutes: 3,
      restSeconds: 4,
    });
  });

  it('is zero once the moment has passed, and for a date that does not parse', () => {
    expect(timeLeftOf('2026-04-30T23:00:00Z', NOW).seconds).toBe(0);
    expect(timeLeftOf('not a date', NOW).seconds).toBe(0);
  });

  it('prints the compact form the CLI shows', () => {
    expect(compactTimeLeft('2026-05-01T02:03:04Z', NOW)).toBe('2h03m');
    expect(compactTimeLeft('2026-05-01T00:04:09Z', NOW)).toBe('4m09s');
    expect(compactTimeLeft('2026-04-30T00:00:00Z', NOW)).toBe('0m00s');
  });
});
