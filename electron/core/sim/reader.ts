import { requireNative } from '../native-require';
import type { CardInterface, ContextInterface, ReaderInterface } from 'smartcard';
import { addStep } from '../timings';
import { debug, debugEnabled, msSince } from '../debug';
import { buildGetResponse, parseResponse, toHex, withLe, type ResponseApdu } from './apdu';
import { fromPcscError, simErrors } from './errors';

type Smartcard = typeof import('smartcard');

let smartcard: Smartcard | undefined;

/**
 * The native binding is loaded on first use, so commands that never touch a reader start without it; through
 * require(), as import() of a CommonJS package first runs Node's CommonJS export lexer over it.
 */
async function loadSmartcard(): Promise<Smartcard> {
  if (smartcard) return smartcard;
  const started = performance.now();
  try {
    smartcard = requireNative<Smartcard>('smartcard');
    return smartcard;
  } catch (error) {
    throw simErrors.libraryUnavailable(error);
  } finally {
    addStep('pcsc.load', performance.now() - started);
  }
}

/** The time of a pcscd call (made in this thread or awaited) under `step`; these are waits on pcscd and the card. */
function timed<T>(step: string, run: () => T): T {
  const started = performance.now();
  try {
    return run();
  } finally {
    addStep(step, performance.now() - started);
  }
}

export interface ReaderInfo {
  name: string;
  cardPresent: boolean;
  /** ATR of the card in upper-case hex, when one is present. */
  atr?: string;
}

export interface TransmitOptions {
  /**
   * true (default): answer 61xx with GET RESPONSE (looping while 61) and 6Cxx by resending with Le=xx, returning the
   * collected data. false: return the card's first answer as it is, e.g. a 61xx that the caller chooses to ignore.
   */
  collect?: boolean;
}

export interface CardChannel {
  readonly reader: string;
  transmit(command: Buffer, options?: TransmitOptions): Promise<ResponseApdu>;
}

export const DEFAULT_TIMEOUT_MS = 5_000;

/** APDUs sent and the time spent waiting on pcscd and the card for them (benchmark and timing output). */
export interface TransmitStats {
  apdus: number;
  waitMs: number;
}
const MAX_GET_RESPONSE_ROUNDS = 64;
const SHARING_RETRY_MS = 50;

/**
 * T=0 status word handling on top of a raw transmit. pcsc-lite does not issue GET RESPONSE by itself, and the
 * binding's own autoGetResponse is not used so the exact command sequence stays under our control.
 */
