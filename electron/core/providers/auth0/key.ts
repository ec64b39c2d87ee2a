import { randomBytes, randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { ExitCode, TobiraError } from '../../errors';

/**
 * Tobira's persistent Auth0 API keys (docs/protocols/auth0.md, "recommended format"):
 *   tbk_<kid>_<secret><crc6>
 * kid    12 lowercase base32 chars (60 bits): the public key id, the Auth0 user id `auth0|<kid>`
 * secret 32 base62 chars from a CSPRNG (~190 bits): the Auth0 user's password (bcrypt uses ≤72 bytes)
 * crc6   base62(CRC32("tbk_<kid>_<secret>")) left-padded to 6: rejects typos offline, before any request
 */
export const KEY_PREFIX = 'tbk';
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KID_LENGTH = 12;
const SECRET_LENGTH = 32;
export const KEY_ID_PATTERN = /^[a-z2-7]{12}$/;
const KEY_PATTERN = /^tbk_([a-z2-7]{12})_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/;

export interface ApiKeyParts {
  /** The public key id (also the Auth0 user id after `auth0|`). */
  id: string;
  /** The password of the key's Auth0 user. */
  secret: string;
  /** The whole key as the user keeps it. */
  key: string;
}

function base62(value: number, width: number): string {
  let text = '';
  let rest = value;
  while (rest > 0) {
    text = BASE62[rest % 62] + text;
    rest = Math.floor(rest / 62);
  }
  return text.padStart(width, '0');
}

function checksum(body: string): string {
  return base62(crc32(body) >>> 0, 6);
}

export function newKeyId(): string {
  const bytes = randomBytes(8);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let id = '';
  for (let index = 0; index < KID_LENGTH; index += 1) {
    id += BASE32[Number(bits & 31n)];
    bits >>= 5n;
  }
  return id;
}

/**
 * A secret that passes every Auth0 password-strength level: lower, upper and digit present, and no character three
 * times in a row ("excellent" forbids that). Drawn again in the rare case it does not.
 */
export function newSecret(): string {
  for (;;) {
    let secret = '';
    for (let index = 0; index < SECRET_LENGTH; index += 1) secret += BASE62[randomInt(62)];
    if (/[a-z]/.test(secret) && /[A-Z]/.test(secret) && /\d/.test(secret) && !/(.)\1\1/.test(secret)) {
      return secret;
    }
  }
}

export function formatKey(id: string, secret: string): string {
  const body = `${KEY_PREFIX}_${id}_${secret}`;
  return `${body}${checksum(body)}`;
}

export function generateKey(): ApiKeyParts {
  const id = newKeyId();
  const secret = newSecret();
  return { id, secret, key: formatKey(id, secret) };
}

/** Splits and checks a key locally. A mistyped or truncated key is a usage error (exit 2) and never reaches Auth0. */
export function parseKey(text: string): ApiKeyParts {
  const key = text.trim();
  const match = KEY_PATTERN.exec(key);
  if (!match) throw new TobiraError('auth0.key.shape', ExitCode.usage);
  const [, id, secret, crc] = match as unknown as [string, string, string, string];
  if (checksum(`${KEY_PREFIX}_${id}_${secret}`) !== crc) {
    throw new TobiraError('auth0.key.checksum', ExitCode.usage, { id });
  }
  return { id, secret, key };
}
