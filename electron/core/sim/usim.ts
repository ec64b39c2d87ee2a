import {
  FID_EF_DIR,
  FID_EF_IMSI,
  FID_MF,
  buildAuthenticate,
  buildReadBinary,
  buildVerifyPin1,
  buildReadRecord,
  buildSelectByAid,
  buildSelectByFid,
  decodeImsi,
  isSuccess,
  isUsimAid,
  parseEfDirRecord,
  parseAuthenticateResponse,
  parseFcp,
  type AuthenticateResult,
  type FileControlParameters,
  type ResponseApdu,
} from './apdu';
import { simErrors } from './errors';
import type { CardChannel, ReaderInfo } from './reader';

const SW_FILE_NOT_FOUND = 0x6a82;
const SW_RECORD_NOT_FOUND = 0x6a83;
const SW_SECURITY_NOT_SATISFIED = 0x6982;
/** Without a record count in the FCP, stop after this many EF_DIR records. */
const MAX_EF_DIR_RECORDS = 8;

function expectSuccess(response: ResponseApdu, reader: string, command: string, file: string): void {
  if (isSuccess(response)) return;
  if (response.sw === SW_FILE_NOT_FOUND) throw simErrors.fileNotFound(reader, file);
  if (response.sw === SW_SECURITY_NOT_SATISFIED) throw simErrors.pinRequired(reader, file, response.sw);
  // 6E00 class / 6D00 instruction not supported: a card that does not speak UICC commands (e.g. a GSM-only SIM).
  if (response.sw1 === 0x6e || response.sw1 === 0x6d) throw simErrors.notUsim(reader);
  throw simErrors.unexpectedStatus(reader, command, response.sw);
}

/**
 * Steps 1–4 of docs/protocols/krypton.md: SELECT MF, SELECT EF_DIR (+ GET RESPONSE for its FCP), READ RECORD until an
 * application template holds a USIM AID. On a normal SIM the USIM is record 1, so the bytes are the Go client's.
 */
export async function findUsimAid(card: CardChannel): Promise<Buffer> {
  expectSuccess(
    await card.transmit(buildSelectByFid(FID_MF), { collect: false }),
    card.reader,
    'SELECT MF',
    'MF',
  );
  const dir = await card.transmit(buildSelectByFid(FID_EF_DIR));
  expectSuccess(dir, card.reader, 'SELECT EF_DIR', 'EF_DIR');
  // A T=1 card may answer 9000 without FCP; READ RECORD then starts with Le=00 and follows the card's 6Cxx.
  const fcp: FileControlParameters = dir.data.length > 0 ? parseFcp(dir.data) : {};
  const records = fcp.recordCount ?? MAX_EF_DIR_RECORDS;
  for (let record = 1; record <= records; record++) {
    const response = await card.transmit(buildReadRecord(record, (fcp.recordLength ?? 0) & 0xff));
    if (response.sw === SW_RECORD_NOT_FOUND) break;
    expectSuccess(response, card.reader, `READ RECORD ${record} of EF_DIR`, 'EF_DIR');
    const application = parseEfDirRecord(response.data);
    if (application !== undefined && isUsimAid(application.aid)) return application.aid;
  }
  throw simErrors.notUsim(card.reader);
}

export interface ReadImsiHooks {
  /** The USIM AID when steps 1–4 already ran on this connection. */
  aid?: Buffer;
  /** ADF.USIM is already selected (by a cached AID): step 5 is skipped too. */
  adfSelected?: boolean;
  /** Runs with ADF.USIM selected, before EF_IMSI is read (VERIFY PIN1 goes here: EF_IMSI is PIN-protected). */
  afterSelectAdf?: (card: CardChannel) => Promise<void>;
}

