import { ExitCode, TobiraError } from '../errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Base32 lengths (mod 8) that end on a whole byte; 1, 3 and 6 leave stray bits and mean a mistyped secret. */
const VALID_REMAINDERS = new Set([0, 2, 4, 5, 7]);
const MIN_CHARS = 16; // 80 bits: the shortest secret real services hand out

/**
 * Normalises a TOTP secret as users paste it (spaces, lower case, `=` padding) and rejects what is not base32.
 * Hand-written because otplib's decoder silently drops invalid characters, which would turn a typo into wrong codes.
 */
export function normaliseBase32Secret(input: string): string {
  const cleaned = input.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (cleaned.length === 0) throw new TobiraError('mfa.secret.empty', ExitCode.usage);
  const bad = [...cleaned].find((char) => !ALPHABET.includes(char));
  if (bad !== undefined) throw new TobiraError('mfa.secret.badChar', ExitCode.usage, { char: bad });
  if (cleaned.length < MIN_CHARS || !VALID_REMAINDERS.has(cleaned.length % 8)) {
    throw new TobiraError('mfa.secret.badLength', ExitCode.usage, { length: cleaned.length });
  }
  return cleaned;
}

export function base32Decode(secret: string): Buffer {
  const normalised = normaliseBase32Secret(secret);
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of normalised) {
    buffer = (buffer << 5) | ALPHABET.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

export function base32Encode(data: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of data) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}
