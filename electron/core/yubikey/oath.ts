import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { yubikeyErrors } from './errors';

// YKOATH, the OATH application of a YubiKey (docs/protocols/yubikey.md): command builders and response parsers.
// Pure functions, no I/O. Every byte is from Yubico's YKOATH specification and yubikit/oath.py (cited in the doc).

export const OATH_AID = Buffer.from('A0000005272101', 'hex');

export const TAG = {
  name: 0x71,
  nameList: 0x72,
  key: 0x73,
  challenge: 0x74,
  response: 0x75,
  truncated: 0x76,
  hotp: 0x77,
  property: 0x78,
  version: 0x79,
  imf: 0x7a,
  algorithm: 0x7b,
  touch: 0x7c,
} as const;

export const INS = {
  put: 0x01,
  delete: 0x02,
  setCode: 0x03,
  reset: 0x04,
  list: 0xa1,
  calculate: 0xa2,
  validate: 0xa3,
  calculateAll: 0xa4,
  sendRemaining: 0xa5,
} as const;

export const SW = {
  ok: 0x9000,
  /** "Auth required" (a password is set and VALIDATE has not run), also a touch that timed out (ykman). */
  securityStatus: 0x6982,
  /** "No such object" (CALCULATE, DELETE), "response doesn't match" (SET CODE), "auth not enabled" (VALIDATE). */
  noSuchObject: 0x6984,
  /** "Wrong syntax"; for VALIDATE, a response that does not match: the wrong password. */
  wrongSyntax: 0x6a80,
  noSpace: 0x6a84,
} as const;

export const OATH_TYPE = { hotp: 0x10, totp: 0x20 } as const;
export const HASH = { SHA1: 0x01, SHA256: 0x02, SHA512: 0x03 } as const;
export type HashName = keyof typeof HASH;
export const PROP_REQUIRE_TOUCH = 0x02;
/** Keys shorter than this are zero-padded (yubikit HMAC_MINIMUM_KEY_SIZE). */
const HMAC_MINIMUM_KEY_SIZE = 14;
const DEFAULT_PERIOD = 30;
export const MAX_NAME_BYTES = 64;

export interface Tlv {
  tag: number;
  value: Buffer;
}

/** One-byte tags with BER lengths (short form, or 81 xx / 82 xx xx), as YKOATH uses them. */
export function encodeTlv(tag: number, value: Uint8Array = Buffer.alloc(0)): Buffer {
  const length = value.length;
  const header =
    length < 0x80
      ? [tag, length]
      : length <= 0xff
        ? [tag, 0x81, length]
        : [tag, 0x82, (length >> 8) & 0xff, length & 0xff];
  return Buffer.concat([Buffer.from(header), value]);
}

export function parseTlvs(bytes: Uint8Array): Tlv[] {
  const buf = Buffer.from(bytes);
  const out: Tlv[] = [];
  let at = 0;
  while (at < buf.length) {
    const tag = buf[at] as number;
    let length = buf[at + 1];
    at += 2;
    if (length === 0x81) {
      length = buf[at];
      at += 1;
    } else if (length === 0x82) {
      length = at + 1 < buf.length ? buf.readUInt16BE(at) : undefined;
      at += 2;
    }
    if (length === undefined || length > 0x7fff || at + length > buf.length) {
      throw yubikeyErrors.malformed(`TLV ${tag.toString(16)} runs past the response`);
    }
    out.push({ tag, value: buf.subarray(at, at + length) });
    at += length;
  }
  return out;
}

function apdu(ins: number, p1: number, p2: number, data?: Uint8Array): Buffer {
  const header = Buffer.from([0x00, ins, p1, p2]);
  if (data === undefined || data.length === 0) return header;
  if (data.length > 0xff) throw yubikeyErrors.malformed(`command data of ${data.length} bytes`);
  return Buffer.concat([header, Buffer.from([data.length]), data]);
}

