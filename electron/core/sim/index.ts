import type { MessageKey, MessageParams } from '../../../shared/i18n';
import { fromPcscError } from './errors';
import { withPcsc, type ReaderInfo } from './reader';
import { chooseReaders, readImsiFromCard } from './usim';

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
 * Sends exactly the APDU sequence of the SORACOM Go client (specs/krypton.md §2.2) to a normal SIM.
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
