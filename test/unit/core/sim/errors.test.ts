import { describe, expect, it } from 'vitest';
import { ExitCode, TobiraError } from '../../../../electron/core/errors';
import { fromPcscError, simErrors } from '../../../../electron/core/sim/errors';
import { simMessages } from '../../../../shared/i18n/catalog/sim';

// The smartcard binding rejects with plain Errors carrying pcsc-lite's text (src/pcsc_errors.h), no code.
describe('fromPcscError', () => {
  it('turns "service not running" into a how-to-fix message, with or without a reader', () => {
    for (const reader of [undefined, 'Reader 0']) {
      const error = fromPcscError(new Error('PC/SC service not running'), reader);
      expect(error.key).toBe('sim.pcsc.unavailable');
      expect(error.exitCode).toBe(ExitCode.error);
      expect(error.message).toContain('pcscd');
      expect(error.render('ja')).toContain('pcscd');
    }
    expect(fromPcscError(new Error('PC/SC service stopped')).key).toBe('sim.pcsc.unavailable');
  });

  it('maps a missing card to sim.card.absent, one pulled mid-operation to sim.card.removed', () => {
    for (const text of ['Card was removed', 'Card was reset']) {
      expect(fromPcscError(new Error(text), 'R')).toMatchObject({
        key: 'sim.card.removed',
        params: { reader: 'R' },
      });
    }
    expect(fromPcscError(new Error('Reader unavailable'), 'R').key).toBe('sim.reader.gone');
    expect(fromPcscError(new Error('No readers available')).key).toBe('sim.reader.none');
    for (const text of ['No smart card present', 'Card is unpowered']) {
      expect(fromPcscError(new Error(text), 'R')).toMatchObject({
        key: 'sim.card.absent',
        params: { reader: 'R' },
      });
    }
  });

  it('maps a sharing violation to sim.card.busy', () => {
    expect(fromPcscError(new Error('Sharing violation'), 'R').key).toBe('sim.card.busy');
  });

  it('keeps the PC/SC text for anything else', () => {
    const error = fromPcscError(new Error('Transaction failed'), 'R');
    expect(error).toMatchObject({
      key: 'sim.transmit.failed',
      params: { reader: 'R', detail: 'Transaction failed' },
    });
    expect(fromPcscError(new Error('Unknown reader')).key).toBe('sim.pcsc.failed');
  });

  it('passes a TobiraError through unchanged', () => {
    const original = simErrors.noReader();
    expect(fromPcscError(original, 'R')).toBe(original);
  });

  it('formats status words and timeouts', () => {
    expect(simErrors.unexpectedStatus('R', 'SELECT MF', 0x6f00).params.sw).toBe('6F00');
    expect(simErrors.timeout('connect', 5_000).params.seconds).toBe(5);
    expect(simErrors.pcscUnavailable()).toBeInstanceOf(TobiraError);
  });
});

describe('sim message catalog', () => {
  const placeholders = (text: string): string[] =>
    [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

  it('has the same placeholders in English and Japanese', () => {
    for (const [key, { en, ja }] of Object.entries(simMessages)) {
      expect(en.length, key).toBeGreaterThan(0);
      expect(placeholders(ja), key).toEqual(placeholders(en));
    }
  });
});
