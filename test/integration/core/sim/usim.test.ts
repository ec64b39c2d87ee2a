import { afterEach, describe, expect, it } from 'vitest';
import { listReaders, readImsi, simStatus } from '../../../../electron/core/sim';
import { TobiraError } from '../../../../electron/core/errors';
import { DEFAULT_ATR, startVirtualUsim, type VirtualUsim } from '../../../harness/virtual-usim';

// Real pcscd (started by the integration global setup) + vpcd, with the TypeScript virtual USIM as the card.
const READER_0 = 'Virtual PCD 00 00';
const READER_1 = 'Virtual PCD 00 01';

const cards: VirtualUsim[] = [];
async function insert(imsi: string, port = 35963): Promise<VirtualUsim> {
  const card = await startVirtualUsim({ imsi, port });
  cards.push(card);
  return card;
}

afterEach(async () => {
  await Promise.all(cards.splice(0).map((card) => card.remove()));
});

async function failure(promise: Promise<unknown>): Promise<TobiraError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TobiraError);
  return error as TobiraError;
}

describe('USIM through pcscd and vpcd', () => {
  it('reads the IMSI with exactly the APDU sequence of the SORACOM Go client', async () => {
    const card = await insert('440103123456789');
    await expect(readImsi({ reader: READER_0 })).resolves.toEqual({ reader: READER_0, imsi: '440103123456789' });
    expect(card.commands()).toEqual([
      '00A40004023F00', // SELECT MF
      '00A40004022F00', // SELECT EF_DIR → 61 11
      '00C0000011', // GET RESPONSE: FCP of EF_DIR
      '00B2010426', // READ RECORD 1, record length 0x26
      '00A4040410A0000000871002FFFFFFFF8907090000', // SELECT ADF.USIM by AID
      '00A40004026F07', // SELECT EF_IMSI
      '00B0000009', // READ BINARY 9
    ]);
    expect(card.apdus.map((exchange) => exchange.response.slice(-4))).toEqual([
      '611C',
      '6111',
      '9000',
      '9000',
      '611A',
      '610F',
      '9000',
    ]);
  });

  it('reads the example IMSI of the spec (EF 08 09 10 10 00 00 00 00 10)', async () => {
    const card = await insert('001010000000001');
    await expect(readImsi({ reader: READER_0 })).resolves.toEqual({ reader: READER_0, imsi: '001010000000001' });
    expect(card.apdus.at(-1)?.response).toBe('080910100000000010' + '9000');
  });

  it('reads an even-length IMSI without the F filler', async () => {
    await insert('44010123456789');
    await expect(readImsi({ reader: READER_0 })).resolves.toEqual({ reader: READER_0, imsi: '44010123456789' });
  });

  it('lists both virtual readers with card present or absent', async () => {
    await insert('440103123456789', 35964);
    const readers = await listReaders();
    expect(readers).toContainEqual({ name: READER_1, cardPresent: true, atr: DEFAULT_ATR.toString('hex').toUpperCase() });
    expect(readers.find((reader) => reader.name === READER_0)).toBeDefined();
    expect(readers.map((reader) => reader.name)).toEqual(expect.arrayContaining([READER_0, READER_1]));
  });

  it('tells the cards in two readers apart and reports them in simStatus', async () => {
    await insert('440103123456789', 35963);
    await insert('001010000000001', 35964);
    await expect(readImsi({ reader: READER_1 })).resolves.toEqual({ reader: READER_1, imsi: '001010000000001' });
    await expect(readImsi({ reader: READER_0 })).resolves.toEqual({ reader: READER_0, imsi: '440103123456789' });
    await expect(readImsi()).resolves.toEqual({ reader: READER_0, imsi: '440103123456789' });
    const status = await simStatus();
    expect(status).toContainEqual(expect.objectContaining({ name: READER_0, cardPresent: true, imsi: '440103123456789' }));
    expect(status).toContainEqual(expect.objectContaining({ name: READER_1, cardPresent: true, imsi: '001010000000001' }));
  });

  it('reports an empty reader as absent and refuses to read it', async () => {
    const card = await insert('440103123456789');
    await card.remove();
    cards.splice(cards.indexOf(card), 1);
    const readers = await listReaders();
    expect(readers).toContainEqual({ name: READER_0, cardPresent: false });
    const error = await failure(readImsi({ reader: READER_0 }));
    expect(error.key).toBe('sim.card.absent');
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(READER_0);
    expect((await simStatus()).find((entry) => entry.name === READER_0)).toEqual({ name: READER_0, cardPresent: false });
  });

  it('names the available readers when the requested one does not exist', async () => {
    const error = await failure(readImsi({ reader: 'No Such Reader 99' }));
    expect(error.key).toBe('sim.reader.notFound');
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('"No Such Reader 99"');
    expect(error.message).toContain(`"${READER_0}"`);
    expect(error.message).toContain(`"${READER_1}"`);
    expect(error.render('ja')).toContain('No Such Reader 99');
  });

  it('can insert a new card right after removing one (no stale card)', async () => {
    for (const imsi of ['440103123456789', '001010000000001', '440103123456780']) {
      const card = await insert(imsi);
      await expect(readImsi({ reader: READER_0 })).resolves.toEqual({ reader: READER_0, imsi });
      await card.remove();
      cards.splice(cards.indexOf(card), 1);
    }
  });
});
