import { describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, runTobira, tempHome } from '../../harness/cli';
import { RFC6238_SEEDS, RFC6238_VECTORS } from '../../harness/rfc6238';

const uri = (algorithm: string) =>
  `otpauth://totp/RFC:${algorithm}?secret=${RFC6238_SEEDS[algorithm as 'SHA1']}&algorithm=${algorithm}&digits=8`;

describe('tobira otp --at (RFC 6238 Appendix B), keychain store', () => {
  const home = tempHome();

  it('adds one totp profile per algorithm', async () => {
    for (const algorithm of ['SHA1', 'SHA256', 'SHA512']) {
      const result = await runTobira(['profile', 'add', `rfc-${algorithm}`, '--type', 'totp'], {
        home,
        input: `${uri(algorithm)}\n`,
      });
      expect(result.stderr).toContain(`Added profile rfc-${algorithm}`);
      expect(result.code).toBe(0);
    }
  });

  it.each(RFC6238_VECTORS)('at %i with %s prints exactly %s', async (time, algorithm, expected) => {
    const result = await runTobira(['otp', `rfc-${algorithm}`, '--at', String(time)], { home });
    expect(result).toMatchObject({ code: 0, stdout: `${expected}\n` });
  });
});

describe('tobira otp, file store and MFA secrets', () => {
  it('prints the code of a profile MFA secret set with mfa set', async () => {
    const home = tempHome();
    const env = FILE_STORE_ENV;
    await runTobira(['profile', 'add', 'base', '--type', 'totp'], {
      home,
      env,
      input: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n',
    });
    await runTobira(['profile', 'add', 'acct', '--type', 'totp'], { home, env, input: `${uri('SHA1')}\n` });
    const noMfa = await runTobira(['otp', 'acct', '--at', '59'], { home, env });
    expect(noMfa.stdout).toBe('94287082\n');

    const set = await runTobira(['mfa', 'set', 'base'], { home, env, input: `${uri('SHA256')}\n` });
    expect(set.code).toBe(0);
    const json = await runTobira(['profile', 'show', 'base', '--json'], { home, env });
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'base', mfa: 'totp' });
  });

  it('refuses --at that is not Unix seconds (exit 2) and an unknown profile (exit 1)', async () => {
    const home = tempHome();
    expect((await runTobira(['otp', 'x', '--at', 'yesterday'], { home })).code).toBe(2);
    const missing = await runTobira(['otp', 'nope'], { home });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No profile named nope');
  });

  it('--json gives the code and the moment', async () => {
    const home = tempHome();
    await runTobira(['profile', 'add', 'x', '--type', 'totp'], {
      home,
      env: FILE_STORE_ENV,
      input: `${uri('SHA1')}\n`,
    });
    const result = await runTobira(['--json', 'otp', 'x', '--at', '59'], { home, env: FILE_STORE_ENV });
    expect(JSON.parse(result.stdout)).toEqual({
      profile: 'x',
      code: '94287082',
      at: '1970-01-01T00:00:59.000Z',
    });
  });
});
