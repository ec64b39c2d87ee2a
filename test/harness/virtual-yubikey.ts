import { createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { waitFor } from './wait';
import {
  LOG_BYTES,
  VPCD_BASE_PORT,
  appendLog,
  readLog,
  readerNameForPort,
  reserveReader,
  waitForReader,
  type ApduExchange,
} from './virtual-usim';

// A virtual YubiKey OATH application (YKOATH, docs/protocols/yubikey.md) behind vsmartcard-vpcd, beside the virtual
// USIM. Written from Yubico's YKOATH specification and the ykneo-oath reference applet, not from Tobira's client:
// SELECT (version, salt, challenge + algorithm when a password is set), VALIDATE, SET CODE, PUT (touch property, IMF),
// DELETE, LIST, CALCULATE (full/truncated), CALCULATE ALL, SEND REMAINING (61xx), RESET. A touch-required credential
// waits for `touch()` from the test, and without one answers 6982 after the timeout, as a YubiKey does.

export const OATH_AID = Buffer.from('A0000005272101', 'hex');
/** ATR of a YubiKey 5 NFC over USB (historical bytes "YubiKey"); T=1, as a YubiKey's CCID interface speaks. */
export const YUBIKEY_ATR = Buffer.from('3BFD1300008131FE158073C021C057597562694B657940', 'hex');
/** The reader the virtual key goes into by default: the second vpcd slot, so a virtual USIM can sit in the first. */
export const YUBIKEY_PORT = VPCD_BASE_PORT + 1;

const SW = {
  ok: 0x9000,
  securityStatus: 0x6982,
  noSuchObject: 0x6984,
  wrongData: 0x6a80,
  fileNotFound: 0x6a82,
  noSpace: 0x6a84,
  wrongP1P2: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
  wrongLength: 0x6700,
} as const;

const T = {
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

const HASHES: Record<number, 'sha1' | 'sha256' | 'sha512'> = { 1: 'sha1', 2: 'sha256', 3: 'sha512' };
const TYPE_HOTP = 0x10;
const TYPE_TOTP = 0x20;
const PROP_TOUCH = 0x02;
/** Short APDUs: at most this much data per answer; the rest waits for SEND REMAINING. */
const MAX_RESPONSE = 0xff;
const MAX_CREDENTIALS = 32;

export interface VirtualCredential {
  /** Credential id as stored: [period/][issuer:]name. */
  id: string;
  /** Raw HMAC key, hex. */
  keyHex: string;
  type?: 'totp' | 'hotp';
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
  digits?: number;
  touch?: boolean;
  /** HOTP initial moving factor. */
  counter?: number;
}

export interface VirtualYubikeyOptions {
  /** 35964 ("Virtual PCD 00 01") by default. */
  port?: number;
  /** OATH password: the key's access key is PBKDF2-HMAC-SHA1(password, salt, 1000, 16). */
  password?: string;
  /** The device id / salt (8 bytes hex); random by default. */
  saltHex?: string;
  version?: [number, number, number];
  credentials?: VirtualCredential[];
  /** How long a touch-required CALCULATE waits for `touch()` before 6982 (default 15 s). */
  touchTimeoutMs?: number;
  /** Touch at once whenever the key asks (for tests that do not exercise touch). */
  autoTouch?: boolean;
}

interface StoredCredential {
  id: Buffer;
  type: number;
  hash: number;
  digits: number;
  key: Buffer;
  touch: boolean;
  counter: number;
}

const status = (sw: number): Buffer => Buffer.from([sw >> 8, sw & 0xff]);

function tlv(tag: number, value: Uint8Array): Buffer {
  if (value.length > 0xff) throw new Error('tlv too long for the virtual key');
  const header = value.length < 0x80 ? [tag, value.length] : [tag, 0x81, value.length];
  return Buffer.concat([Buffer.from(header), value]);
}

/** Reads `tag` at `at` (BER lengths 00-7F, 81 xx, 82 xx xx); undefined when the tag is not there. */
function readTlv(data: Buffer, at: number, tag: number): { value: Buffer; next: number } | undefined {
  if (data[at] !== tag || at + 1 >= data.length) return undefined;
  let length = data[at + 1] as number;
  let start = at + 2;
  if (length === 0x81) {
    length = data[at + 2] ?? 0;
    start = at + 3;
  } else if (length === 0x82) {
    length = data.readUInt16BE(at + 2);
    start = at + 4;
  } else if (length > 0x80) return undefined;
  if (start + length > data.length) return undefined;
  return { value: data.subarray(start, start + length), next: start + length };
}

/** RFC 4226 §5.3 dynamic truncation: 31 bits from the offset the last nibble names. */
function truncate(hmac: Buffer): Buffer {
  const offset = (hmac[hmac.length - 1] as number) & 0x0f;
  const value = hmac.readUInt32BE(offset) & 0x7fffffff;
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

export type CardAnswer = Buffer | { awaitTouch: (touched: boolean) => Buffer };

/** The applet's state machine; pure (no I/O), so its own tests drive it directly as well as through pcscd. */
export class YkoathModel {
  private salt: Buffer;
  private accessKey: Buffer | undefined;
  private authenticated = false;
  private selected = false;
  private challenge: Buffer | undefined;
  private pending: Buffer | undefined;
  private readonly credentials: StoredCredential[] = [];
  private readonly version: Buffer;

  constructor(options: VirtualYubikeyOptions = {}) {
    this.salt = options.saltHex ? Buffer.from(options.saltHex, 'hex') : randomBytes(8);
    this.version = Buffer.from(options.version ?? [5, 4, 3]);
    if (options.password !== undefined)
      this.accessKey = pbkdf2Sync(Buffer.from(options.password, 'utf8'), this.salt, 1000, 16, 'sha1');
    for (const credential of options.credentials ?? []) {
      const hash = { SHA1: 1, SHA256: 2, SHA512: 3 }[credential.algorithm ?? 'SHA1'];
      this.credentials.push({
        id: Buffer.from(credential.id, 'utf8'),
        type: credential.type === 'hotp' ? TYPE_HOTP : TYPE_TOTP,
        hash,
        digits: credential.digits ?? 6,
        key: Buffer.from(credential.keyHex, 'hex'),
        touch: credential.touch ?? false,
        counter: credential.counter ?? 0,
      });
    }
  }

  /** Power off/on or reset: the applet is deselected and forgets its authentication. */
  reset(): void {
    this.selected = false;
    this.authenticated = false;
    this.challenge = undefined;
    this.pending = undefined;
  }

  handle(command: Buffer): CardAnswer {
    if (command.length < 4) return status(SW.wrongLength);
    const [cla, ins, p1, p2] = command as unknown as [number, number, number, number];
    let data: Buffer = Buffer.alloc(0);
    if (command.length > 5) {
      const lc = command[4] as number;
      if (command.length !== 5 + lc && command.length !== 6 + lc) return status(SW.wrongLength);
      data = command.subarray(5, 5 + lc);
    }
    if (cla !== 0x00) return status(SW.claNotSupported);
    // SELECT and CALCULATE ALL share INS A4; SELECT is the one with P1=04 (select by DF name).
    if (ins === 0xa4 && p1 === 0x04) return this.select(p1, p2, data);
    if (!this.selected) return status(SW.insNotSupported);
    if (ins === 0xa5) return this.sendRemaining();
    this.pending = undefined;
    // Every instruction but VALIDATE and RESET needs the password first when one is set (spec, "Require Auth").
    if (this.accessKey !== undefined && !this.authenticated && ins !== 0xa3 && ins !== 0x04) {
      return status(SW.securityStatus);
    }
    const p1p2 = (p1 << 8) | p2;
    switch (ins) {
      case 0x01:
        return p1p2 === 0 ? this.put(data) : status(SW.wrongP1P2);
      case 0x02:
        return p1p2 === 0 ? this.delete(data) : status(SW.wrongP1P2);
      case 0x03:
        return p1p2 === 0 ? this.setCode(data) : status(SW.wrongP1P2);
      case 0x04:
        return p1p2 === 0xdead ? this.resetApplet() : status(SW.wrongP1P2);
      case 0xa1:
        return p1p2 === 0 ? this.send(this.listBody()) : status(SW.wrongP1P2);
      case 0xa2:
        return p1 === 0 && p2 <= 1 ? this.calculate(data, p2 === 1) : status(SW.wrongP1P2);
      case 0xa3:
        return p1p2 === 0 ? this.validate(data) : status(SW.wrongP1P2);
      case 0xa4:
        return p1 === 0 && p2 <= 1 ? this.calculateAll(data, p2 === 1) : status(SW.wrongP1P2);
      default:
        return status(SW.insNotSupported);
    }
  }

  private select(p1: number, p2: number, data: Buffer): Buffer {
    if (p1 !== 0x04 || p2 !== 0x00) return status(SW.wrongP1P2);
    if (!data.equals(OATH_AID)) {
      this.selected = false;
      return status(SW.fileNotFound);
    }
    this.selected = true;
    this.authenticated = false;
    this.pending = undefined;
    const parts = [tlv(T.version, this.version), tlv(T.name, this.salt)];
    if (this.accessKey !== undefined) {
      this.challenge = randomBytes(8);
      parts.push(tlv(T.challenge, this.challenge), tlv(T.algorithm, Buffer.from([0x01])));
    }
    return this.send(Buffer.concat(parts));
  }

  /** At most MAX_RESPONSE bytes now; 61xx says how much is left (00 = 256 or more) for SEND REMAINING. */
  private send(body: Buffer): Buffer {
    if (body.length <= MAX_RESPONSE) {
      this.pending = undefined;
      return Buffer.concat([body, status(SW.ok)]);
    }
    this.pending = body.subarray(MAX_RESPONSE);
    const left = this.pending.length;
    return Buffer.concat([body.subarray(0, MAX_RESPONSE), Buffer.from([0x61, left > 0xff ? 0x00 : left])]);
  }

  private sendRemaining(): Buffer {
    const pending = this.pending;
    if (pending === undefined) return status(SW.noSuchObject);
    return this.send(pending);
  }

  private find(name: Buffer): StoredCredential | undefined {
    return this.credentials.find((credential) => credential.id.equals(name));
  }

  private put(data: Buffer): Buffer {
    const name = readTlv(data, 0, T.name);
    if (name === undefined || name.value.length === 0 || name.value.length > 64) return status(SW.wrongData);
    const key = readTlv(data, name.next, T.key);
    if (key === undefined || key.value.length < 2) return status(SW.wrongData);
    const typeAlgo = key.value[0] as number;
    const type = typeAlgo & 0xf0;
    const hash = typeAlgo & 0x0f;
    const digits = key.value[1] as number;
    if ((type !== TYPE_TOTP && type !== TYPE_HOTP) || HASHES[hash] === undefined) return status(SW.wrongData);
    if (digits < 6 || digits > 8) return status(SW.wrongData);
    let at = key.next;
    let touch = false;
    let counter = 0;
    if (data[at] === T.property) {
      // Tag and one byte, no length (spec, "Property(o)"; yubikit writes struct.pack(">BB", TAG_PROPERTY, prop)).
      if (at + 1 >= data.length) return status(SW.wrongData);
      touch = ((data[at + 1] as number) & PROP_TOUCH) !== 0;
      at += 2;
    }
    if (data[at] === T.imf) {
      const imf = readTlv(data, at, T.imf);
      if (imf === undefined || imf.value.length !== 4 || type !== TYPE_HOTP) return status(SW.wrongData);
      counter = imf.value.readUInt32BE(0);
      at = imf.next;
    }
    if (at !== data.length) return status(SW.wrongData);
    const existing = this.find(name.value);
    if (existing === undefined && this.credentials.length >= MAX_CREDENTIALS) return status(SW.noSpace);
    const stored: StoredCredential = {
      id: Buffer.from(name.value),
      type,
      hash,
      digits,
      key: Buffer.from(key.value.subarray(2)),
      touch,
      counter,
    };
    if (existing) this.credentials[this.credentials.indexOf(existing)] = stored;
    else this.credentials.push(stored);
    return status(SW.ok);
  }

  private delete(data: Buffer): Buffer {
    const name = readTlv(data, 0, T.name);
    if (name === undefined) return status(SW.wrongData);
    const existing = this.find(name.value);
    if (existing === undefined) return status(SW.noSuchObject);
    this.credentials.splice(this.credentials.indexOf(existing), 1);
    return status(SW.ok);
  }

  private setCode(data: Buffer): Buffer {
    const key = readTlv(data, 0, T.key);
    if (key === undefined) return status(SW.wrongData);
    if (key.value.length === 0) {
      this.accessKey = undefined;
      return status(SW.ok);
    }
    if (key.value[0] !== (TYPE_TOTP | 0x01)) return status(SW.wrongData);
    const newKey = Buffer.from(key.value.subarray(1));
    const challenge = readTlv(data, key.next, T.challenge);
    const response = challenge && readTlv(data, challenge.next, T.response);
    if (challenge === undefined || response === undefined) return status(SW.wrongData);
    const expected = createHmac('sha1', newKey).update(challenge.value).digest();
    if (response.value.length !== expected.length || !timingSafeEqual(response.value, expected))
      return status(SW.noSuchObject);
    this.accessKey = newKey;
    this.authenticated = true;
    return status(SW.ok);
  }

  private validate(data: Buffer): Buffer {
    if (this.accessKey === undefined || this.challenge === undefined) return status(SW.noSuchObject);
    const response = readTlv(data, 0, T.response);
    const challenge = response && readTlv(data, response.next, T.challenge);
    if (response === undefined || challenge === undefined || challenge.value.length < 8)
      return status(SW.wrongData);
    const expected = createHmac('sha1', this.accessKey).update(this.challenge).digest();
    if (response.value.length !== expected.length || !timingSafeEqual(response.value, expected)) {
      return status(SW.wrongData); // the wrong password
    }
    this.authenticated = true;
    return this.send(tlv(T.response, createHmac('sha1', this.accessKey).update(challenge.value).digest()));
  }

  private resetApplet(): Buffer {
    this.credentials.splice(0);
    this.accessKey = undefined;
    this.authenticated = false;
    this.salt = randomBytes(8);
    return status(SW.ok);
  }

  private listBody(): Buffer {
    return Buffer.concat(
      this.credentials.map((credential) =>
        tlv(T.nameList, Buffer.concat([Buffer.from([credential.type | credential.hash]), credential.id])),
      ),
    );
  }

  private hmac(credential: StoredCredential, challenge: Buffer): Buffer {
    const algorithm = HASHES[credential.hash] as string;
    if (credential.type === TYPE_HOTP) {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(BigInt(credential.counter));
      credential.counter += 1;
      return createHmac(algorithm, credential.key).update(counter).digest();
    }
    return createHmac(algorithm, credential.key).update(challenge).digest();
  }

  private answer(credential: StoredCredential, challenge: Buffer, truncated: boolean): Buffer {
    const full = this.hmac(credential, challenge);
    const digits = Buffer.from([credential.digits]);
    return truncated
      ? tlv(T.truncated, Buffer.concat([digits, truncate(full)]))
      : tlv(T.response, Buffer.concat([digits, full]));
  }

  private calculate(data: Buffer, truncated: boolean): CardAnswer {
    const name = readTlv(data, 0, T.name);
    if (name === undefined) return status(SW.wrongData);
    const credential = this.find(name.value);
    if (credential === undefined) return status(SW.noSuchObject);
    const challenge = readTlv(data, name.next, T.challenge);
    if (challenge === undefined) return status(SW.wrongData);
    const value = Buffer.from(challenge.value);
    if (!credential.touch) return this.send(this.answer(credential, value, truncated));
    return {
      awaitTouch: (touched) =>
        touched ? this.send(this.answer(credential, value, truncated)) : status(SW.securityStatus),
    };
  }

  private calculateAll(data: Buffer, truncated: boolean): Buffer {
    const challenge = readTlv(data, 0, T.challenge);
    if (challenge === undefined) return status(SW.wrongData);
    const parts: Buffer[] = [];
    for (const credential of this.credentials) {
      parts.push(tlv(T.name, credential.id));
      const digits = Buffer.from([credential.digits]);
      if (credential.type === TYPE_HOTP) parts.push(tlv(T.hotp, digits));
      else if (credential.touch) parts.push(tlv(T.touch, digits));
      else parts.push(this.answer(credential, Buffer.from(challenge.value), truncated));
    }
    return this.send(Buffer.concat(parts));
  }
}

// ---- Worker side: the vpcd client. ----

interface KeyWorkerData {
  kind: 'tobira-virtual-yubikey';
  port: number;
  log: SharedArrayBuffer;
  options: VirtualYubikeyOptions;
}

type WorkerEvent =
  { type: 'connected' } | { type: 'served' } | { type: 'touch-wanted' } | { type: 'error'; message: string };

/** Entry of the key's worker (see `bundleWorker`); not for direct use. */
export function runVirtualYubikeyWorker(): void {
  const data = workerData as KeyWorkerData;
  const channel = parentPort;
  if (channel === null || data?.kind !== 'tobira-virtual-yubikey')
    throw new Error('not a virtual YubiKey worker');
  const post = (event: WorkerEvent): void => channel.postMessage(event);
  const model = new YkoathModel(data.options);
  const touchTimeoutMs = data.options.touchTimeoutMs ?? 15_000;
  let touchWaiter: ((touched: boolean) => void) | undefined;
  let touchedEarly = false;

  const socket = connect({ host: '127.0.0.1', port: data.port });
  socket.setNoDelay(true);
  socket.once('connect', () => post({ type: 'connected' }));
  socket.on('error', (error) => post({ type: 'error', message: error.message }));
  socket.once('close', () => channel.close());
  channel.on('message', (message: unknown) => {
    if (message === 'remove') socket.destroy();
    if (message === 'touch') {
      if (touchWaiter) touchWaiter(true);
      else touchedEarly = true;
    }
  });

  const send = (payload: Buffer): void => {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length);
    socket.write(Buffer.concat([header, payload]));
  };
  const waitForTouch = (): Promise<boolean> => {
    if (data.options.autoTouch || touchedEarly) {
      touchedEarly = false;
      return Promise.resolve(true);
    }
    post({ type: 'touch-wanted' });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        touchWaiter = undefined;
        resolve(false);
      }, touchTimeoutMs);
      touchWaiter = (touched) => {
        clearTimeout(timer);
        touchWaiter = undefined;
        resolve(touched);
      };
    });
  };

  let inbox = Buffer.alloc(0);
  let served = false;
  let queue = Promise.resolve();
  socket.on('data', (chunk: Buffer) => {
    if (!served) post({ type: 'served' });
    served = true;
    inbox = Buffer.concat([inbox, chunk]);
    while (inbox.length >= 2 && inbox.length >= 2 + inbox.readUInt16BE(0)) {
      const message = Buffer.from(inbox.subarray(2, 2 + inbox.readUInt16BE(0)));
      inbox = inbox.subarray(2 + message.length);
      // In order: a touch wait holds back the answers after it, as the key's single APDU channel does.
      queue = queue.then(async () => {
        if (message.length === 1) {
          if (message[0] === 0x04) send(YUBIKEY_ATR);
          else model.reset();
          return;
        }
        const answer = model.handle(message);
        const response = Buffer.isBuffer(answer) ? answer : answer.awaitTouch(await waitForTouch());
        appendLog(data.log, message, response);
        send(response);
      });
    }
  });
}