export const buildSelect = (): Buffer => apdu(0xa4, 0x04, 0x00, OATH_AID);
export const buildList = (): Buffer => apdu(INS.list, 0x00, 0x00);
export const buildSendRemaining = (): Buffer => apdu(INS.sendRemaining, 0x00, 0x00);

export interface SelectInfo {
  version: string;
  /** The device id, the salt of the password derivation. */
  salt: Buffer;
  /** Present when a password is set. */
  challenge?: Buffer;
}

export function parseSelect(data: Uint8Array): SelectInfo {
  const tlvs = parseTlvs(data);
  const value = (tag: number) => tlvs.find((tlv) => tlv.tag === tag)?.value;
  const version = value(TAG.version);
  const salt = value(TAG.name);
  if (version === undefined || salt === undefined)
    throw yubikeyErrors.malformed('SELECT without version or name');
  const challenge = value(TAG.challenge);
  return { version: [...version].join('.'), salt: Buffer.from(salt), ...(challenge ? { challenge } : {}) };
}

/** PBKDF2-HMAC-SHA1(password, salt = device id, 1000 iterations, 16 bytes): the access key. */
export function deriveAccessKey(password: string, salt: Uint8Array): Buffer {
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 1000, 16, 'sha1');
}

export function hmacSha1(key: Uint8Array, message: Uint8Array): Buffer {
  return createHmac('sha1', key).update(message).digest();
}

/** VALIDATE: our response to the key's challenge and a challenge of ours, whose answer proves the key knows it too. */
export function buildValidate(
  key: Uint8Array,
  cardChallenge: Uint8Array,
  ours: Buffer = randomBytes(8),
): { command: Buffer; expected: Buffer } {
  const data = Buffer.concat([
    encodeTlv(TAG.response, hmacSha1(key, cardChallenge)),
    encodeTlv(TAG.challenge, ours),
  ]);
  return { command: apdu(INS.validate, 0, 0, data), expected: hmacSha1(key, ours) };
}

export function checkValidateResponse(data: Uint8Array, expected: Buffer): void {
  const response = parseTlvs(data).find((tlv) => tlv.tag === TAG.response)?.value;
  if (response === undefined || response.length !== expected.length || !timingSafeEqual(response, expected)) {
    throw yubikeyErrors.mutualAuthFailed();
  }
}

export interface ListedCredential {
  /** The credential id on the key: [period/][issuer:]name. */
  id: string;
  type: 'totp' | 'hotp';
  algorithm: HashName;
  period: number;
}

export function parseList(data: Uint8Array): ListedCredential[] {
  return parseTlvs(data)
    .filter((tlv) => tlv.tag === TAG.nameList)
    .map(({ value }) => {
      const kind = (value[0] ?? 0) & 0xf0;
      const algo = (value[0] ?? 0) & 0x0f;
      const id = value.subarray(1).toString('utf8');
      const type = kind === OATH_TYPE.hotp ? 'hotp' : 'totp';
      const algorithm = (Object.keys(HASH) as HashName[]).find((name) => HASH[name] === algo) ?? 'SHA1';
      return { id, type, algorithm, period: type === 'totp' ? periodOf(id) : 0 };
    });
}

/** The period a TOTP credential id carries ("60/Issuer:name"), 30 s without a prefix (yubikit TOTP_ID_PATTERN). */
export function periodOf(id: string): number {
  const match = /^(\d+)\//.exec(id);
  return match ? Number(match[1]) : DEFAULT_PERIOD;
}

export function credentialId(name: string, period: number): string {
  return period === DEFAULT_PERIOD ? name : `${period}/${name}`;
}

/** The 8-byte big-endian time step, the challenge of a TOTP calculation. */
export function totpChallenge(atSeconds: number, period: number): Buffer {
  const challenge = Buffer.alloc(8);
  challenge.writeBigUInt64BE(BigInt(Math.floor(atSeconds / period)));
  return challenge;
}

/** CALCULATE with a truncated response (P2=01). An HOTP credential takes an empty challenge. */
export function buildCalculate(id: string, challenge: Uint8Array): Buffer {
  return apdu(
    INS.calculate,
    0x00,
    0x01,
    Buffer.concat([encodeTlv(TAG.name, Buffer.from(id, 'utf8')), encodeTlv(TAG.challenge, challenge)]),
  );
}

