import { simErrors } from './errors';

// ISO 7816-4 / ETSI TS 102 221 / 3GPP TS 31.102 pieces needed to find the USIM and read its IMSI, in the byte
// order of the SORACOM Go client (docs/protocols/krypton.md). Pure functions, no I/O.

export const FID_MF = 0x3f00;
export const FID_EF_DIR = 0x2f00;
export const FID_EF_IMSI = 0x6f07;
/** RID of 3GPP (A000000087) + application code 1002 = USIM; the rest of a USIM AID is issuer specific. */
export const USIM_AID_PREFIX = Buffer.from('A0000000871002', 'hex');

const CLA = 0x00;
const INS_SELECT = 0xa4;
const INS_READ_BINARY = 0xb0;
const INS_READ_RECORD = 0xb2;
const INS_GET_RESPONSE = 0xc0;
const P2_RETURN_FCP = 0x04;

export interface ResponseApdu {
  data: Buffer;
  sw1: number;
  sw2: number;
  /** SW1 << 8 | SW2 */
  sw: number;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

/** SELECT by file id (P1=00), case 3 without Le, as the Go client sends it. */
export function buildSelectByFid(fid: number): Buffer {
  return Buffer.from([CLA, INS_SELECT, 0x00, P2_RETURN_FCP, 0x02, (fid >> 8) & 0xff, fid & 0xff]);
}

/** SELECT by DF name (P1=04), i.e. by application id. */
export function buildSelectByAid(aid: Uint8Array): Buffer {
  if (aid.length < 1 || aid.length > 16) throw new RangeError(`AID must be 1..16 bytes, got ${aid.length}`);
  return Buffer.from([CLA, INS_SELECT, 0x04, P2_RETURN_FCP, aid.length, ...aid]);
}

export function buildGetResponse(le: number): Buffer {
  return Buffer.from([CLA, INS_GET_RESPONSE, 0x00, 0x00, byte(le, 'Le')]);
}

/** READ RECORD of the current EF, absolute mode (P2=04). */
export function buildReadRecord(record: number, le: number): Buffer {
  if (record < 1 || record > 0xfe) throw new RangeError(`record number must be 1..254, got ${record}`);
  return Buffer.from([CLA, INS_READ_RECORD, record, 0x04, byte(le, 'Le')]);
}

export function buildReadBinary(offset: number, le: number): Buffer {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0x7fff)
    throw new RangeError(`bad offset ${offset}`);
  return Buffer.from([CLA, INS_READ_BINARY, offset >> 8, offset & 0xff, byte(le, 'Le')]);
}

/** The same command with its Le set to `le` (for a 6Cxx "wrong length, use xx" answer). */
export function withLe(command: Uint8Array, le: number): Buffer {
  const cmd = Buffer.from(command);
  if (cmd.length < 4) throw new RangeError('a command APDU has at least 4 bytes');
  if (cmd.length === 4) return Buffer.concat([cmd, Buffer.from([byte(le, 'Le')])]);
  const lc = cmd[4] ?? 0;
  // Case 2 (CLA INS P1 P2 Le) or case 4 (… Lc data Le): replace the last byte; case 3: append.
  if (cmd.length === 5 || cmd.length === 6 + lc)
    return Buffer.concat([cmd.subarray(0, -1), Buffer.from([byte(le, 'Le')])]);
  if (cmd.length === 5 + lc) return Buffer.concat([cmd, Buffer.from([byte(le, 'Le')])]);
  throw new RangeError(`malformed command APDU ${toHex(cmd)}`);
}

function byte(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new RangeError(`${name} must be 0..255`);
  return value;
}

export function parseResponse(response: Uint8Array): ResponseApdu {
  if (response.length < 2) {
    throw simErrors.malformed('response APDU', `${response.length} bytes, a status word needs 2`);
  }
  const buf = Buffer.from(response);
  const sw1 = buf[buf.length - 2] as number;
  const sw2 = buf[buf.length - 1] as number;
  return { data: buf.subarray(0, -2), sw1, sw2, sw: (sw1 << 8) | sw2 };
}

/**
 * Normal processing: 9000, 61xx (T=0: xx bytes waiting for GET RESPONSE) and 91xx (UICC: done, a proactive
 * command is pending). Unlike the Go client, 6Fxx ("no precise diagnosis") is an error.
 */
export function isSuccess(response: Pick<ResponseApdu, 'sw1' | 'sw2'>): boolean {
  return (response.sw1 === 0x90 && response.sw2 === 0x00) || response.sw1 === 0x61 || response.sw1 === 0x91;
}

export interface Tlv {
  tag: number;
  value: Buffer;
}

