import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatKey, generateKey, parseKey } from '../../../electron/core/providers/auth0/key';
import { assertCleanError, fuzz, nastyString, outcome, recordCasesOf } from './support';

recordCasesOf(import.meta.filename);

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const id = fc.string({ unit: fc.constantFrom(...BASE32), minLength: 12, maxLength: 12 });
const secret = fc.string({ unit: fc.constantFrom(...BASE62), minLength: 32, maxLength: 32 });

describe('Auth0 API keys (fuzz)', () => {
  it('formatKey → parseKey round-trips every id and secret, with surrounding whitespace too', async () => {
    await fuzz(
      'auth0: API key round trip',
      fc.tuple(id, secret, fc.constantFrom('', ' ', '\n', '\t \r\n')),
      ([kid, sec, space]) => {
        const key = formatKey(kid, sec);
        expect(key).toMatch(/^tbk_[a-z2-7]{12}_[0-9A-Za-z]{38}$/);
        expect(parseKey(`${space}${key}${space}`)).toEqual({ id: kid, secret: sec, key });
      },
      { numRuns: 1000 },
    );
  });

  it('any single-character change of a real key is refused offline (exit 2), and the error never shows the secret', async () => {
    await fuzz(
      'auth0: mistyped API key',
      fc.tuple(fc.nat(), fc.constantFrom(...BASE62, '_', '-', ' ', 'é')),
      ([at, replacement]) => {
        const { key, secret: sec } = generateKey();
        const index = 4 + (at % (key.length - 4)); // the prefix "tbk_" aside
        if (key[index] === replacement) return;
        const damaged = `${key.slice(0, index)}${replacement}${key.slice(index + 1)}`;
        const result = (() => {
          try {
            return parseKey(damaged);
          } catch (error) {
            return error;
          }
        })();
        const error = assertCleanError(result, [sec, damaged.slice(17, 49)]);
        expect(['auth0.key.shape', 'auth0.key.checksum']).toContain(error.key);
        expect(error.exitCode).toBe(2);
      },
      { numRuns: 1000 },
    );
  });

  it('random text is a key or a clear auth0.key.* usage error', async () => {
    await fuzz(
      'auth0: API key text',
      fc.oneof(
        nastyString(60),
        fc
          .tuple(id, secret, fc.string({ unit: fc.constantFrom(...BASE62), minLength: 6, maxLength: 6 }))
          .map(([kid, sec, crc]) => `tbk_${kid}_${sec}${crc}`),
      ),
      async (text) => {
        const result = await outcome(() => parseKey(text));
        if (result.ok) expect(formatKey(result.value.id, result.value.secret)).toBe(result.value.key);
        else expect(assertCleanError(result.error).key).toMatch(/^auth0\.key\./);
      },
      { numRuns: 1000 },
    );
  });
});
