import { createHash } from 'node:crypto';
import { TobiraError } from '../errors';
import { withPcsc, type CardChannel, type PcscSession } from '../sim/reader';
import type { ResponseApdu } from '../sim/apdu';
import { yubikeyErrors } from './errors';
import {
  buildCalculate,
  buildCalculateAll,
  buildDelete,
  buildList,
  buildPut,
  buildSelect,
  buildSendRemaining,
  buildValidate,
  checkValidateResponse,
  deriveAccessKey,
  parseCalculate,
  parseCalculateAll,
  parseList,
  parseSelect,
  SW,
  totpChallenge,
  type ListedCredential,
  type NewCredential,
  type SelectInfo,
} from './oath';

/** How long one APDU may take: a touch-required CALCULATE waits for the person until the key itself gives up. */
export const TOUCH_WAIT_MS = 30_000;
const MAX_SEND_REMAINING = 64;

export interface OathKeyInfo {
  reader: string;
  version: string;
  /** First 16 bytes of SHA-256(salt), hex: names the key without revealing the salt. */
  deviceId: string;
  passwordSet: boolean;
}

export interface UnlockOptions {
  /** A remembered access key (the derived key, never the password). */
  accessKey?: () => Promise<Buffer | undefined>;
  /** Asks for the OATH password when the key has one and no remembered key opened it. */
  password?: (reader: string) => Promise<string>;
}

export interface YubikeyOptions extends UnlockOptions {
  /** Exact PC/SC reader name; absent = every reader holding a key with the OATH application. */
  reader?: string;
}

/** One open OATH application: SELECTed (and VALIDATEd when password-protected) on an exclusive connection. */
export class OathChannel {
  constructor(
    private readonly card: CardChannel,
    readonly info: OathKeyInfo,
    private readonly select: SelectInfo,
  ) {}

  get reader(): string {
    return this.card.reader;
  }

  /** Sends a command; a 61xx answer is followed by SEND REMAINING (INS A5) until the last part, then 9000 checked. */
  async send(command: Buffer, name: string): Promise<Buffer> {
    let response = await this.card.transmit(command, { collect: false });
    const parts = [response.data];
    for (let round = 0; response.sw1 === 0x61; round++) {
      if (round === MAX_SEND_REMAINING) throw yubikeyErrors.malformed('61xx without end');
      response = await this.card.transmit(buildSendRemaining(), { collect: false });
      parts.push(response.data);
    }
    if (response.sw !== SW.ok) throw statusError(this.reader, name, response);
    return Buffer.concat(parts);
  }

  async unlock(options: UnlockOptions): Promise<Buffer | undefined> {
    const challenge = this.select.challenge;
    if (challenge === undefined) return undefined;
    const remembered = await options.accessKey?.();
    if (remembered !== undefined) {
      await this.validate(remembered, challenge, true);
      return undefined;
    }
    if (options.password === undefined) throw yubikeyErrors.passwordNeeded(this.reader);
    const key = deriveAccessKey(await options.password(this.reader), this.select.salt);
    await this.validate(key, challenge, false);
    return key;
  }

  private async validate(key: Buffer, challenge: Buffer, remembered: boolean): Promise<void> {
    const { command, expected } = buildValidate(key, challenge);
    const response = await this.card.transmit(command, { collect: false });
    if (response.sw === SW.wrongSyntax) {
      throw remembered
        ? yubikeyErrors.rememberedKeyWrong(this.reader, this.info.deviceId)
        : yubikeyErrors.passwordWrong(this.reader);
    }
    if (response.sw !== SW.ok) throw statusError(this.reader, 'VALIDATE', response);
    checkValidateResponse(response.data, expected);
  }

  async list(): Promise<ListedCredential[]> {
    return parseList(await this.send(buildList(), 'LIST'));
  }

  /** Credentials with whether each needs a touch (CALCULATE ALL answers 7C for those, ykman's calculate_all). */
  async listWithTouch(atSeconds: number): Promise<Array<ListedCredential & { touch: boolean }>> {
    const listed = await this.list();
    const all = parseCalculateAll(await this.send(buildCalculateAll(atSeconds), 'CALCULATE ALL'));
    const touch = new Set(all.filter((entry) => entry.kind === 'touch').map((entry) => entry.id));
    return listed.map((credential) => ({ ...credential, touch: touch.has(credential.id) }));
  }

