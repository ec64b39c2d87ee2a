import { beforeEach, describe, expect, it } from 'vitest';
import { addStep, markStep, resetTimings, timeStep, timingSummary } from '../../../electron/core/timings';

describe('process timings (TOBIRA_TIMINGS)', () => {
  beforeEach(() => resetTimings());

  it('sums repeated steps with a count, keeps the first mark, and times failures too', async () => {
    addStep('keychain.get', 2);
    addStep('keychain.get', 3.25);
    markStep('start.main');
    markStep('start.main');
    await expect(timeStep('http.krypton.keys', () => Promise.reject(new Error('refused')))).rejects.toThrow(
      'refused',
    );
    expect(await timeStep('pcsc.transmit', async () => 'ok')).toBe('ok');
    const summary = timingSummary();
    expect(summary).toMatch(
      /^keychain\.get=5\.3ms×2 start\.main=\d+\.\dms http\.krypton\.keys=\d+\.\dms pcsc\.transmit=\d+\.\dms$/,
    );
    expect(Number(/start\.main=([\d.]+)ms/.exec(summary)?.[1])).toBeGreaterThan(0);
  });
});
