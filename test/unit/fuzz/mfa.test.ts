import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  normaliseBase32Secret,
  parseOtpauthUri,
  parseTotpInput,
} from '../../../electron/core/mfa';
import { assertCleanError, fuzz, nastyString, outcome, recordCasesOf } from './support';

recordCasesOf(import.meta.filename);

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const secretBytes = fc.uint8Array({ minLength: 10, maxLength: 64 }).map((array) => Buffer.from(array));

/** encodeURIComponent, except for lone surrogates, which it cannot encode: those go in raw. */
function percent(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

/** otpauth URIs assembled from plausible and hostile parts, so both the happy path and each check are reached. */
const otpauthUri = fc
  .record({
    scheme: fc.constantFrom('otpauth', 'OTPAUTH', 'otpauth', 'http', 'otpauth:'),
    kind: fc.constantFrom('totp', 'TOTP', 'hotp', '', 'x', '[', '%74otp'),
    label: fc.oneof(
      nastyString(30),
      fc.constantFrom('Example:alice@example.com', 'ACME%20Co:bob', '%', '%E0%A4%A'),
    ),
    secret: fc.oneof(secretBytes.map(base32Encode), nastyString(40)),
    params: fc.array(
      fc.tuple(
        fc.constantFrom('secret', 'algorithm', 'digits', 'period', 'issuer', 'counter', 'x'),
        fc.oneof(
          nastyString(12),
          fc.constantFrom(
            'SHA1',
            'sha256',
            'SHA512',
            'MD5',
            '6',
            '8',
            '9',
            '0',
            '30',
            '301',
            '-1',
            '1e3',
            '0030',
          ),
        ),
      ),
      { maxLength: 5 },
    ),
    encode: fc.boolean(),
  })
  .map(({ scheme, kind, label, secret, params, encode }) => {
    const query = [['secret', secret] as const, ...params]
      .map(([key, value]) => `${key}=${encode ? percent(value) : value}`)
      .join('&');
    return `${scheme}://${kind}/${encode ? percent(label) : label}?${query}`;
  });

describe('TOTP input parsers (fuzz)', () => {
  it('parseTotpInput / parseOtpauthUri: anything pasted gives a seed or a clear usage error that never shows the secret', async () => {
    await fuzz(
      'mfa: otpauth:// URI and pasted secret',
      fc.oneof(
        otpauthUri,
        nastyString(80),
        fc.string({ maxLength: 200 }).map((tail) => `otpauth://totp/${tail}`),
      ),
      async (input) => {
        const result = await outcome(() =>
          /^otpauth:/i.test(input.trim()) ? parseOtpauthUri(input.trim()) : parseTotpInput(input),
        );
        if (result.ok) {
          expect(result.value.secret).toMatch(/^[A-Z2-7]{16,}$/);
          expect([6, 7, 8]).toContain(result.value.params.digits);
          expect(result.value.params.period).toBeGreaterThanOrEqual(1);
          expect(result.value.params.period).toBeLessThanOrEqual(300);
          return;
        }
        const error = assertCleanError(result.error);
        expect(error.exitCode).toBe(2);
        // The secret (when it is long enough to be one) is never echoed; a single bad character may be named.
        const secret = /[?&]secret=([^&]*)/.exec(input)?.[1] ?? '';
        if (secret.length >= 4) {
          for (const lang of ['en', 'ja'] as const) expect(error.render(lang)).not.toContain(secret);
        }
      },
      { numRuns: 1500 },
    );
  });

  it('a valid otpauth URI round-trips its secret and parameters', async () => {
    await fuzz(
      'mfa: otpauth:// round trip',
      fc.record({
        secret: secretBytes,
        algorithm: fc.constantFrom('SHA1', 'SHA256', 'SHA512'),
        digits: fc.constantFrom(6, 7, 8),
        period: fc.integer({ min: 1, max: 300 }),
        issuer: fc
          .string({ minLength: 1, maxLength: 20 })
          .filter((text) => text.trim() === text && !text.includes(':')),
        account: fc
          .string({ minLength: 1, maxLength: 20 })
          .filter((text) => text.trim() === text && !text.includes(':')),
      }),
      ({ secret, algorithm, digits, period, issuer, account }) => {
        const encoded = base32Encode(secret);
        const uri = `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(account)}?secret=${encoded}&algorithm=${algorithm}&digits=${digits}&period=${period}&issuer=${encodeURIComponent(issuer)}`;
        const seed = parseOtpauthUri(uri);
        expect(seed).toEqual({ secret: encoded, params: { algorithm, digits, period }, issuer, account });
        expect(base32Decode(seed.secret)).toEqual(secret);
      },
      { numRuns: 500 },
    );
  });

  it('base32: encode → decode is the identity; spacing, case and padding do not matter; junk is a clear error', async () => {
    await fuzz(
      'mfa: base32 round trip',
      fc.tuple(secretBytes, fc.boolean(), fc.nat(4)),
      ([secret, lower, spaced]) => {
        let text = base32Encode(secret);
        if (lower) text = text.toLowerCase();
        if (spaced > 0) text = text.replace(new RegExp(`(.{${spaced + 2}})`, 'g'), '$1 ');
        text += '='.repeat((8 - (base32Encode(secret).length % 8)) % 8);
        expect(base32Decode(text)).toEqual(secret);
        expect(normaliseBase32Secret(text)).toBe(base32Encode(secret));
      },
      { numRuns: 1000 },
    );
    await fuzz(
      'mfa: base32 secret',
      fc.oneof(
        nastyString(60),
        fc.string({ unit: fc.constantFrom(...BASE32, ' ', '=', '1', '8', '0'), maxLength: 60 }),
      ),
      async (input) => {
        const result = await outcome(() => base32Decode(input));
        if (result.ok) expect(base32Encode(result.value)).toBe(normaliseBase32Secret(input));
        else expect(assertCleanError(result.error).key).toMatch(/^mfa\.secret\./);
      },
      { numRuns: 1000 },
    );
  });
});