  async calculate(credential: ListedCredential, atSeconds: number): Promise<string> {
    const challenge =
      credential.type === 'totp' ? totpChallenge(atSeconds, credential.period) : Buffer.alloc(0);
    try {
      return parseCalculate(await this.send(buildCalculate(credential.id, challenge), 'CALCULATE'));
    } catch (error) {
      // A touch-required credential answers 6982 when nobody touched the key in time (ykman: "Touch account timed out").
      if (error instanceof TobiraError && error.params.sw === '6982')
        throw yubikeyErrors.touchTimeout(this.reader, credential.id);
      throw error;
    }
  }

  async put(credential: NewCredential): Promise<void> {
    await this.send(buildPut(credential), 'PUT');
  }

  async delete(id: string): Promise<void> {
    await this.send(buildDelete(id), 'DELETE');
  }
}

function statusError(reader: string, command: string, response: ResponseApdu): TobiraError {
  if (response.sw === SW.noSpace) return yubikeyErrors.noSpace(reader);
  if (response.sw === SW.securityStatus && command !== 'CALCULATE')
    return yubikeyErrors.passwordNeeded(reader);
  return yubikeyErrors.unexpectedStatus(reader, command, response.sw);
}

export function deviceIdOf(salt: Uint8Array): string {
  return createHash('sha256').update(salt).digest().subarray(0, 16).toString('hex');
}

/** SELECT of the OATH application; undefined when the card has none (a SIM, another card). */
async function selectOath(card: CardChannel): Promise<SelectInfo | undefined> {
  const response = await card.transmit(buildSelect(), { collect: false });
  let data = response.data;
  let last = response;
  for (let round = 0; last.sw1 === 0x61 && round < 4; round++) {
    last = await card.transmit(buildSendRemaining(), { collect: false });
    data = Buffer.concat([data, last.data]);
  }
  if (last.sw !== SW.ok) return undefined;
  try {
    return parseSelect(data);
  } catch {
    return undefined;
  }
}

/** Readers that hold a card, narrowed to `reader` when given; a named reader that is missing or empty is an error. */
function candidateReaders(session: PcscSession, reader: string | undefined): string[] {
  const readers = session.readers();
  if (reader === undefined) return readers.filter((info) => info.cardPresent).map((info) => info.name);
  const found = readers.find((info) => info.name === reader);
  if (found === undefined)
    throw yubikeyErrors.readerNotFound(
      reader,
      readers.map((info) => info.name),
    );
  if (!found.cardPresent) throw yubikeyErrors.none([reader]);
  return [reader];
}

/**
 * Runs `use` on each reader holding a key with the OATH application (or only on `reader`), one exclusive connection
 * at a time, and collects what it returns. Readers with another card (the SIM) are passed over.
 */
export async function forEachKey<T>(
  options: { reader?: string; timeoutMs?: number },
  use: (key: { card: CardChannel; select: SelectInfo; info: OathKeyInfo }) => Promise<T>,
): Promise<T[]> {
  return withPcsc(async (session) => {
    const out: T[] = [];
    const names = candidateReaders(session, options.reader);
    for (const name of names) {
      let select: SelectInfo | undefined;
      const result = await session.withCard(name, async (card) => {
        select = await selectOath(card);
        if (select === undefined) return undefined;
        const info: OathKeyInfo = {
          reader: name,
          version: select.version,
          deviceId: deviceIdOf(select.salt),
          passwordSet: select.challenge !== undefined,
        };
        return { value: await use({ card, select, info }) };
      });
      if (result !== undefined) out.push(result.value);
      else if (options.reader !== undefined) throw yubikeyErrors.notOath(name);
    }
    if (out.length === 0 && options.reader === undefined) {
      throw yubikeyErrors.none(session.readers().map((info) => info.name));
    }
    return out;
  }, options.timeoutMs);
}

/** `tobira yubikey status`: every key, its OATH version and whether a password is set. */
export async function yubikeyStatus(options: { reader?: string } = {}): Promise<OathKeyInfo[]> {
  return forEachKey(options, async ({ info }) => info);
}

export interface KeyCredentials {
  key: OathKeyInfo;
  credentials: Array<ListedCredential & { touch: boolean }>;
}