/** Simple BER-TLV list with one-byte tags and definite lengths (short, 81, 82), as used in FCP and EF_DIR. */
export function parseTlvs(bytes: Uint8Array, what: string): Tlv[] {
  const buf = Buffer.from(bytes);
  const items: Tlv[] = [];
  let i = 0;
  while (i < buf.length) {
    const tag = buf[i] as number;
    if (tag === 0x00 || tag === 0xff) break; // padding after the last object
    const first = buf[i + 1];
    let length: number | undefined;
    let start = i + 2;
    if (first !== undefined && first < 0x80) {
      length = first;
    } else if (first === 0x81) {
      length = buf[i + 2];
      start = i + 3;
    } else if (first === 0x82 && i + 3 < buf.length) {
      length = buf.readUInt16BE(i + 2);
      start = i + 4;
    }
    if (length === undefined || start + length > buf.length) {
      throw simErrors.malformed(what, `TLV with tag ${hex2(tag)} is truncated (${buf.length} bytes in all)`);
    }
    items.push({ tag, value: buf.subarray(start, start + length) });
    i = start + length;
  }
  return items;
}

function hex2(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, '0');
}

export interface FileControlParameters {
  /** File descriptor byte of tag 82 (e.g. 42 = linear fixed EF, 41 = transparent EF, 78 = DF/ADF). */
  descriptor?: number;
  recordLength?: number;
  recordCount?: number;
  fileId?: number;
}

/** FCP template (tag 62) returned for SELECT with P2=04. */
export function parseFcp(bytes: Uint8Array): FileControlParameters {
  const buf = Buffer.from(bytes);
  if (buf[0] !== 0x62) {
    throw simErrors.malformed(
      'FCP',
      buf.length === 0 ? 'no data' : `starts with ${hex2(buf[0] as number)}, not 62`,
    );
  }
  const [template] = parseTlvs(buf, 'FCP');
  if (template === undefined) throw simErrors.malformed('FCP', 'empty template');
  const fcp: FileControlParameters = {};
  for (const { tag, value } of parseTlvs(template.value, 'FCP')) {
    if (tag === 0x82) {
      if (value.length < 2) throw simErrors.malformed('FCP', `file descriptor of ${value.length} bytes`);
      fcp.descriptor = value[0] as number;
      if (value.length >= 4) fcp.recordLength = value.readUInt16BE(2);
      if (value.length >= 5) fcp.recordCount = value[4] as number;
    } else if (tag === 0x83 && value.length === 2) {
      fcp.fileId = value.readUInt16BE(0);
    }
  }
  return fcp;
}

export interface ApplicationTemplate {
  aid: Buffer;
  label?: string;
}

/** One EF_DIR record: `61 L 4F len AID [50 len label] …`. An unused record (all FF) gives undefined. */
export function parseEfDirRecord(bytes: Uint8Array): ApplicationTemplate | undefined {
  const buf = Buffer.from(bytes);
  if (buf.length > 0 && buf.every((b) => b === 0xff)) return undefined;
  if (buf[0] !== 0x61) {
    throw simErrors.malformed(
      'EF_DIR record',
      buf.length === 0 ? 'no data' : `starts with ${hex2(buf[0] as number)}, not 61 (application template)`,
    );
  }
  const [template] = parseTlvs(buf, 'EF_DIR record');
  if (template === undefined) throw simErrors.malformed('EF_DIR record', 'empty application template');
  const inner = parseTlvs(template.value, 'EF_DIR record');
  const aid = inner.find((tlv) => tlv.tag === 0x4f)?.value;
  if (aid === undefined || aid.length < 5 || aid.length > 16) {
    throw simErrors.malformed(
      'EF_DIR record',
      aid === undefined ? 'no AID (tag 4F)' : `AID of ${aid.length} bytes`,
    );
  }
  const label = inner.find((tlv) => tlv.tag === 0x50)?.value.toString('latin1');
  return label === undefined ? { aid } : { aid, label };
}

export function isUsimAid(aid: Uint8Array): boolean {
  return (
    aid.length >= USIM_AID_PREFIX.length && USIM_AID_PREFIX.equals(aid.subarray(0, USIM_AID_PREFIX.length))
  );
}

/**
 * EF_IMSI (TS 31.102 §4.2.2): a length byte, then the digits in swapped-nibble BCD. The first nibble is the
 * identity type and parity (9 = odd digit count, 1 = even); an even-length IMSI ends with an F filler. The Go
 * client keeps that F; here it is dropped, like the Java client does.
 */
