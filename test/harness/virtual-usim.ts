import { connect, type Socket } from 'node:net';
import { z } from 'zod';
import { waitFor } from './wait';

// A virtual USIM behind vsmartcard-vpcd (specs/infra.md §1): the card is the TCP client of pcscd's vpcd driver and
// answers like a T=0 UICC, byte-compatible with the SORACOM Go client's sequence (specs/krypton.md §2.2, §2.8).

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
/** Where Milenage plugs in; without it the card answers AUTHENTICATE with 6D00. */
export type AuthenticateHandler = (request: AuthenticateRequest) => AuthenticateResult;

export interface VirtualUsimOptions {
  imsi: string;
  /** vpcd port: 35963 = "Virtual PCD 00 00", 35964 = "Virtual PCD 00 01". */
  port?: number;
  atr?: Buffer;
  authenticate?: AuthenticateHandler;
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

const optionsSchema = z.object({
  imsi: z.string().regex(/^\d{6,15}$/, 'an IMSI is 6 to 15 decimal digits'),
  port: z.number().int().min(VPCD_BASE_PORT).max(VPCD_BASE_PORT + 1).default(VPCD_BASE_PORT),
});

export function readerNameForPort(port: number): string {
  return `Virtual PCD 00 ${String(port - VPCD_BASE_PORT).padStart(2, '0')}`;
}

/** EF_IMSI content (9 bytes), written independently of the decoder under test. */
export function encodeEfImsi(imsi: string): Buffer {
  const digits = [...imsi].map(Number);
  const nibbles = [digits.length % 2 === 1 ? 0x9 : 0x1, ...digits];
  if (nibbles.length % 2 === 1) nibbles.push(0xf);
  const bytes: number[] = [];
  for (let i = 0; i < nibbles.length; i += 2) bytes.push(((nibbles[i + 1] as number) << 4) | (nibbles[i] as number));
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
      fcp: tlv(0x62, tlv(0x82, hex('4121')), tlv(0x83, hex('6F07')), tlv(0x80, hex('0009')), tlv(0x8a, hex('05'))),
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

  constructor(
    imsi: string,
    private readonly authenticate?: AuthenticateHandler,
  ) {
    this.files = buildFiles(imsi);
  }

  /** Power on, power off and warm reset all return to the MF with nothing pending. */
  reset(): void {
    this.df = 'mf';
    this.ef = undefined;
    this.pending = undefined;
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
    const ef = this.df === 'mf' && fid === 0x2f00 ? efDir : this.df === 'adf' && fid === 0x6f07 ? efImsi : undefined;
    if (ef !== undefined) this.ef = ef;
    return ef;
  }

  private getResponse(p1: number, p2: number, { data, le }: CommandBody, pending: Buffer | undefined): Buffer {
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
}

function connectToVpcd(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) =>
      reject(new Error(`vpcd is not listening on 127.0.0.1:${port} (is pcscd running?): ${error.message}`)),
    );
  });
}

/** Polls pcscd (through the smartcard binding) until the reader shows a card with `atr`, or no card when undefined. */
async function waitForReader(
  reader: string,
  atr: Buffer | undefined,
  timeoutMs: number,
  served: () => boolean = () => true,
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
        return served() && present && state.atr !== null && atr.equals(state.atr);
      },
      timeoutMs,
      atr === undefined ? `pcscd still reports a card in "${reader}"` : `pcscd does not see the virtual card in "${reader}"`,
    );
  } finally {
    context.close();
  }
}

export async function startVirtualUsim(options: VirtualUsimOptions): Promise<VirtualUsim> {
  const { imsi, port } = optionsSchema.parse(options);
  const atr = options.atr ?? DEFAULT_ATR;
  const reader = readerNameForPort(port);
  const model = new UsimCardModel(imsi, options.authenticate);
  const log: ApduExchange[] = [];

  const socket = await connectToVpcd(port);
  socket.setNoDelay(true);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => socket.destroy()); // pcscd went away: the card is simply out

  const send = (payload: Buffer): void => {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length);
    socket.write(Buffer.concat([header, payload]));
  };
  let inbox = Buffer.alloc(0);
  let served = false; // vpcd serves one card per reader; a second client would only sit in the accept queue
  socket.on('data', (chunk: Buffer) => {
    served = true;
    inbox = Buffer.concat([inbox, chunk]);
    while (inbox.length >= 2 && inbox.length >= 2 + inbox.readUInt16BE(0)) {
      const message = inbox.subarray(2, 2 + inbox.readUInt16BE(0));
      inbox = inbox.subarray(2 + message.length);
      if (message.length === 1) {
        // 0 power off, 1 power on, 2 reset: no reply. 4: the ATR.
        if (message[0] === 0x04) send(atr);
        else model.reset();
        continue;
      }
      const response = model.handle(Buffer.from(message));
      log.push({ command: message.toString('hex').toUpperCase(), response: response.toString('hex').toUpperCase() });
      send(response);
    }
  });

  try {
    await waitForReader(reader, atr, 5_000, () => served);
  } catch (error) {
    socket.destroy();
    throw error;
  }

  return {
    reader,
    imsi,
    apdus: log,
    commands: () => log.map((exchange) => exchange.command),
    clearLog: () => {
      log.length = 0;
    },
    async remove() {
      socket.destroy();
      await closed;
      await waitForReader(reader, undefined, 5_000);
    },
  };
}
