import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../../electron/core/errors';
import {
  formatKey,
  generateKey,
  newSecret,
  parseKey,
} from '../../../../../electron/core/providers/auth0/key';

function refusal(text: string): TobiraError {
  try {
    parseKey(text);
  } catch (error) {
    if (error instanceof TobiraError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('Auth0 API key format (tbk_<kid>_<secret><crc6>)', () => {
  it('generates keys that parse back to their id and secret, 55 characters, ≤ 72 bytes of password', () => {
    for (let index = 0; index < 200; index += 1) {
      const generated = generateKey();
      expect(generated.key).toMatch(/^tbk_[a-z2-7]{12}_[0-9A-Za-z]{38}$/);
      expect(generated.key).toHaveLength(55);
      expect(parseKey(generated.key)).toEqual(generated);
      expect(Buffer.byteLength(generated.secret)).toBeLessThanOrEqual(72);
    }
  });

  it('secrets pass Auth0 password policies (lower, upper, digit, no 3 identical in a row)', () => {
    for (let index = 0; index < 500; index += 1) {
      const secret = newSecret();
      expect(secret).toMatch(/[a-z]/);
      expect(secret).toMatch(/[A-Z]/);
      expect(secret).toMatch(/\d/);
      expect(secret).not.toMatch(/(.)\1\1/);
    }
  });

  it('the checksum is CRC32 of the body in base62, as in the recommended format', () => {
    expect(formatKey('abcdefghijkl', 'A'.repeat(16) + 'b1'.repeat(8))).toBe(
      formatKey('abcdefghijkl', 'A'.repeat(16) + 'b1'.repeat(8)),
    );
    const key = formatKey('aaaaaaaaaaaa', '0123456789ABCDEFGHIJKLMNOPQRSTUV');
    expect(key.slice(0, -6)).toBe('tbk_aaaaaaaaaaaa_0123456789ABCDEFGHIJKLMNOPQRSTUV');
    expect(key.slice(-6)).toMatch(/^[0-9A-Za-z]{6}$/);
  });

  it('rejects any single-character change with exit 2 (checksum), before anything is sent', () => {
    const { key } = generateKey();
    fc.assert(
      fc.property(
        fc.integer({ min: 17, max: key.length - 1 }),
        fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
        (position, replacement) => {
          fc.pre(key[position] !== replacement);
          const changed = key.slice(0, position) + replacement + key.slice(position + 1);
          const error = refusal(changed);
          expect(error.exitCode).toBe(2);
          expect(error.key).toBe('auth0.key.checksum');
        },
      ),
    );
  });

  it('rejects other shapes (truncated, wrong prefix, spaces inside) as "not a key", exit 2', () => {
    const { key } = generateKey();
    for (const text of [
      key.slice(0, -1),
      `x${key.slice(1)}`,
      `${key.slice(0, 10)} ${key.slice(10)}`,
      '',
      'tbk_',
    ]) {
      const error = refusal(text);
      expect(error.exitCode).toBe(2);
      expect(error.key).toBe('auth0.key.shape');
      expect(error.render('en')).not.toContain(key);
    }
    // Surrounding whitespace from a paste is forgiven.
    expect(parseKey(`  ${key}\n`).key).toBe(key);
  });
});
