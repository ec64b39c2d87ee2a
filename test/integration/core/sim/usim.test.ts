import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listReaders, readImsi, simStatus } from '../../../../electron/core/sim';
import { buildSelectByAid } from '../../../../electron/core/sim/apdu';
import { withPcsc } from '../../../../electron/core/sim/reader';
import { TobiraError } from '../../../../electron/core/errors';
import {
  DEFAULT_ATR,
  USIM_AID,
  reserveReader,
  startVirtualUsim,
  type VirtualUsim,
} from '../../../harness/virtual-usim';

// Real pcscd (started by the integration global setup) + vpcd, with the TypeScript virtual USIM as the card.
const READER_0 = 'Virtual PCD 00 00';
const READER_1 = 'Virtual PCD 00 01';

const cards: VirtualUsim[] = [];
async function insert(
  imsi: string,
  port = 35963,
  authenticator?: { module: string; options?: unknown },
): Promise<VirtualUsim> {
  const card = await startVirtualUsim({ imsi, port, authenticator });
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
    await expect(readImsi({ reader: READER_0 })).resolves.toEqual({
      reader: READER_0,
      imsi: '440103123456789',
    });
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
      '610D', // FCP of the MF waits; the Go client never fetches it
      '6111',
      '9000',
      '9000',
      '611C', // as in krypton.md §2.8
      '6111',
      '9000',
    ]);
  });

  it('reads the example IMSI of the spec (EF 08 09 10 10 00 00 00 00 10)', async () => {
    const card = await insert('001010000000001');
    await expect(readImsi({ reader: READER_0 })).resolves.toEqual({
      reader: READER_0,
      imsi: '001010000000001',
    });
    expect(card.apdus.at(-1)?.response).toBe('080910100000000010' + '9000');
  });

  it('reads an even-length IMSI without the F filler', async () => {
    await insert('44010123456789');
    await expect(readImsi({ reader: READER_0 })).resolves.toEqual({
      reader: READER_0,
      imsi: '44010123456789',
    });
  });

  it('lists both virtual readers with card present or absent', async () => {
    await insert('440103123456789', 35964);
    const readers = await listReaders();
    expect(readers).toContainEqual({
      name: READER_1,
      cardPresent: true,
      atr: DEFAULT_ATR.toString('hex').toUpperCase(),
    });
    expect(readers.find((reader) => reader.name === READER_0)).toBeDefined();
    expect(readers.map((reader) => reader.name)).toEqual(expect.arrayContaining([READER_0, READER_1]));
  });

  it('tells the cards in two readers apart and reports them in simStatus', async () => {
    await insert('440103123456789', 35963);
    await insert('001010000000001', 35964);
    await expect(readImsi({ reader: READER_1 })).resolves.toEqual({
      reader: READER_1,
      imsi: '001010000000001',
    });
    await expect(readImsi({ reader: READER_0 })).resolves.toEqual({
      reader: READER_0,
      imsi: '440103123456789',
    });
    await expect(readImsi()).resolves.toEqual({ reader: READER_0, imsi: '440103123456789' });
    const status = await simStatus();
    expect(status).toContainEqual(
      expect.objectContaining({ name: READER_0, cardPresent: true, imsi: '440103123456789' }),
    );
    expect(status).toContainEqual(
      expect.objectContaining({ name: READER_1, cardPresent: true, imsi: '001010000000001' }),
    );
  });

  it('reports an empty reader as absent and refuses to read it', async () => {
    const release = await reserveReader(35963); // keeps other test files' cards out of the reader meanwhile
    try {
      const card = await insert('440103123456789');
      await card.remove();
      cards.splice(cards.indexOf(card), 1);
      const readers = await listReaders();
      expect(readers).toContainEqual({ name: READER_0, cardPresent: false });
      const error = await failure(readImsi({ reader: READER_0 }));
      expect(error.key).toBe('sim.card.absent');
      expect(error.exitCode).toBe(1);
      expect(error.message).toContain(READER_0);
      const status = await simStatus();
      expect(status.find((entry) => entry.name === READER_0)).toEqual({ name: READER_0, cardPresent: false });
    } finally {
      await release();
    }
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

describe('AUTHENTICATE hook of the virtual USIM', () => {
  const authenticate = (rand: string): Buffer =>
    Buffer.from(`0088008122 10${rand} 10${'AA'.repeat(16)}`.replace(/ /g, ''), 'hex');
  const keys = { res: '11'.repeat(8), ck: '22'.repeat(16), ik: '33'.repeat(16), kc: '44'.repeat(8) };

  it('runs an authenticator module inside the card (where Milenage plugs in)', async () => {
    const module = fileURLToPath(new URL('./fixtures/fixed-authenticator.ts', import.meta.url));
    await insert('440103123456789', 35963, { module, options: keys });
    const answers = await withPcsc((session) =>
      session.withCard(READER_0, async (card) => {
        await card.transmit(buildSelectByAid(USIM_AID));
        const challenge = await card.transmit(authenticate('00'.repeat(16)), { collect: false });
        const result = await card.transmit(Buffer.from('00C0000035', 'hex'));
        const macFailure = await card.transmit(authenticate('FF'.repeat(16)), { collect: false });
        return {
          challenge: challenge.sw,
          result: result.data.toString('hex').toUpperCase(),
          macFailure: macFailure.sw,
        };
      }),
    );
    expect(answers).toEqual({
      challenge: 0x6135, // DB 08 RES 10 CK 10 IK 08 Kc = 53 bytes, as a real USIM (krypton.md §2.5)
      result: `DB08${keys.res}10${keys.ck}10${keys.ik}08${keys.kc}`.toUpperCase(),
      macFailure: 0x9862,
    });
  });

  it('answers AUTHENTICATE with 6D00 when no authenticator is configured', async () => {
    await insert('440103123456789');
    const sw = await withPcsc((session) =>
      session.withCard(READER_0, async (card) => {
        await card.transmit(buildSelectByAid(USIM_AID));
        return (await card.transmit(authenticate('00'.repeat(16)), { collect: false })).sw;
      }),
    );
    expect(sw).toBe(0x6d00);
  });
});
