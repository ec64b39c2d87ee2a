import { createCipheriv, timingSafeEqual } from 'node:crypto';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { waitFor } from './wait';

// A virtual USIM behind vsmartcard-vpcd (docs/architecture.md §8): the card is the TCP client of pcscd's vpcd driver and
// answers like a T=0 UICC, byte-compatible with the SORACOM Go client's sequence (docs/protocols/krypton.md).
//
// The card runs in a worker thread. In the test's own thread it would deadlock: the smartcard binding's
// disconnect() and close() are synchronous, pcscd serves them only after its presence poll, and that poll waits
// for the card to send its ATR, which a blocked event loop never does (vpcd's recv has no timeout).

export const VPCD_BASE_PORT = 35963;
export const USIM_AID = Buffer.from('A0000000871002FFFFFFFF8907090000', 'hex');
/** T=0 only, like the first protocol of a real UICC's ATR; an ATR offering T=1 too (3B80800101) makes pcscd pick T=1. */
export const DEFAULT_ATR = Buffer.from('3B021450', 'hex');

export interface AuthenticateRequest {
  /** 80 = GSM context, 81 = 3G context (the one Krypton uses). */
  p2: number;
  rand: Buffer;
  autn: Buffer;
}
/** `data` is what GET RESPONSE returns (DB… success or DC… sync failure); `sw` is a bare error status (e.g. 0x9862). */
export type AuthenticateResult = { data: Buffer } | { sw: number };
export type AuthenticateHandler = (request: AuthenticateRequest) => AuthenticateResult;
/** What an authenticator module exports as `createAuthenticator`. It runs inside the card's worker thread. */
export type AuthenticatorFactory = (options: unknown) => AuthenticateHandler;

/** Milenage subscriber keys of the card (hex), and its SQN_MS (the highest SQN it accepted; default 0). */
export interface MilenageCardOptions {
  k: string;
  opc: string;
  sqn?: string;
}

/** PIN1 of the card: enabled by default, 3 tries unless said otherwise (0 = already blocked). */
export interface PinOptions {
  value: string;
  enabled?: boolean;
  tries?: number;
}

export interface VirtualUsimOptions {
  imsi: string;
  /** Answer AUTHENTICATE (3G context) with Milenage, tracking SQN_MS and answering sync failures with AUTS. */
  milenage?: MilenageCardOptions;
  /** PIN1: while enabled and not verified, EF_IMSI and AUTHENTICATE answer 6982. */
  pin?: PinOptions;
  /** vpcd port: 35963 = "Virtual PCD 00 00", 35964 = "Virtual PCD 00 01". */
  port?: number;
  atr?: Buffer;
  /**
   * Where AUTHENTICATE (e.g. Milenage for Krypton) plugs in: an absolute path to a TypeScript module exporting
   * `createAuthenticator: AuthenticatorFactory`, bundled into the card's worker, and its structured-cloneable
   * options. Without it the card answers AUTHENTICATE with 6D00.
   */
  authenticator?: { module: string; options?: unknown };
}

export interface ApduExchange {
  /** Upper-case hex without spaces. */
  command: string;
  response: string;
}

export interface VirtualUsim {
  readonly reader: string;
  readonly imsi: string;
  /** Every command APDU the card received (control bytes such as the ATR polls are not included). */
  readonly apdus: readonly ApduExchange[];
  commands(): string[];
  clearLog(): void;
  /** Pulls the card out and resolves once pcscd reports the reader empty, so the next card starts clean. */
  remove(): Promise<void>;
}

// No zod here: this file is also the worker's bundle, which should stay small.
function checkOptions({
  imsi,
  port = VPCD_BASE_PORT,
  authenticator,
  milenage,
  pin,
}: VirtualUsimOptions): void {
  if (milenage && authenticator) throw new Error('give either milenage or authenticator, not both');
  if (milenage && !/^[0-9a-f]{32}$/i.test(milenage.k)) throw new Error('milenage.k must be 16 bytes of hex');
  if (milenage && !/^[0-9a-f]{32}$/i.test(milenage.opc))
    throw new Error('milenage.opc must be 16 bytes of hex');
  if (pin) encodePin(pin.value);
  if (!/^\d{6,15}$/.test(imsi)) throw new Error(`an IMSI is 6 to 15 decimal digits, got "${imsi}"`);
  if (port !== VPCD_BASE_PORT && port !== VPCD_BASE_PORT + 1)
    throw new Error(`vpcd listens on 35963/35964, not ${port}`);
  if (authenticator && !isAbsolute(authenticator.module))
    throw new Error('authenticator.module must be an absolute path');
}

