import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  normaliseBase32Secret,
  totpCode,
  verifyTotp,
} from '../../../../electron/core/mfa';
import { RFC6238_SEEDS, RFC6238_VECTORS } from '../../../harness/rfc6238';
import { TobiraError } from '../../../../electron/core';

describe('totpCode', () => {
  it.each(RFC6238_VECTORS)('RFC 6238 at %i with %s is %s', (time, algorithm, expected) => {
    expect(totpCode(RFC6238_SEEDS[algorithm], { algorithm, digits: 8, period: 30 }, time)).toBe(expected);
  });

  it('makes 6-digit codes and honours a 60 s period', () => {
    const params = { algorithm: 'SHA1' as const, digits: 6, period: 60 };
    const code = totpCode(RFC6238_SEEDS.SHA1, params, 1111111109);
    expect(code).toMatch(/^\d{6}$/);
    expect(totpCode(RFC6238_SEEDS.SHA1, params, 1111111080)).toBe(code); // same 60 s step
    expect(totpCode(RFC6238_SEEDS.SHA1, params, 1111111140)).not.toBe(code);
  });

  it('uses a short key as given for SHA256, as authenticator apps do (no stretching)', () => {
    const shortSeed = RFC6238_SEEDS.SHA1; // 20 bytes
    const sha256 = totpCode(shortSeed, { algorithm: 'SHA256', digits: 8, period: 30 }, 59);
    expect(sha256).not.toBe('46119246'); // what a stretched 32-byte key would give
  });

  it('verifies a code within one step either side only', () => {
    const params = { algorithm: 'SHA1' as const, digits: 8, period: 30 };
    expect(verifyTotp('07081804', RFC6238_SEEDS.SHA1, params, 1111111109 + 30)).toBe(true);
    expect(verifyTotp('07081804', RFC6238_SEEDS.SHA1, params, 1111111109 + 90)).toBe(false);
  });
});

describe('base32 secrets', () => {
  it('round-trips and normalises what users paste', () => {
    expect(base32Decode(base32Encode(Buffer.from('hello world!'))).toString()).toBe('hello world!');
    expect(normaliseBase32Secret('jbsw y3dp ehpk 3pxp')).toBe('JBSWY3DPEHPK3PXP');
    expect(normaliseBase32Secret('JBSWY3DPEHPK3PXP====')).toBe('JBSWY3DPEHPK3PXP');
  });

  it.each([
    ['', 'mfa.secret.empty'],
    ['JBSWY3DPEHPK3PX1', 'mfa.secret.badChar'],
    ['JBSWY3DPEH', 'mfa.secret.badLength'],
    ['JBSWY3DPEHPK3PXPA', 'mfa.secret.badLength'],
  ])('rejects %j with %s', (input, key) => {
    expect(() => normaliseBase32Secret(input)).toThrowError(expect.objectContaining({ key }) as TobiraError);
  });

  it('never echoes the secret in its errors', () => {
    const secret = 'SECRETSECRETSECRETSECRET9';
    try {
      normaliseBase32Secret(secret);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('SECRETSECRET');
    }
  });
});