export async function exchange(
  raw: (command: Buffer) => Promise<Buffer>,
  command: Buffer,
  options: TransmitOptions = {},
): Promise<ResponseApdu> {
  let response = parseResponse(await raw(command));
  if (options.collect === false) return response;
  if (response.sw1 === 0x6c) response = parseResponse(await raw(withLe(command, response.sw2)));
  const chunks = [response.data];
  for (let round = 0; response.sw1 === 0x61; round++) {
    if (round === MAX_GET_RESPONSE_ROUNDS) {
      throw simErrors.malformed('response', `still 61xx after ${round} GET RESPONSE commands`);
    }
    response = parseResponse(await raw(buildGetResponse(response.sw2)));
    if (response.sw1 === 0x6c) response = parseResponse(await raw(buildGetResponse(response.sw2)));
    chunks.push(response.data);
  }
  return { ...response, data: Buffer.concat(chunks) };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One PC/SC context. Use through `withPcsc`, which always releases it so the process can exit. */
export class PcscSession {
  private constructor(
    private readonly sc: Smartcard,
    private readonly context: ContextInterface,
    private readonly timeoutMs: number,
  ) {}

  static async open(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PcscSession> {
    const sc = await loadSmartcard();
    let context: ContextInterface;
    try {
      // Throws synchronously ("PC/SC service not running") when pcscd is absent; it does not wait for it.
      context = timed('pcsc.context', () => new sc.Context());
    } catch (error) {
      throw fromPcscError(error);
    }
    if (!context.isValid) throw simErrors.pcscUnavailable();
    return new PcscSession(sc, context, timeoutMs);
  }

  readers(): ReaderInfo[] {
    return this.rawReaders().map((reader) => {
      const cardPresent = (reader.state & this.sc.SCARD_STATE_PRESENT) !== 0;
      const info: ReaderInfo = { name: reader.name, cardPresent };
      if (cardPresent && reader.atr && reader.atr.length > 0) info.atr = toHex(reader.atr);
      return info;
    });
  }

  private rawReaders(): ReaderInterface[] {
    try {
      return timed('pcsc.readers', () => this.context.listReaders());
    } catch (error) {
      throw fromPcscError(error);
    }
  }

  /** Connects (exclusive, T=0 or T=1 as pcscd negotiates), runs `use`, and always disconnects leaving the card as is. */
  async withCard<T>(
    readerName: string,
    use: (card: CardChannel) => Promise<T>,
    stats?: TransmitStats,
  ): Promise<T> {
    const reader = this.rawReaders().find((candidate) => candidate.name === readerName);
    if (reader === undefined) {
      throw simErrors.readerNotFound(
        readerName,
        this.readers().map((info) => info.name),
      );
    }
    const { sc, timeoutMs } = this;
    // Exclusive: the smartcard binding has no SCardBeginTransaction, and another program's APDUs between our SELECT
    // and GET RESPONSE would wreck the card's state. Someone else holding the card is waited for, within the timeout.
    const deadline = Date.now() + timeoutMs;
    let card: CardInterface | undefined;
    while (card === undefined) {
      try {
        const connecting = performance.now();
        card = await withTimeout(
          reader.connect(sc.SCARD_SHARE_EXCLUSIVE, sc.SCARD_PROTOCOL_T0 | sc.SCARD_PROTOCOL_T1),
          Math.max(1, deadline - Date.now()),
          () => simErrors.timeout(`connect to "${readerName}"`, timeoutMs),
        ).finally(() => addStep('pcsc.connect', performance.now() - connecting));
      } catch (error) {
        const busy = error instanceof Error && /sharing violation/i.test(error.message);
        if (!busy || Date.now() + SHARING_RETRY_MS >= deadline) throw fromPcscError(error, readerName);
        await new Promise((resolve) => setTimeout(resolve, SHARING_RETRY_MS));
      }
    }
    const connected = card;
    const raw = async (command: Buffer): Promise<Buffer> => {
      const started = performance.now();
      try {
        const response = await withTimeout(connected.transmit(command), timeoutMs, () =>
          simErrors.timeout(`APDU ${toHex(command.subarray(0, 4))}`, timeoutMs),
        );
        if (debugEnabled()) debug('apdu', apduSummary(command, response, started));
        return response;
      } catch (error) {
        throw fromPcscError(error, readerName);
      } finally {
        const waited = performance.now() - started;
        addStep('pcsc.transmit', waited);
        if (stats) {
          stats.apdus++;
          stats.waitMs += waited;
        }
      }
    };
    const channel: CardChannel = {
      reader: readerName,
      transmit: (command, options) => exchange(raw, command, options),
    };
    try {
      return await use(channel);
    } finally {
      try {
        timed('pcsc.disconnect', () => connected.disconnect(sc.SCARD_LEAVE_CARD));
      } catch {
        // The card may already be gone; nothing is left to release.
      }
    }
  }

  close(): void {
    try {
      timed('pcsc.close', () => this.context.close());
    } catch {
      // Closing twice or after pcscd stopped is harmless.
    }
  }
}

export async function withPcsc<T>(
  use: (session: PcscSession) => Promise<T>,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  const session = await PcscSession.open(timeoutMs);
  try {
    return await use(session);
  } finally {
    session.close();
  }
}

/**
 * One exchange for --debug: the header (CLA INS P1 P2), the lengths and the status word. Never the data: it holds the
 * PIN (VERIFY), RAND/AUTN and RES/CK/IK (AUTHENTICATE) and the IMSI.
 */
export function apduSummary(command: Uint8Array, response: Uint8Array, started: number): string {
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = command;
  const hex = (value: number) => value.toString(16).padStart(2, '0').toUpperCase();
  const lc = command.length > 5 ? command[4] : 0;
  const sw = response.length >= 2 ? toHex(response.subarray(response.length - 2)).toUpperCase() : '----';
  return (
    `CLA=${hex(cla)} INS=${hex(ins)} P1=${hex(p1)} P2=${hex(p2)} Lc=${lc} → SW=${sw}, ` +
    `${Math.max(0, response.length - 2)} data bytes (${msSince(started)})`
  );
}
