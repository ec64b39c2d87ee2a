import type { MessageKey, MessageParams } from '../../../shared/i18n';
import { buildSelectByAid, isSuccess, isUsimAid, type AuthenticateResult } from './apdu';
import { fromPcscError, simErrors } from './errors';
import {
  DEFAULT_TIMEOUT_MS,
  withPcsc,
  type CardChannel,
  type PcscSession,
  type ReaderInfo,
  type TransmitStats,
} from './reader';
import { authenticateUsim, chooseReaders, findUsimAid, readImsiFromCard, verifyPin1 } from './usim';

export type { AuthenticateResult } from './apdu';
export { isValidPin } from './apdu';
export { simErrors } from './errors';
export type { TransmitStats } from './reader';

export type SimReader = ReaderInfo;

export interface SimImsi {
  reader: string;
  imsi: string;
}

export interface SimStatusEntry extends SimReader {
  imsi?: string;
  /** Why the IMSI of a present card could not be read, as a message key for the caller's language. */
  error?: { key: MessageKey; params: MessageParams; message: string };
}

export interface ReadImsiOptions {
  /** Exact PC/SC reader name (as `listReaders` gives it); empty or absent means any reader with a card. */
  reader?: string;
}

/** Every PC/SC reader pcscd knows, with whether a card is in it. Throws sim.pcsc.unavailable without pcscd. */
export async function listReaders(): Promise<SimReader[]> {
  return withPcsc(async (session) => session.readers());
}

/**
 * The IMSI of the USIM in `reader`, or, without a reader, of the first reader whose card is a readable USIM.
 * Sends exactly the APDU sequence of the SORACOM Go client (docs/protocols/krypton.md) to a normal SIM.
 */
export async function readImsi(options: ReadImsiOptions = {}): Promise<SimImsi> {
  const reader = options.reader || undefined;
  return withPcsc(async (session) => {
    let firstError: unknown;
    for (const candidate of chooseReaders(session.readers(), reader)) {
      try {
        return { reader: candidate.name, imsi: await session.withCard(candidate.name, readImsiFromCard) };
      } catch (error) {
        firstError ??= error;
      }
    }
    throw fromPcscError(firstError, reader);
  });
}

/** `tobira sim status`: every reader, and for each present card its IMSI or the reason it could not be read. */
export async function simStatus(): Promise<SimStatusEntry[]> {
  return withPcsc(async (session) => {
    const entries: SimStatusEntry[] = [];
    for (const reader of session.readers()) {
      if (!reader.cardPresent) {
        entries.push(reader);
        continue;
      }
      try {
        entries.push({ ...reader, imsi: await session.withCard(reader.name, readImsiFromCard) });
      } catch (caught) {
        const error = fromPcscError(caught, reader.name);
        entries.push({ ...reader, error: { key: error.key, params: error.params, message: error.message } });
      }
    }
    return entries;
  });
}

export interface UsimOptions {
  /** Exact reader name; absent means the first reader holding a USIM. */
  reader?: string;
  /** How long to wait for the reader and a card to show up (0: fail at once). */
  waitMs?: number;
  /** Limit for each PC/SC call (connect, transmit). */
  timeoutMs?: number;
  /** Told once, when there is no card yet and waiting starts. */
  onWait?: (reader: string | undefined) => void;
  /** Second factor: asked once for PIN1, which is verified (once, never retried) before EF_IMSI and AUTHENTICATE. */
  pin?: () => Promise<string>;
  /**
   * The USIM AID seen on this card before: SELECT ADF.USIM by it directly, skipping the EF_DIR discovery (4 APDUs);
   * if the card does not know it, the discovery runs as usual.
   */
  aidHint?: Buffer;
  /** Counts the APDUs and the time waited on pcscd and the card. */
  stats?: TransmitStats;
}

/** An open USIM: its IMSI is read (PIN verified when asked) and AUTHENTICATE may follow on the same connection. */
export interface Usim {
  reader: string;
  imsi: string;
  /** The USIM AID (a hint for the next sign-in). */
  aid: Buffer;
  authenticate(rand: Uint8Array, autn: Uint8Array): Promise<AuthenticateResult>;
}

const POLL_MS = 100;

/**
 * Waits (polling pcscd, never blocking in native code) until the reader exists and holds a card, or any reader
 * does; a reader unplugged and plugged back in is found again. Throws a timeout that says what was missing.
 */
export async function waitForReaders(
  readers: () => ReaderInfo[],
  name: string | undefined,
  waitMs: number,
  onWait?: (reader: string | undefined) => void,
  now: () => number = Date.now,
): Promise<ReaderInfo[]> {
  const deadline = now() + waitMs;
  let told = false;
  for (;;) {
    const current = readers();
    try {
      return chooseReaders(current, name);
    } catch (error) {
      if (now() >= deadline) {
        if (waitMs <= 0) throw error;
        throw simErrors.waitTimedOut(
          name,
          waitMs,
          current.map((reader) => reader.name),
        );
      }
    }
    if (!told) onWait?.(name);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(POLL_MS, deadline - now()))));
  }
}

/**
 * Opens the USIM for a sign-in: waits for a card, connects once, runs the §2.2 sequence up to the IMSI (with VERIFY
 * PIN1 when a PIN is asked for), then hands the open card to `use` for AUTHENTICATE. The PC/SC context and the card
 * are always released, so a pulled card or reader only fails this attempt with a clear message.
 */
export async function withUsim<T>(options: UsimOptions, use: (usim: Usim) => Promise<T>): Promise<T> {
  const reader = options.reader || undefined;
  return withPcsc(async (session: PcscSession) => {
    const candidates = await waitForReaders(
      () => session.readers(),
      reader,
      options.waitMs ?? 0,
      options.onWait,
    );
    let firstError: unknown;
    for (const candidate of candidates) {
      let opened = false;
      let fromUse: { error: unknown } | undefined;
      try {
        return await session.withCard(
          candidate.name,
          async (card) => {
            const hinted = options.aidHint && (await selectsAid(card, options.aidHint));
            const aid = hinted || (await findUsimAid(card));
            opened = true; // a USIM: from here on its errors are the answer, not a reason to try the next reader
            const { pin } = options;
            const imsi = await readImsiFromCard(card, {
              aid,
              adfSelected: hinted !== undefined,
              ...(pin
                ? { afterSelectAdf: async (channel: CardChannel) => verifyPin1(channel, await pin()) }
                : {}),
            });
            // What `use` throws (HTTP, the provider's own errors) is not a PC/SC problem and passes through as is.
            return use({
              reader: candidate.name,
              imsi,
              aid,
              authenticate: (rand, autn) =>
                authenticateUsim(card, aid, rand, autn).catch((error: unknown) => {
                  throw fromPcscError(error, candidate.name);
                }),
            }).catch((error: unknown) => {
              fromUse = { error };
              throw error;
            });
          },
          options.stats,
        );
      } catch (error) {
        if (fromUse) throw fromUse.error;
        if (opened || candidates.length === 1) throw fromPcscError(error, candidate.name);
        firstError ??= error;
      }
    }
    throw fromPcscError(firstError, reader);
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}

async function selectsAid(card: CardChannel, aid: Buffer): Promise<Buffer | undefined> {
  if (!isUsimAid(aid)) return undefined;
  const response = await card.transmit(buildSelectByAid(aid), { collect: false });
  return isSuccess(response) ? aid : undefined;
}
