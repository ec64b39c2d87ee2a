import { describe, expect, it } from 'vitest';
import { ExitCode, inField, TobiraError } from '../../../electron/core/errors';

describe('TobiraError field', () => {
  it('is absent unless given', () => {
    expect(new TobiraError('input.secret.empty', ExitCode.usage).field).toBeUndefined();
    expect(new TobiraError('input.secret.empty', ExitCode.usage, {}, { field: 'secret' }).field).toBe(
      'secret',
    );
  });

  it('inField ties an error of the work to the field, keeping its key, params, exit code and cause', () => {
    const cause = new Error('inner');
    const thrown = (() => {
      try {
        return inField('secret', () => {
          throw new TobiraError('mfa.secret.badChar', ExitCode.usage, { char: '!' }, { cause });
        });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(TobiraError);
    expect(thrown).toMatchObject({
      key: 'mfa.secret.badChar',
      params: { char: '!' },
      exitCode: ExitCode.usage,
      field: 'secret',
      cause,
    });
  });

  it('inField keeps a field the error already names, and passes other failures and results through', () => {
    expect(() =>
      inField('secret', () => {
        throw new TobiraError('profile.invalidField', ExitCode.usage, {}, { field: 'domain' });
      }),
    ).toThrow(expect.objectContaining({ field: 'domain' }));
    expect(() =>
      inField('secret', () => {
        throw new TypeError('plain');
      }),
    ).toThrow(TypeError);
    expect(inField('secret', () => 42)).toBe(42);
  });
});