// ---- Test side. ----

let bundle: Promise<string> | undefined;

function bundleWorker(): Promise<string> {
  bundle ??= import('esbuild').then(async ({ build }) => {
    const here = fileURLToPath(import.meta.url);
    const result = await build({
      stdin: {
        contents: `import { runVirtualYubikeyWorker } from ${JSON.stringify(here)};\nrunVirtualYubikeyWorker();\n`,
        resolveDir: dirname(here),
        loader: 'ts',
        sourcefile: 'virtual-yubikey-worker.ts',
      },
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
  return bundle;
}

export interface VirtualYubikey {
  readonly reader: string;
  readonly apdus: readonly ApduExchange[];
  commands(): string[];
  clearLog(): void;
  /** Presses the key's button: answers the CALCULATE waiting for it, or the next one. */
  touch(): void;
  /** Resolves when a touch-required CALCULATE starts waiting for the button. */
  touchWanted(): Promise<void>;
  remove(): Promise<void>;
}

export async function startVirtualYubikey(options: VirtualYubikeyOptions = {}): Promise<VirtualYubikey> {
  const port = options.port ?? YUBIKEY_PORT;
  if (port !== VPCD_BASE_PORT && port !== VPCD_BASE_PORT + 1)
    throw new Error(`vpcd listens on 35963/35964, not ${port}`);
  const reader = readerNameForPort(port);
  const code = await bundleWorker();
  const release = await reserveReader(port);
  const log = new SharedArrayBuffer(LOG_BYTES);
  const worker = new Worker(code, {
    eval: true,
    workerData: { kind: 'tobira-virtual-yubikey', port, log, options } satisfies KeyWorkerData,
  });
  worker.unref();

  let connected = false;
  let served = false;
  let failure: string | undefined;
  const touchListeners: Array<() => void> = [];
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (event: WorkerEvent) => {
    if (event.type === 'connected') connected = true;
    else if (event.type === 'served') served = true;
    else if (event.type === 'touch-wanted') touchListeners.splice(0).forEach((listener) => listener());
    else failure ??= event.message;
  });
  worker.on('error', (error) => (failure ??= error.message));

  try {
    await waitFor(
      () => {
        if (failure !== undefined) throw new Error(`virtual YubiKey on 127.0.0.1:${port} failed: ${failure}`);
        return connected && served;
      },
      5_000,
      `vpcd on 127.0.0.1:${port} did not talk to the virtual YubiKey (another card already in "${reader}"?)`,
    );
    await waitForReader(reader, YUBIKEY_ATR, 5_000);
  } catch (error) {
    await worker.terminate();
    await release();
    throw error;
  }

  let logStart = 0;
  return {
    reader,
    get apdus() {
      return readLog(log, logStart).exchanges;
    },
    commands: () => readLog(log, logStart).exchanges.map((exchange) => exchange.command),
    clearLog: () => {
      logStart = readLog(log, 0).used;
    },
    touch: () => worker.postMessage('touch'),
    touchWanted: () => new Promise<void>((resolve) => touchListeners.push(resolve)),
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
