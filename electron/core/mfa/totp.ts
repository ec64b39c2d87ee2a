import { totp as otplibTotp } from 'otplib';
import { hotpCreateHmacKey, HashAlgorithms, KeyEncodings } from 'otplib/core';
import type { TotpParams } from '../vault/schema';
import { base32Decode } from './base32';

export const DEFAULT_TOTP_PARAMS: TotpParams = { algorithm: 'SHA1', digits: 6, period: 30 };

const ALGORITHMS = {
  SHA1: HashAlgorithms.SHA1,
  SHA256: HashAlgorithms.SHA256,
  SHA512: HashAlgorithms.SHA512,
} as const;

function instance(params: TotpParams, atSeconds: number) {
  return otplibTotp.create({
    ...otplibTotp.allOptions(),
    algorithm: ALGORITHMS[params.algorithm],
    digits: params.digits,
    step: params.period,
    epoch: atSeconds * 1000,
    window: 0,
    encoding: KeyEncodings.HEX,
    // otplib's TOTP default stretches short keys to the hash size for SHA256/512; authenticator apps and
    // RFC 6238 use the key as given, so take HOTP's identity key function instead.
    createHmacKey: hotpCreateHmacKey,
  });
}

/** The TOTP code of a base32 secret at a moment (Unix seconds), per RFC 6238. */
export function totpCode(secretBase32: string, params: TotpParams, atSeconds: number): string {
  return instance(params, atSeconds).generate(base32Decode(secretBase32).toString('hex'));
}

/** The time step a moment falls in; two codes of the same step are the same code. */
export function totpStep(params: Pick<TotpParams, 'period'>, atSeconds: number): number {
  return Math.floor(atSeconds / params.period);
}

export function secondsLeftInStep(params: Pick<TotpParams, 'period'>, atSeconds: number): number {
  return params.period - (atSeconds % params.period);
}

/** Checks a code against the current step and `window` steps either side (for the fakes, which verify codes). */
export function verifyTotp(
  code: string,
  secretBase32: string,
  params: TotpParams,
  atSeconds: number,
  window = 1,
) {
  for (let offset = -window; offset <= window; offset += 1) {
    if (totpCode(secretBase32, params, atSeconds + offset * params.period) === code) return true;
  }
  return false;
}
