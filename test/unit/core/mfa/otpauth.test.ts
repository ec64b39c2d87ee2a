import { describe, expect, it } from 'vitest';
import { parseTotpInput } from '../../../../electron/core/mfa';
import type { TobiraError } from '../../../../electron/core';

describe('parseTotpInput', () => {
  it('reads a full otpauth URI with label, issuer and parameters', () => {
    const seed = parseTotpInput(
      'otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60',
    );
    expect(seed).toEqual({
      secret: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ',
      params: { algorithm: 'SHA256', digits: 8, period: 60 },
      issuer: 'ACME Co',
      account: 'john.doe@email.com',
    });
  });

  it('applies the defaults (SHA1, 6 digits, 30 s) and takes the issuer from the label', () => {
    expect(parseTotpInput('otpauth://totp/SORACOM:root?secret=jbswy3dpehpk3pxp')).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      params: { algorithm: 'SHA1', digits: 6, period: 30 },
      issuer: 'SORACOM',
      account: 'root',
    });
  });

  it('accepts a bare base32 secret with spaces', () => {
    expect(parseTotpInput('  jbsw y3dp ehpk 3pxp \n').secret).toBe('JBSWY3DPEHPK3PXP');
  });

  it.each([
    ['otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1', 'mfa.otpauth.hotp'],
    ['otpauth://totp/x?issuer=nothing', 'mfa.otpauth.noSecret'],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5', 'mfa.otpauth.badParam'],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=10', 'mfa.otpauth.badParam'],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=abc', 'mfa.otpauth.badParam'],
    ['otpauth://totp/x?secret=JBSWY3DPEHPK3PX!', 'mfa.secret.badChar'],
    ['otpauth://foo/x?secret=JBSWY3DPEHPK3PXP', 'mfa.otpauth.malformed'],
    ['otpauth://totp/%E0%A4%A?secret=JBSWY3DPEHPK3PXP', 'mfa.otpauth.malformed'],
  ])('rejects %s with %s', (uri, key) => {
    expect(() => parseTotpInput(uri)).toThrowError(
      expect.objectContaining({ key, exitCode: 2 }) as TobiraError,
    );
  });
});