export function readerNameForPort(port: number): string {
  return `Virtual PCD 00 ${String(port - VPCD_BASE_PORT).padStart(2, '0')}`;
}

/** EF_IMSI content (9 bytes), written independently of the decoder under test. */
export function encodeEfImsi(imsi: string): Buffer {
  const digits = [...imsi].map(Number);
  const nibbles = [digits.length % 2 === 1 ? 0x9 : 0x1, ...digits];
  if (nibbles.length % 2 === 1) nibbles.push(0xf);
  const bytes: number[] = [];
  for (let i = 0; i < nibbles.length; i += 2)
    bytes.push(((nibbles[i + 1] as number) << 4) | (nibbles[i] as number));
  const ef = Buffer.alloc(9, 0xff);
  ef[0] = bytes.length;
  Buffer.from(bytes).copy(ef, 1);
  return ef;
}

function tlv(tag: number, ...values: Buffer[]): Buffer {
  const value = Buffer.concat(values);
  return Buffer.concat([Buffer.from([tag, value.length]), value]);
}

const hex = (value: string): Buffer => Buffer.from(value, 'hex');

// ---- Milenage (3GPP TS 35.206), written from the algorithm of docs/protocols/krypton.md and checked against TS 35.208. ----

function aes128(k: Buffer, block: Buffer): Buffer {
  const cipher = createCipheriv('aes-128-ecb', k, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(Math.min(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}

/** Cyclic left rotation by `bits` (a multiple of 8): the byte at i moves to (i + 16 - bits/8) % 16. */
function rot(x: Buffer, bits: number): Buffer {
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) out[(i + 16 - bits / 8) % 16] = x[i] as number;
  return out;
}

function check(name: string, value: Buffer, length: number): void {
  if (value.length !== length) throw new RangeError(`${name} must be ${length} bytes, got ${value.length}`);
}

export function milenageOpc(k: Buffer, op: Buffer): Buffer {
  check('K', k, 16);
  check('OP', op, 16);
  return xor(op, aes128(k, op));
}

export interface MilenageF1 {
  /** f1: network authentication code. */
  macA: Buffer;
  /** f1*: resynchronisation authentication code. */
  macS: Buffer;
}

export function milenageF1(k: Buffer, opc: Buffer, rand: Buffer, sqn: Buffer, amf: Buffer): MilenageF1 {
  check('K', k, 16);
  check('OPc', opc, 16);
  check('RAND', rand, 16);
  check('SQN', sqn, 6);
  check('AMF', amf, 2);
  const temp = aes128(k, xor(rand, opc));
  const in1 = Buffer.concat([sqn, amf, sqn, amf]);
  const out1 = xor(aes128(k, xor(temp, rot(xor(in1, opc), 64))), opc); // c1 = 0
  return { macA: out1.subarray(0, 8), macS: out1.subarray(8, 16) };
}

export interface MilenageF2345 {
  res: Buffer;
  ck: Buffer;
  ik: Buffer;
  ak: Buffer;
  akStar: Buffer;
}

export function milenageF2345(k: Buffer, opc: Buffer, rand: Buffer): MilenageF2345 {
  check('K', k, 16);
  check('OPc', opc, 16);
  check('RAND', rand, 16);
  const temp = aes128(k, xor(rand, opc));
  const block = (bits: number, c: number): Buffer => {
    const input = rot(xor(temp, opc), bits);
    input[15] = (input[15] as number) ^ c;
    return xor(aes128(k, input), opc);
  };
  const out2 = block(0, 0x01);
  const out5 = block(96, 0x08);
  return {
    res: out2.subarray(8, 16),
    ak: out2.subarray(0, 6),
    ck: block(32, 0x02),
    ik: block(64, 0x04),
    akStar: out5.subarray(0, 6),
  };
}

/** GSM Kc from CK and IK (TS 33.102 c3). */
export function gsmKc(ck: Buffer, ik: Buffer): Buffer {
  return xor(xor(ck.subarray(0, 8), ck.subarray(8, 16)), xor(ik.subarray(0, 8), ik.subarray(8, 16)));
}

export interface AuthenticationVector {
  rand: Buffer;
  autn: Buffer;
  xres: Buffer;
  ck: Buffer;
  ik: Buffer;
}

/** What the network (the fake Krypton) computes: AUTN = (SQN ⊕ AK) ‖ AMF ‖ MAC-A. */
export function milenageVector(
  k: Buffer,
  opc: Buffer,
  rand: Buffer,
  sqn: Buffer,
  amf: Buffer,
): AuthenticationVector {
  const { macA } = milenageF1(k, opc, rand, sqn, amf);
  const { res, ck, ik, ak } = milenageF2345(k, opc, rand);
  return { rand, autn: Buffer.concat([xor(sqn, ak), amf, macA]), xres: res, ck, ik };
}

/** AUTS = (SQN_MS ⊕ AK*) ‖ f1*(K, SQN_MS, RAND, AMF=0000) (TS 33.102 §6.3.3). */
export function milenageAuts(k: Buffer, opc: Buffer, rand: Buffer, sqnMs: Buffer): Buffer {
  const { akStar } = milenageF2345(k, opc, rand);
  const { macS } = milenageF1(k, opc, rand, sqnMs, Buffer.alloc(2));
  return Buffer.concat([xor(sqnMs, akStar), macS]);
}

/** The network side of a resync: SQN_MS from AUTS, or undefined when MAC-S does not match. */
export function milenageSqnFromAuts(k: Buffer, opc: Buffer, rand: Buffer, auts: Buffer): Buffer | undefined {
  check('AUTS', auts, 14);
  const { akStar } = milenageF2345(k, opc, rand);
  const sqnMs = xor(auts.subarray(0, 6), akStar);
  const { macS } = milenageF1(k, opc, rand, sqnMs, Buffer.alloc(2));
  return timingSafeEqual(macS, auts.subarray(6, 14)) ? sqnMs : undefined;
}

/**
 * The USIM side (TS 33.102 §6.3.3): MAC first (98 62 on mismatch), then SQN > SQN_MS or a sync failure with AUTS,
 * then `DB 08 RES 10 CK 10 IK 08 Kc`. The card's SQN_MS lives in the returned closure.
 */
export function milenageAuthenticator(options: MilenageCardOptions): AuthenticateHandler {
  const k = Buffer.from(options.k, 'hex');
  const opc = Buffer.from(options.opc, 'hex');
  let sqnMs = Buffer.from(options.sqn ?? '000000000000', 'hex');
  check('SQN', sqnMs, 6);
  return ({ p2, rand, autn }) => {
    if (p2 !== 0x81) return { sw: 0x6a86 }; // GSM context is not modelled
    const { res, ck, ik, ak } = milenageF2345(k, opc, rand);
    const sqn = xor(autn.subarray(0, 6), ak);
    const amf = autn.subarray(6, 8);
    const { macA } = milenageF1(k, opc, rand, sqn, amf);
    if (!timingSafeEqual(macA, autn.subarray(8, 16))) return { sw: 0x9862 };
    if (Buffer.compare(sqn, sqnMs) <= 0) {
      const auts = milenageAuts(k, opc, rand, sqnMs);
      return { data: Buffer.concat([Buffer.from([0xdc, auts.length]), auts]) };
    }
    sqnMs = Buffer.from(sqn);
    const lv = (value: Buffer): Buffer => Buffer.concat([Buffer.from([value.length]), value]);
    return { data: Buffer.concat([Buffer.from([0xdb]), lv(res), lv(ck), lv(ik), lv(gsmKc(ck, ik))]) };
  };
}

interface CardFile {
  fcp: Buffer;
  records?: Buffer[];
  content?: Buffer;
}

const EF_DIR_RECORD_LENGTH = 0x26;

function buildFiles(imsi: string): { mf: CardFile; adf: CardFile; efDir: CardFile; efImsi: CardFile } {
  const record = Buffer.alloc(EF_DIR_RECORD_LENGTH, 0xff);
  tlv(0x61, tlv(0x4f, USIM_AID), tlv(0x50, Buffer.from('USIM'))).copy(record);
  const efImsi = encodeEfImsi(imsi);
  return {
    mf: { fcp: tlv(0x62, tlv(0x82, hex('7821')), tlv(0x83, hex('3F00')), tlv(0x8a, hex('05'))) },
    adf: { fcp: tlv(0x62, tlv(0x82, hex('7821')), tlv(0x83, hex('7FFF')), tlv(0x84, USIM_AID)) },
    // = 62 0F 82 05 42 21 00 26 01 83 02 2F 00 80 02 00 26 (krypton.md §2.8): linear fixed, 1 record of 0x26 bytes.
    efDir: {
      fcp: tlv(0x62, tlv(0x82, hex('4221002601')), tlv(0x83, hex('2F00')), tlv(0x80, hex('0026'))),
      records: [record],
    },
    efImsi: {
      fcp: tlv(
        0x62,
        tlv(0x82, hex('4121')),
        tlv(0x83, hex('6F07')),
        tlv(0x80, hex('0009')),
        tlv(0x8a, hex('05')),
      ),
      content: efImsi,
    },
  };
}

const status = (sw: number): Buffer => Buffer.from([sw >> 8, sw & 0xff]);
const SW = {
  ok: 0x9000,
  wrongLength: 0x6700,
  incompatibleFile: 0x6981,
  notSatisfied: 0x6985,
  noEfSelected: 0x6986,
  securityNotSatisfied: 0x6982,
  blocked: 0x6983,
  referenceNotFound: 0x6a88,
  wrongData: 0x6a80,
  fileNotFound: 0x6a82,
  recordNotFound: 0x6a83,
  wrongP1P2: 0x6a86,
  wrongOffset: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
} as const;

interface CommandBody {
  data: Buffer;
  le?: number;
}

/** Short APDUs only: case 1 (4 bytes), 2 (Le), 3 (Lc data), 4 (Lc data Le). undefined = inconsistent length. */
function parseBody(apdu: Buffer): CommandBody | undefined {
  if (apdu.length === 4) return { data: Buffer.alloc(0) };
  if (apdu.length === 5) return { data: Buffer.alloc(0), le: apdu[4] as number };
  const lc = apdu[4] as number;
  if (lc === 0) return undefined;
  if (apdu.length === 5 + lc) return { data: apdu.subarray(5) };
  if (apdu.length === 6 + lc) return { data: apdu.subarray(5, 5 + lc), le: apdu[5 + lc] as number };
  return undefined;
}

/** The card's file system and ISO 7816 state machine; pure (no I/O), so it can be unit-tested directly. */
export class UsimCardModel {
  private readonly files: ReturnType<typeof buildFiles>;
  private df: 'mf' | 'adf' = 'mf';
  private ef: CardFile | undefined;
  private pending: Buffer | undefined;
  private readonly pin: { value: Buffer; enabled: boolean } | undefined;
  private pinTries: number;
  private pinVerified = false;

  constructor(
    imsi: string,
    private readonly authenticate?: AuthenticateHandler,
    pin?: PinOptions,
  ) {
    this.files = buildFiles(imsi);
    this.pin = pin && { value: encodePin(pin.value), enabled: pin.enabled ?? true };
    this.pinTries = pin?.tries ?? PIN_MAX_TRIES;
  }

  /** Power on, power off and warm reset all return to the MF with nothing pending and PIN1 unverified. */
  reset(): void {
    this.df = 'mf';
    this.ef = undefined;
    this.pending = undefined;
    this.pinVerified = false;
  }

  /** Tries left on PIN1 (the counter survives resets and removal, as on a real card). */
  get pinTriesLeft(): number {
    return this.pinTries;
  }

  /** EF_IMSI and AUTHENTICATE need PIN1 while it is enabled (TS 31.102 access conditions). */
  private get locked(): boolean {
    return this.pin !== undefined && this.pin.enabled && !this.pinVerified;
  }

  handle(apdu: Buffer): Buffer {
    const pending = this.pending;
    this.pending = undefined; // only the GET RESPONSE right after a command may collect its data
    if (apdu.length < 4) return status(SW.wrongLength);
    const [cla, ins, p1, p2] = apdu as unknown as [number, number, number, number];
    if (cla !== 0x00) return status(SW.claNotSupported);
    const body = parseBody(apdu);
    if (body === undefined) return status(SW.wrongLength);
    switch (ins) {
      case 0xa4:
        return this.select(p1, p2, body);
      case 0xc0:
        return this.getResponse(p1, p2, body, pending);
      case 0xb2:
        return this.readRecord(p1, p2, body);
      case 0xb0:
        return this.readBinary(p1, p2, body);
      case 0x88:
        return this.runAuthenticate(p1, p2, body);
      case 0x20:
        return this.verify(p1, p2, body);
      default:
        return status(SW.insNotSupported);
    }
  }

  /** T=0 (no Le): "61 xx", the data waits for GET RESPONSE. With Le (case 4, as under T=1): the data at once. */
  private deliver(data: Buffer, le: number | undefined): Buffer {
    if (le === undefined) {
      this.pending = data;
      return status(0x6100 | (data.length & 0xff));
    }
    return le === 0 ? Buffer.concat([data, status(SW.ok)]) : this.slice(data, le);
  }

  private slice(data: Buffer, le: number): Buffer {
    const wanted = le === 0 ? 256 : le;
    if (wanted > data.length) {
      this.pending = data;
      return status(0x6c00 | (data.length & 0xff));
    }
    if (wanted < data.length) {
      this.pending = data.subarray(wanted);
      return Buffer.concat([data.subarray(0, wanted), status(0x6100 | (data.length - wanted))]);
    }
    return Buffer.concat([data, status(SW.ok)]);
  }

  private select(p1: number, p2: number, { data, le }: CommandBody): Buffer {
    if (p2 !== 0x04 && p2 !== 0x0c) return status(SW.wrongP1P2);
    if (data.length === 0) return status(SW.wrongLength);
    let file: CardFile | undefined;
    if (p1 === 0x00) {
      if (data.length !== 2) return status(SW.wrongLength);
      file = this.selectFid(data.readUInt16BE(0));
    } else if (p1 === 0x04) {
      // Right-truncated AIDs select too (TS 102 221 §8.5.1); at least RID + application code.
      if (data.length >= 7 && USIM_AID.subarray(0, data.length).equals(data)) {
        this.df = 'adf';
        this.ef = undefined;
        file = this.files.adf;
      }
    } else {
      return status(SW.wrongP1P2);
    }
    if (file === undefined) return status(SW.fileNotFound);
    return p2 === 0x0c ? status(SW.ok) : this.deliver(file.fcp, le);
  }

  private selectFid(fid: number): CardFile | undefined {
    const { mf, adf, efDir, efImsi } = this.files;
    if (fid === 0x3f00) {
      this.df = 'mf';
      this.ef = undefined;
      return mf;
    }
    if (fid === 0x7fff && this.df === 'adf') {
      this.ef = undefined;
      return adf;
    }
    const ef =
      this.df === 'mf' && fid === 0x2f00 ? efDir : this.df === 'adf' && fid === 0x6f07 ? efImsi : undefined;
    if (ef !== undefined) this.ef = ef;
    return ef;
  }

  private getResponse(
    p1: number,
    p2: number,
    { data, le }: CommandBody,
    pending: Buffer | undefined,
  ): Buffer {
    if (data.length > 0 || le === undefined) return status(SW.wrongLength);
    if (p1 !== 0 || p2 !== 0) return status(SW.wrongP1P2);
    if (pending === undefined) return status(SW.notSatisfied);
    return this.slice(pending, le);
  }

  private readRecord(p1: number, p2: number, { data, le }: CommandBody): Buffer {
    if (data.length > 0 || le === undefined) return status(SW.wrongLength);
    if (this.ef === undefined) return status(SW.noEfSelected);
    const records = this.ef.records;
    if (records === undefined) return status(SW.incompatibleFile);
    if (p2 !== 0x04) return status(SW.wrongP1P2);
    const record = records[p1 - 1];
    if (p1 === 0 || record === undefined) return status(SW.recordNotFound);
    if ((le === 0 ? 256 : le) !== record.length) return status(0x6c00 | record.length);
    return Buffer.concat([record, status(SW.ok)]);
  }

  private readBinary(p1: number, p2: number, { data, le }: CommandBody): Buffer {
    if (data.length > 0 || le === undefined) return status(SW.wrongLength);
    if (this.ef === undefined) return status(SW.noEfSelected);
    const content = this.ef.content;
    if (content === undefined) return status(SW.incompatibleFile);
    if (p1 & 0x80) return status(SW.wrongP1P2); // short file id addressing is not modelled
    if (this.ef === this.files.efImsi && this.locked) return status(SW.securityNotSatisfied);
    const offset = (p1 << 8) | p2;
    if (offset >= content.length) return status(SW.wrongOffset);
    const available = content.length - offset;
    const wanted = le === 0 ? 256 : le;
    if (wanted > available) return status(0x6c00 | available);
    return Buffer.concat([content.subarray(offset, offset + wanted), status(SW.ok)]);
  }

  private runAuthenticate(p1: number, p2: number, { data, le }: CommandBody): Buffer {
    if (this.authenticate === undefined) return status(SW.insNotSupported);
    if (this.df !== 'adf') return status(SW.notSatisfied);
    if (p1 !== 0x00 || (p2 !== 0x80 && p2 !== 0x81)) return status(SW.wrongP1P2);
    if (this.locked) return status(SW.securityNotSatisfied);
    const randLength = data[0] ?? 0;
    const autnLength = data[1 + randLength] ?? 0;
    if (randLength !== 16 || autnLength !== 16 || data.length !== 2 + randLength + autnLength) {
      return status(SW.wrongData);
    }
    const rand = Buffer.from(data.subarray(1, 17));
    const autn = Buffer.from(data.subarray(18, 34));
    const result = this.authenticate({ p2, rand, autn });
    return 'sw' in result ? status(result.sw) : this.deliver(result.data, le);
  }

  /** VERIFY PIN1 (TS 102 221 §11.1.9): 9000, 63Cx (x tries left), 6983 blocked; no data = ask the counter. */
  private verify(p1: number, p2: number, { data, le }: CommandBody): Buffer {
    if (le !== undefined) return status(SW.wrongLength);
    if (p1 !== 0x00 || p2 !== 0x01) return status(SW.referenceNotFound);
    if (this.pin === undefined) return status(SW.referenceNotFound);
    if (this.pinTries === 0) return status(SW.blocked);
    if (data.length === 0) return this.pinVerified ? status(SW.ok) : status(0x63c0 | this.pinTries);
    if (data.length !== 8) return status(SW.wrongLength);
    if (timingSafeEqual(data, this.pin.value)) {
      this.pinTries = PIN_MAX_TRIES;
      this.pinVerified = true;
      return status(SW.ok);
    }
    this.pinTries--;
    this.pinVerified = false;
    return status(this.pinTries === 0 ? SW.blocked : 0x63c0 | this.pinTries);
  }
}

const PIN_MAX_TRIES = 3;

/** PIN1 as a VERIFY sends it: ASCII digits padded with FF to 8 bytes. */
export function encodePin(pin: string): Buffer {
  if (!/^\d{4,8}$/.test(pin)) throw new Error('a PIN is 4 to 8 digits');
  const out = Buffer.alloc(8, 0xff);
  out.write(pin, 'latin1');
  return out;
}

// ---- APDU log shared with the test thread: [used bytes, overflow flag] then (u16 len, bytes) × 2 per exchange. ----

export const LOG_BYTES = 1 << 20;
const LOG_HEADER = 8;

export function appendLog(log: SharedArrayBuffer, command: Buffer, response: Buffer): void {
  const header = new Int32Array(log, 0, 2);
  const used = Atomics.load(header, 0);
  const entry = Buffer.alloc(4 + command.length + response.length);
  entry.writeUInt16BE(command.length, 0);
  command.copy(entry, 2);
  entry.writeUInt16BE(response.length, 2 + command.length);
  response.copy(entry, 4 + command.length);
  if (LOG_HEADER + used + entry.length > log.byteLength) {
    Atomics.store(header, 1, 1);
    return;
  }
  entry.copy(Buffer.from(log, LOG_HEADER + used, entry.length));
  Atomics.store(header, 0, used + entry.length); // publishes the entry before the response leaves the card
}

export function readLog(log: SharedArrayBuffer, from: number): { exchanges: ApduExchange[]; used: number } {
  const header = new Int32Array(log, 0, 2);
  if (Atomics.load(header, 1) !== 0) throw new Error('the virtual USIM APDU log overflowed; call clearLog()');
  const used = Atomics.load(header, 0);
  const bytes = Buffer.from(log, LOG_HEADER, used);
  const exchanges: ApduExchange[] = [];
  for (let at = from; at < used;) {
    const commandLength = bytes.readUInt16BE(at);
    const command = bytes.subarray(at + 2, at + 2 + commandLength);
    const responseLength = bytes.readUInt16BE(at + 2 + commandLength);
    const response = bytes.subarray(at + 4 + commandLength, at + 4 + commandLength + responseLength);
    exchanges.push({
      command: command.toString('hex').toUpperCase(),
      response: response.toString('hex').toUpperCase(),
    });
    at += 4 + commandLength + responseLength;
  }
  return { exchanges, used };
}

// ---- Worker side: the vpcd client. ----

interface CardWorkerData {
  kind: 'tobira-virtual-usim';
  imsi: string;
  port: number;
  atr: Uint8Array;
  log: SharedArrayBuffer;
  authenticatorOptions: unknown;
  milenage: MilenageCardOptions | undefined;
  pin: PinOptions | undefined;
}

type WorkerEvent = { type: 'connected' } | { type: 'served' } | { type: 'error'; message: string };

/** Entry of the card's worker (see `bundleWorker`); not for direct use. */
export function runVirtualUsimWorker(createAuthenticator?: AuthenticatorFactory): void {
  const data = workerData as CardWorkerData;
  const channel = parentPort;
  if (channel === null || data?.kind !== 'tobira-virtual-usim') throw new Error('not a virtual USIM worker');
  const post = (event: WorkerEvent): void => channel.postMessage(event);
  const authenticate = data.milenage
    ? milenageAuthenticator(data.milenage)
    : createAuthenticator?.(data.authenticatorOptions);
  const model = new UsimCardModel(data.imsi, authenticate, data.pin);
  const atr = Buffer.from(data.atr);

  const socket = connect({ host: '127.0.0.1', port: data.port });
  socket.setNoDelay(true);
  socket.once('connect', () => post({ type: 'connected' }));
  socket.on('error', (error) => post({ type: 'error', message: error.message }));
  socket.once('close', () => channel.close()); // lets the worker end
  channel.on('message', (message: unknown) => {
    if (message === 'remove') socket.destroy();
  });

  const send = (payload: Buffer): void => {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length);
    socket.write(Buffer.concat([header, payload]));
  };
  let inbox = Buffer.alloc(0);
  let served = false; // vpcd serves one card per reader; a second client would only sit in its accept queue
  socket.on('data', (chunk: Buffer) => {
    if (!served) post({ type: 'served' });
    served = true;
    inbox = Buffer.concat([inbox, chunk]);
    while (inbox.length >= 2 && inbox.length >= 2 + inbox.readUInt16BE(0)) {
      const message = Buffer.from(inbox.subarray(2, 2 + inbox.readUInt16BE(0)));
      inbox = inbox.subarray(2 + message.length);
      if (message.length === 1) {
        // 0 power off, 1 power on, 2 reset: no reply. 4: the ATR.
        if (message[0] === 0x04) send(atr);
        else model.reset();
        continue;
      }
      const response = model.handle(message);
      appendLog(data.log, message, response);
      send(response);
    }
  });
}

// ---- Test side. ----

const bundles = new Map<string, Promise<string>>();

/** The worker's code: this file (plus the authenticator module) bundled by esbuild, since a worker cannot load TS. */
function bundleWorker(authenticatorModule: string | undefined): Promise<string> {
  const key = authenticatorModule ?? '';
  let bundle = bundles.get(key);
  if (bundle === undefined) {
    const here = fileURLToPath(import.meta.url);
    const contents = authenticatorModule
      ? `import { runVirtualUsimWorker } from ${JSON.stringify(here)};\n` +
        `import { createAuthenticator } from ${JSON.stringify(authenticatorModule)};\n` +
        'runVirtualUsimWorker(createAuthenticator);\n'
      : `import { runVirtualUsimWorker } from ${JSON.stringify(here)};\nrunVirtualUsimWorker();\n`;
    bundle = import('esbuild').then(async ({ build }) => {
      const result = await build({
        stdin: { contents, resolveDir: dirname(here), loader: 'ts', sourcefile: 'virtual-usim-worker.ts' },
        bundle: true,
        write: false,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        external: ['smartcard', 'esbuild', 'proper-lockfile'],
        logLevel: 'silent',
      });
      const [output] = result.outputFiles;
      if (output === undefined) throw new Error('esbuild produced no worker bundle');
      return output.text;
    });
    bundles.set(key, bundle);
  }
  return bundle;
}

const reservations = new Map<number, { count: number; lock: Promise<() => Promise<void>> }>();

/**
 * Exclusive use of a virtual reader across test files (vitest runs them in parallel processes, and vpcd serves one
 * card per reader). `startVirtualUsim` takes it for the card's lifetime; a test that asserts a reader is *empty*
 * takes it itself. Re-entrant within a process; a crashed holder's lock goes stale after 10 s.
 */
export async function reserveReader(port = VPCD_BASE_PORT, waitMs = 60_000): Promise<() => Promise<void>> {
  let entry = reservations.get(port);
  if (entry === undefined) {
    const lock = import('proper-lockfile').then(({ default: lockfile }) =>
      lockfile.lock(join(tmpdir(), `tobira-vpcd-${port}`), {
        realpath: false,
        stale: 10_000,
        update: 2_000,
        retries: { retries: Math.ceil(waitMs / 50), factor: 1, minTimeout: 50, maxTimeout: 50 },
      }),
    );
    entry = { count: 0, lock };
    reservations.set(port, entry);
    lock.catch(() => reservations.delete(port));
  }
  entry.count++;
  const { lock } = entry;
  const counted = entry;
  let released = false;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    if (--counted.count > 0) return;
    reservations.delete(port);
    await (await lock)().catch(() => undefined);
  };
  try {
    await lock;
  } catch (error) {
    throw new Error(`another test kept "${readerNameForPort(port)}" for over ${waitMs} ms`, { cause: error });
  }
  return release;
}

