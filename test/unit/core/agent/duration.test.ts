import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, parseDuration } from '../../../../electron/core/agent/duration';

describe('parseDuration (tobira agent --idle-timeout / --lifetime)', () => {
  it('reads seconds, minutes, hours, days and combinations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('8h')).toBe(8 * 3_600_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
  });

  it('refuses what is not a positive duration a timer can wait', () => {
    for (const text of ['', '8', 'h', '8 hours', '-1h', '1.5h', '0s', '0h0m', '25d', '1w']) {
      expect(parseDuration(text), text).toBeUndefined();
    }
    expect(parseDuration('24d')).toBeLessThanOrEqual(MAX_DURATION_MS);
  });
});