export function decodeImsi(ef: Uint8Array): string {
  const buf = Buffer.from(ef);
  const length = buf[0];
  if (length === undefined) throw simErrors.malformed('EF_IMSI', 'no data');
  if (length === 0xff) throw simErrors.malformed('EF_IMSI', 'the file is empty (no IMSI provisioned)');
  if (length < 2 || length > 8)
    throw simErrors.malformed('EF_IMSI', `length byte ${hex2(length)} is not 02..08`);
  if (buf.length < 1 + length) {
    throw simErrors.malformed(
      'EF_IMSI',
      `length byte says ${length} bytes but only ${buf.length - 1} follow`,
    );
  }
  const nibbles: number[] = [];
  for (const b of buf.subarray(1, 1 + length)) nibbles.push(b & 0x0f, b >> 4);
  const [, ...digits] = nibbles; // drop the type/parity nibble
  if (digits[digits.length - 1] === 0xf) digits.pop();
  if (digits.some((d) => d > 9)) {
    throw simErrors.malformed('EF_IMSI', `non-decimal digit in ${toHex(buf.subarray(0, 1 + length))}`);
  }
  if (digits.length < 6) throw simErrors.malformed('EF_IMSI', `only ${digits.length} digits`);
  return digits.join('');
}

const INS_VERIFY = 0x20;
const INS_AUTHENTICATE = 0x88;
/** PIN1 (application PIN) key reference of a USIM, TS 102 221 §9.5.1. */
const KEY_REFERENCE_PIN1 = 0x01;

/** A USIM PIN is 4 to 8 decimal digits (TS 102 221 §9.5.1). */
export function isValidPin(pin: string): boolean {
  return /^\d{4,8}$/.test(pin);
}

/** VERIFY PIN1: the digits in ASCII, padded with FF to 8 bytes. Throws sim.pin.format for anything else. */
export function buildVerifyPin1(pin: string): Buffer {
  if (!isValidPin(pin)) throw simErrors.pinFormat();
  const data = Buffer.alloc(8, 0xff);
  data.write(pin, 'latin1');
  return Buffer.concat([Buffer.from([CLA, INS_VERIFY, 0x00, KEY_REFERENCE_PIN1, 0x08]), data]);
}

/**
 * AUTHENTICATE in the 3G security context (P2=81), case 3 without Le, byte for byte as the Go client builds it:
 * `00 88 00 81 22 10 RAND 10 AUTN`.
 */
export function buildAuthenticate(rand: Uint8Array, autn: Uint8Array): Buffer {
  if (rand.length !== 16) throw simErrors.malformed('challenge', `RAND of ${rand.length} bytes, not 16`);
  if (autn.length !== 16) throw simErrors.malformed('challenge', `AUTN of ${autn.length} bytes, not 16`);
  return Buffer.from([CLA, INS_AUTHENTICATE, 0x00, 0x81, 0x22, 0x10, ...rand, 0x10, ...autn]);
}

export type AuthenticateResult =
  | { status: 'success'; res: Buffer; ck: Buffer; ik: Buffer; kc?: Buffer }
  | { status: 'syncFailure'; auts: Buffer };

/**
 * The AUTHENTICATE response data (TS 31.102 §7.1.2.1): `DB L RES L CK L IK [L Kc]` or `DC L AUTS`. Every length is
 * checked; a missing Kc (a USIM without GSM access) is fine, since only CK is used.
 */
export function parseAuthenticateResponse(bytes: Uint8Array): AuthenticateResult {
  const buf = Buffer.from(bytes);
  const what = 'AUTHENTICATE response';
  let at = 1;
  const lv = (name: string, allowed: (length: number) => boolean): Buffer => {
    const length = buf[at];
    if (length === undefined) throw simErrors.malformed(what, `ends before ${name}`);
    if (!allowed(length)) throw simErrors.malformed(what, `${name} of ${length} bytes`);
    if (at + 1 + length > buf.length) throw simErrors.malformed(what, `${name} is truncated`);
    const value = buf.subarray(at + 1, at + 1 + length);
    at += 1 + length;
    return Buffer.from(value);
  };
  if (buf[0] === 0xdc) {
    const auts = lv('AUTS', (length) => length === 14);
    if (at !== buf.length) throw simErrors.malformed(what, `${buf.length - at} bytes after AUTS`);
    return { status: 'syncFailure', auts };
  }
  if (buf[0] !== 0xdb) {
    throw simErrors.malformed(
      what,
      buf.length === 0 ? 'no data' : `starts with ${hex2(buf[0] as number)}, not DB or DC`,
    );
  }
  const res = lv('RES', (length) => length >= 4 && length <= 16);
  const ck = lv('CK', (length) => length === 16);
  const ik = lv('IK', (length) => length === 16);
  if (at === buf.length) return { status: 'success', res, ck, ik };
  const kc = lv('Kc', (length) => length === 8);
  if (at !== buf.length) throw simErrors.malformed(what, `${buf.length - at} bytes after Kc`);
  return { status: 'success', res, ck, ik, kc };
}