/** Polls pcscd (through the smartcard binding) until the reader shows a card with `atr`, or no card when undefined. */
export async function waitForReader(
  reader: string,
  atr: Buffer | undefined,
  timeoutMs: number,
): Promise<void> {
  const sc = await import('smartcard');
  const context = new sc.Context();
  try {
    await waitFor(
      () => {
        const state = context.listReaders().find((candidate) => candidate.name === reader);
        if (state === undefined) return false;
        const present = (state.state & sc.SCARD_STATE_PRESENT) !== 0;
        if (atr === undefined) return !present;
        return present && state.atr !== null && atr.equals(state.atr);
      },
      timeoutMs,
      atr === undefined
        ? `pcscd still reports a card in "${reader}"`
        : `pcscd does not see the virtual card in "${reader}"`,
    );
  } finally {
    context.close();
  }
}

export async function startVirtualUsim(options: VirtualUsimOptions): Promise<VirtualUsim> {
  checkOptions(options);
  const { imsi, port = VPCD_BASE_PORT, authenticator } = options;
  const atr = options.atr ?? DEFAULT_ATR;
  const reader = readerNameForPort(port);
  const code = await bundleWorker(authenticator?.module);
  const release = await reserveReader(port);
  const log = new SharedArrayBuffer(LOG_BYTES);
  const worker = new Worker(code, {
    eval: true,
    workerData: {
      kind: 'tobira-virtual-usim',
      imsi,
      port,
      atr: new Uint8Array(atr),
      log,
      authenticatorOptions: authenticator?.options,
      milenage: options.milenage,
      pin: options.pin,
    } satisfies CardWorkerData,
  });
  worker.unref();

  let connected = false;
  let served = false;
  let failure: string | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (event: WorkerEvent) => {
    if (event.type === 'connected') connected = true;
    else if (event.type === 'served') served = true;
    else if (event.type === 'error') failure ??= event.message;
  });
  worker.on('error', (error) => (failure ??= error.message));

  try {
    await waitFor(
      () => {
        if (failure !== undefined) {
          throw new Error(
            `virtual USIM on 127.0.0.1:${port} failed (is pcscd with vpcd running?): ${failure}`,
          );
        }
        return connected && served;
      },
      5_000,
      `vpcd on 127.0.0.1:${port} did not talk to the virtual USIM (another card already in "${reader}"?)`,
    );
    await waitForReader(reader, atr, 5_000);
  } catch (error) {
    await worker.terminate();
    await release();
    throw error;
  }

  let logStart = 0;
  return {
    reader,
    imsi,
    get apdus() {
      return readLog(log, logStart).exchanges;
    },
    commands: () => readLog(log, logStart).exchanges.map((exchange) => exchange.command),
    clearLog: () => {
      logStart = readLog(log, 0).used;
    },
    async remove() {
      worker.postMessage('remove');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
      try {
        await waitForReader(reader, undefined, 5_000);
      } finally {
        await release();
      }
    },
  };
}