/** `tobira yubikey list`: the credentials of every key (or of the chosen one), with type and touch policy. */
export async function yubikeyList(options: YubikeyOptions, atSeconds: number): Promise<KeyCredentials[]> {
  return forEachKey(options, async ({ card, select, info }) => {
    const channel = new OathChannel(card, info, select);
    await channel.unlock(options);
    return { key: info, credentials: await channel.listWithTouch(atSeconds) };
  });
}

/** Opens exactly one key: the chosen reader's, or the only one present (several without --reader is a usage error). */
export async function withOneKey<T>(
  options: YubikeyOptions & { timeoutMs?: number },
  use: (channel: OathChannel, derivedKey: Buffer | undefined) => Promise<T>,
): Promise<T> {
  if (options.reader === undefined) {
    const keys = await yubikeyStatus();
    if (keys.length > 1) throw yubikeyErrors.several(keys.map((key) => key.reader));
    options = { ...options, reader: (keys[0] as OathKeyInfo).reader };
  }
  const [result] = await forEachKey(options, async ({ card, select, info }) => {
    const channel = new OathChannel(card, info, select);
    const derived = await channel.unlock(options);
    return { value: await use(channel, derived) };
  });
  return (result as { value: T }).value;
}

export interface AddOptions extends YubikeyOptions {
  id: string;
  secret: Buffer;
  algorithm: NewCredential['algorithm'];
  digits: number;
  touch: boolean;
}

/** `tobira yubikey add`: PUT a TOTP credential on the key; an existing id is refused rather than overwritten. */
export async function yubikeyAdd(options: AddOptions): Promise<{ reader: string; id: string }> {
  return withOneKey(options, async (channel) => {
    const existing = await channel.list();
    if (existing.some((credential) => credential.id === options.id))
      throw yubikeyErrors.credentialExists(options.id, channel.reader);
    await channel.put({
      id: options.id,
      secret: options.secret,
      algorithm: options.algorithm,
      digits: options.digits,
      touch: options.touch,
    });
    return { reader: channel.reader, id: options.id };
  });
}

export interface CodeOptions extends YubikeyOptions {
  credential: string;
  atSeconds: number;
  /** Told once, before a CALCULATE that waits for a touch. */
  onTouch?: (reader: string) => void;
}

export interface YubikeyCode {
  code: string;
  reader: string;
  touch: boolean;
  /** When a password was typed: the derived key (for --remember), never the password. */
  derivedKey?: Buffer;
}

/** The code of `credential` from the key holding it (the chosen reader's, or the first key that has it). */
export async function yubikeyCode(options: CodeOptions): Promise<YubikeyCode> {
  let done = false; // the first key holding the credential answers; the others are not opened (no password asked)
  const found = await forEachKey({ ...options, timeoutMs: TOUCH_WAIT_MS }, async ({ card, select, info }) => {
    if (done) return undefined;
    const channel = new OathChannel(card, info, select);
    const derivedKey = await channel.unlock(options);
    const credentials = await channel.listWithTouch(options.atSeconds);
    const credential = credentials.find((candidate) => candidate.id === options.credential);
    if (credential === undefined) return undefined;
    done = true;
    if (credential.touch) options.onTouch?.(channel.reader);
    const code = await channel.calculate(credential, options.atSeconds);
    return { code, reader: channel.reader, touch: credential.touch, ...(derivedKey ? { derivedKey } : {}) };
  });
  const hit = found.find((entry): entry is YubikeyCode => entry !== undefined);
  if (hit === undefined)
    throw yubikeyErrors.credentialNotFound(options.credential, options.reader ? [options.reader] : []);
  return hit;
}

/** `mfa set --yubikey`: the key that holds `credential` (checked before the profile points at it). */
export async function yubikeyFind(
  options: YubikeyOptions & { credential: string },
): Promise<{ reader: string; derivedKey?: Buffer }> {
  const found = await forEachKey(options, async ({ card, select, info }) => {
    const channel = new OathChannel(card, info, select);
    const derivedKey = await channel.unlock(options);
    const listed = await channel.list();
    if (!listed.some((credential) => credential.id === options.credential)) return undefined;
    return { reader: channel.reader, ...(derivedKey ? { derivedKey } : {}) };
  });
  const hit = found.find((entry) => entry !== undefined);
  if (hit === undefined)
    throw yubikeyErrors.credentialNotFound(options.credential, options.reader ? [options.reader] : []);
  return hit;
}
