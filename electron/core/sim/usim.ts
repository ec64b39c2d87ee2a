import {
  FID_EF_DIR,
  FID_EF_IMSI,
  FID_MF,
  buildReadBinary,
  buildReadRecord,
  buildSelectByAid,
  buildSelectByFid,
  decodeImsi,
  isSuccess,
  isUsimAid,
  parseEfDirRecord,
  parseFcp,
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
 * Steps 1–4 of specs/krypton.md §2.2: SELECT MF, SELECT EF_DIR (+ GET RESPONSE for its FCP), READ RECORD until an
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

/** Steps 5–7: SELECT ADF.USIM, SELECT EF_IMSI, READ BINARY 9. Their pending 61xx FCPs are not fetched. */
export async function readImsiFromCard(card: CardChannel): Promise<string> {
  const aid = await findUsimAid(card);
  const adf = await card.transmit(buildSelectByAid(aid), { collect: false });
  expectSuccess(adf, card.reader, 'SELECT ADF.USIM', 'ADF.USIM');
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