/** Steps 5–7: SELECT ADF.USIM, SELECT EF_IMSI, READ BINARY 9. Their pending 61xx FCPs are not fetched. */
export async function readImsiFromCard(card: CardChannel, hooks: ReadImsiHooks = {}): Promise<string> {
  if (!hooks.adfSelected) {
    const aid = hooks.aid ?? (await findUsimAid(card));
    const adf = await card.transmit(buildSelectByAid(aid), { collect: false });
    expectSuccess(adf, card.reader, 'SELECT ADF.USIM', 'ADF.USIM');
  }
  await hooks.afterSelectAdf?.(card);
  const ef = await card.transmit(buildSelectByFid(FID_EF_IMSI), { collect: false });
  expectSuccess(ef, card.reader, 'SELECT EF_IMSI', 'EF_IMSI');
  const data = await card.transmit(buildReadBinary(0, 9));
  expectSuccess(data, card.reader, 'READ BINARY EF_IMSI', 'EF_IMSI');
  return decodeImsi(data.data);
}

/**
 * Which readers to try: the named one (which must exist and hold a card), or else every reader with a card, in
 * pcscd's order.
 */
export function chooseReaders(readers: readonly ReaderInfo[], name?: string): ReaderInfo[] {
  const names = readers.map((reader) => reader.name);
  if (name !== undefined) {
    const reader = readers.find((candidate) => candidate.name === name);
    if (reader === undefined) throw simErrors.readerNotFound(name, names);
    if (!reader.cardPresent) throw simErrors.cardAbsent(name);
    return [reader];
  }
  if (readers.length === 0) throw simErrors.noReader();
  const withCard = readers.filter((reader) => reader.cardPresent);
  if (withCard.length === 0) throw simErrors.noCardInserted(names);
  return withCard;
}

const SW_PIN_BLOCKED = 0x6983;
const SW_REFERENCE_DATA_INVALIDATED = 0x6984;

/**
 * VERIFY PIN1, exactly once: a wrong PIN is reported with the tries left (63Cx) and never retried here, since each
 * try spends one of the card's few attempts. 6983 (and 6984) mean the PIN is blocked and only the PUK helps.
 */
export async function verifyPin1(card: CardChannel, pin: string): Promise<void> {
  const response = await card.transmit(buildVerifyPin1(pin), { collect: false });
  if (response.sw === 0x9000) return;
  if (response.sw1 === 0x63 && (response.sw2 & 0xf0) === 0xc0) {
    const tries = response.sw2 & 0x0f;
    throw tries === 0 ? simErrors.pinBlocked(card.reader) : simErrors.pinWrong(card.reader, tries);
  }
  if (response.sw === SW_PIN_BLOCKED || response.sw === SW_REFERENCE_DATA_INVALIDATED) {
    throw simErrors.pinBlocked(card.reader);
  }
  if (response.sw1 === 0x6a || response.sw1 === 0x6d)
    throw simErrors.pinUnsupported(card.reader, response.sw);
  throw simErrors.unexpectedStatus(card.reader, 'VERIFY PIN1', response.sw);
}

/**
 * Steps 11–14 of docs/protocols/krypton.md: SELECT ADF.USIM (+ GET RESPONSE for its FCP), AUTHENTICATE (3G context),
 * GET RESPONSE for the result. The T=0 61xx/6Cxx handling lives in the channel, so a T=1 card that answers with the
 * data at once works too.
 */
export async function authenticateUsim(
  card: CardChannel,
  aid: Buffer,
  rand: Uint8Array,
  autn: Uint8Array,
): Promise<AuthenticateResult> {
  const command = buildAuthenticate(rand, autn);
  const adf = await card.transmit(buildSelectByAid(aid));
  expectSuccess(adf, card.reader, 'SELECT ADF.USIM', 'ADF.USIM');
  const response = await card.transmit(command);
  if (response.sw === SW_MAC_FAILURE) throw simErrors.macFailure(card.reader);
  expectSuccess(response, card.reader, 'AUTHENTICATE', 'ADF.USIM');
  return parseAuthenticateResponse(response.data);
}

/** 98 62: the card found the challenge's MAC wrong, i.e. it did not come from the card's own network. */
const SW_MAC_FAILURE = 0x9862;