/** The code from a truncated response: digits byte + 4 bytes, masked to 31 bits, modulo 10^digits. */
export function codeFromTruncated(value: Uint8Array): string {
  if (value.length !== 5) throw yubikeyErrors.malformed(`truncated response of ${value.length} bytes`);
  const digits = value[0] as number;
  const number = Buffer.from(value).readUInt32BE(1) & 0x7fffffff;
  return String(number % 10 ** digits).padStart(digits, '0');
}

export function parseCalculate(data: Uint8Array): string {
  const tlv = parseTlvs(data).find((entry) => entry.tag === TAG.truncated);
  if (tlv === undefined) throw yubikeyErrors.malformed('CALCULATE without a truncated response');
  return codeFromTruncated(tlv.value);
}

export interface CalculatedEntry {
  id: string;
  /** totp: a code; touch: needs a touch (CALCULATE for it); hotp: never calculated in CALCULATE ALL. */
  kind: 'totp' | 'touch' | 'hotp';
  code?: string;
}

export function buildCalculateAll(atSeconds: number): Buffer {
  return apdu(
    INS.calculateAll,
    0x00,
    0x01,
    encodeTlv(TAG.challenge, totpChallenge(atSeconds, DEFAULT_PERIOD)),
  );
}

export function parseCalculateAll(data: Uint8Array): CalculatedEntry[] {
  const tlvs = parseTlvs(data);
  const out: CalculatedEntry[] = [];
  for (let i = 0; i + 1 < tlvs.length; i += 2) {
    const name = tlvs[i] as Tlv;
    const response = tlvs[i + 1] as Tlv;
    if (name.tag !== TAG.name) throw yubikeyErrors.malformed('CALCULATE ALL entry without a name');
    const id = name.value.toString('utf8');
    if (response.tag === TAG.truncated)
      out.push({ id, kind: 'totp', code: codeFromTruncated(response.value) });
    else if (response.tag === TAG.touch) out.push({ id, kind: 'touch' });
    else out.push({ id, kind: 'hotp' });
  }
  return out;
}

export interface NewCredential {
  id: string;
  secret: Buffer;
  algorithm: HashName;
  digits: number;
  touch: boolean;
}

/** PUT of a TOTP credential: name, key (type|algorithm, digits, key padded to 14 bytes), then the touch property. */
export function buildPut(credential: NewCredential): Buffer {
  const name = Buffer.from(credential.id, 'utf8');
  if (name.length === 0 || name.length > MAX_NAME_BYTES) throw yubikeyErrors.nameTooLong(credential.id);
  const blockSize = credential.algorithm === 'SHA512' ? 128 : 64;
  // HMAC keys longer than the hash's block size are hashed first (RFC 2104), as yubikit does before PUT.
  let secret = credential.secret;
  if (secret.length > blockSize)
    secret = createHash(credential.algorithm.toLowerCase()).update(secret).digest();
  if (secret.length < HMAC_MINIMUM_KEY_SIZE)
    secret = Buffer.concat([secret, Buffer.alloc(HMAC_MINIMUM_KEY_SIZE - secret.length)]);
  const key = Buffer.concat([
    Buffer.from([OATH_TYPE.totp | HASH[credential.algorithm], credential.digits]),
    secret,
  ]);
  const parts = [encodeTlv(TAG.name, name), encodeTlv(TAG.key, key)];
  // The property is a bare tag + byte, without a length (yubikit put_credential, ykneo-oath handlePut).
  if (credential.touch) parts.push(Buffer.from([TAG.property, PROP_REQUIRE_TOUCH]));
  return apdu(INS.put, 0x00, 0x00, Buffer.concat(parts));
}

export function buildDelete(id: string): Buffer {
  return apdu(INS.delete, 0x00, 0x00, encodeTlv(TAG.name, Buffer.from(id, 'utf8')));
}
