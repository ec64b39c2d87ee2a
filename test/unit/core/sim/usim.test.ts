import { describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../electron/core/errors';
import { waitForReaders } from '../../../../electron/core/sim';
import {
  exchange,
  type CardChannel,
  type ReaderInfo,
  type TransmitOptions,
} from '../../../../electron/core/sim/reader';
import {
  authenticateUsim,
  chooseReaders,
  readImsiFromCard,
  verifyPin1,
} from '../../../../electron/core/sim/usim';
import { UsimCardModel, milenageAuthenticator } from '../../../harness/virtual-usim';

const READER = 'Test Reader 00';

/** A card channel without PC/SC: the T=0 handling of reader.ts in front of `answer`. */
function channel(answer: (command: Buffer) => Buffer): CardChannel & { sent: string[] } {
  const sent: string[] = [];
  const raw = async (command: Buffer): Promise<Buffer> => {
    sent.push(command.toString('hex').toUpperCase());
    return answer(command);
  };
  return {
    reader: READER,
    sent,
    transmit: (command: Buffer, options?: TransmitOptions) => exchange(raw, command, options),
  };
}

/** The virtual USIM's model, with some commands answered differently. */
function card(imsi: string, overrides: Record<string, string> = {}): CardChannel & { sent: string[] } {
  const model = new UsimCardModel(imsi);
  return channel((command) => {
    const response = model.handle(command);
    const override = overrides[command.toString('hex').toUpperCase()];
    return override === undefined ? response : Buffer.from(override, 'hex');
  });
}

async function failure(promise: Promise<unknown>): Promise<TobiraError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TobiraError);
  return error as TobiraError;
}

describe('readImsiFromCard', () => {
  it('sends the Go client sequence and decodes the IMSI', async () => {
    const usim = card('001010000000001');
    await expect(readImsiFromCard(usim)).resolves.toBe('001010000000001');
    expect(usim.sent).toEqual([
      '00A40004023F00',
      '00A40004022F00',
      '00C0000011',
      '00B2010426',
      '00A4040410A0000000871002FFFFFFFF8907090000',
      '00A40004026F07',
      '00B0000009',
    ]);
  });

  it('maps a PIN-protected EF_IMSI (6982) to sim.card.pinRequired', async () => {
    const error = await failure(readImsiFromCard(card('440103123456789', { '00B0000009': '6982' })));
    expect(error.key).toBe('sim.card.pinRequired');
    expect(error.params).toEqual({ reader: READER, file: 'EF_IMSI', sw: '6982' });
  });

  it('maps a missing EF_DIR to sim.card.fileNotFound', async () => {
    const error = await failure(readImsiFromCard(card('440103123456789', { '00A40004022F00': '6A82' })));
    expect(error.key).toBe('sim.card.fileNotFound');
    expect(error.message).toContain('EF_DIR');
  });

  it('calls a card that does not know UICC commands (6E00) not a USIM', async () => {
    const error = await failure(readImsiFromCard(channel(() => Buffer.from('6E00', 'hex'))));
    expect(error.key).toBe('sim.card.notUsim');
  });

  it('does not accept 6Fxx as success (unlike the Go client)', async () => {
    const error = await failure(readImsiFromCard(card('440103123456789', { '00A40004026F07': '6F00' })));
    expect(error.key).toBe('sim.card.unexpectedStatus');
    expect(error.params).toEqual({ reader: READER, command: 'SELECT EF_IMSI', sw: '6F00' });
  });

  it('reports a card whose EF_DIR lists no USIM', async () => {
    const isim = Buffer.concat([Buffer.from('610B4F09A0000000871004FFFF', 'hex'), Buffer.alloc(25, 0xff)]);
    const usim = card('440103123456789', {
      '00B2010426': Buffer.concat([isim, Buffer.from('9000', 'hex')]).toString('hex'),
    });
    const error = await failure(readImsiFromCard(usim));
    expect(error.key).toBe('sim.card.notUsim');
  });

  it('copes with a T=1 card that answers SELECT with 9000 and no FCP (READ RECORD then follows 6Cxx)', async () => {
    const usim = card('440103123456789', { '00A40004022F00': '9000' });
    await expect(readImsiFromCard(usim)).resolves.toBe('440103123456789');
    expect(usim.sent.slice(1, 4)).toEqual(['00A40004022F00', '00B2010400', '00B2010426']);
  });
});

describe('exchange (T=0 status words)', () => {
  it('follows 61xx with GET RESPONSE until done and joins the data', async () => {
    const answers = ['6104', '0102030461 02'.replace(' ', ''), '05069000'];
    const link = channel(() => Buffer.from(answers.shift() ?? '6F00', 'hex'));
    const response = await link.transmit(Buffer.from('00A40004023F00', 'hex'));
    expect(response).toEqual({ data: Buffer.from('010203040506', 'hex'), sw1: 0x90, sw2: 0, sw: 0x9000 });
    expect(link.sent).toEqual(['00A40004023F00', '00C0000004', '00C0000002']);
  });

  it('resends with the right Le after 6Cxx', async () => {
    const answers = ['6C09', '0809101000000000109000'];
    const link = channel(() => Buffer.from(answers.shift() ?? '6F00', 'hex'));
    const response = await link.transmit(Buffer.from('00B0000000', 'hex'));
    expect(response.data.toString('hex')).toBe('080910100000000010');
    expect(link.sent).toEqual(['00B0000000', '00B0000009']);
  });

  it('returns the first answer as it is with collect: false', async () => {
    const link = channel(() => Buffer.from('611C', 'hex'));
    await expect(
      link.transmit(Buffer.from('00A40004023F00', 'hex'), { collect: false }),
    ).resolves.toMatchObject({ sw: 0x611c });
    expect(link.sent).toHaveLength(1);
  });

  it('gives up on a card that never stops answering 61xx', async () => {
    const link = channel(() => Buffer.from('AA6101', 'hex'));
    const error = await failure(link.transmit(Buffer.from('00A40004023F00', 'hex')));
    expect(error.key).toBe('sim.card.malformed');
  });
});

describe('chooseReaders', () => {
  const readers = [
    { name: 'A', cardPresent: false },
    { name: 'B', cardPresent: true, atr: '3B021450' },
    { name: 'C', cardPresent: true, atr: '3B021450' },
  ];

  it('takes the named reader, or every reader with a card in order', () => {
    expect(chooseReaders(readers, 'C').map((reader) => reader.name)).toEqual(['C']);
    expect(chooseReaders(readers).map((reader) => reader.name)).toEqual(['B', 'C']);
  });

  it('explains each way of finding nothing', () => {
    const attempt = (run: () => unknown): TobiraError => {
      try {
        run();
      } catch (error) {
        if (error instanceof TobiraError) return error;
      }
      throw new Error('expected a TobiraError');
    };
    expect(attempt(() => chooseReaders(readers, 'Z'))).toMatchObject({
      key: 'sim.reader.notFound',
      params: { reader: 'Z', available: '"A", "B", "C"' },
    });
    expect(attempt(() => chooseReaders(readers, 'A'))).toMatchObject({
      key: 'sim.card.absent',
      params: { reader: 'A' },
    });
    expect(attempt(() => chooseReaders([]))).toMatchObject({ key: 'sim.reader.none' });
    expect(attempt(() => chooseReaders([], 'Z'))).toMatchObject({ params: { available: '(none)' } });
    expect(attempt(() => chooseReaders([readers[0] as (typeof readers)[0]]))).toMatchObject({
      key: 'sim.card.noneInserted',
      params: { available: '"A"' },
    });
  });
});

describe('VERIFY PIN1 (second factor)', () => {
  const pinCard = (tries?: number) => {
    const model = new UsimCardModel('001010000000001', undefined, {
      value: '2468',
      ...(tries !== undefined ? { tries } : {}),
    });
    return channel((command) => model.handle(command));
  };

  it('sends the PIN once as ASCII padded with FF and then reads the protected IMSI', async () => {
    const usim = pinCard();
    await expect(
      readImsiFromCard(usim, { afterSelectAdf: (card) => verifyPin1(card, '2468') }),
    ).resolves.toBe('001010000000001');
    expect(usim.sent.filter((apdu) => apdu.startsWith('0020'))).toEqual(['002000010832343638FFFFFFFF']);
    expect(usim.sent.indexOf('002000010832343638FFFFFFFF')).toBeLessThan(usim.sent.indexOf('00B0000009'));
  });

  it('reports the tries left (63Cx) without retrying, the last try specially, and a blocked PIN (6983)', async () => {
    const usim = pinCard();
    const wrong = await failure(verifyPin1(usim, '1111'));
    expect(wrong).toMatchObject({ key: 'sim.pin.wrong', exitCode: 3, params: { tries: 2 } });
    expect(usim.sent).toHaveLength(1);
    expect((await failure(verifyPin1(usim, '1111'))).key).toBe('sim.pin.wrongLast');
    const blocked = await failure(verifyPin1(usim, '1111'));
    expect(blocked).toMatchObject({ key: 'sim.pin.blocked', exitCode: 3 });
    expect(blocked.message).toContain('PUK');
    expect((await failure(verifyPin1(usim, '2468'))).key).toBe('sim.pin.blocked');
  });

  it('refuses a malformed PIN before anything reaches the card', async () => {
    const usim = pinCard();
    for (const pin of ['12', '123456789', '12a4', '']) {
      expect(await failure(verifyPin1(usim, pin))).toMatchObject({ key: 'sim.pin.format', exitCode: 2 });
    }
    expect(usim.sent).toEqual([]);
  });

  it('without VERIFY a PIN-enabled card refuses EF_IMSI (6982 → sim.card.pinRequired)', async () => {
    expect((await failure(readImsiFromCard(pinCard()))).key).toBe('sim.card.pinRequired');
  });
});

describe('AUTHENTICATE through the T=0 channel', () => {
  const K = '465b5ce8b199b49faa5f0a2ee238a6bc';
  const OPC = 'cd63cb71954a9f4e48a5994e37a02baf';
  const RAND = Buffer.from('23553cbe9637a89d218ae64dae47bf35', 'hex');
  const AID = Buffer.from('A0000000871002FFFFFFFF8907090000', 'hex');

  it('sends steps 11–14 of krypton.md §2.2 and returns RES, CK, IK, Kc', async () => {
    const model = new UsimCardModel('001010000000001', milenageAuthenticator({ k: K, opc: OPC }));
    const usim = channel((command) => model.handle(command));
    const autn = Buffer.from('55f328b43577b9b94a9ffac354dfafb3', 'hex');
    const result = await authenticateUsim(usim, AID, RAND, autn);
    expect(usim.sent).toEqual([
      '00A4040410A0000000871002FFFFFFFF8907090000',
      '00C000001C',
      '00880081221023553CBE9637A89D218AE64DAE47BF351055F328B43577B9B94A9FFAC354DFAFB3',
      '00C0000035',
    ]);
    expect(result).toMatchObject({ status: 'success' });
    if (result.status !== 'success') return;
    expect(result.res.toString('hex')).toBe('a54211d5e3ba50bf');
    expect(result.ck.toString('hex')).toBe('b40ba9a3c58b2a05bbf0d987b21bf8cb');
    expect(result.kc?.toString('hex')).toBe('eae4be823af9a08b');
  });

  it('returns AUTS on a sync failure and maps a MAC failure (9862) to exit 3', async () => {
    const model = new UsimCardModel(
      '001010000000001',
      milenageAuthenticator({ k: K, opc: OPC, sqn: 'ffffffffff00' }),
    );
    const usim = channel((command) => model.handle(command));
    const autn = Buffer.from('55f328b43577b9b94a9ffac354dfafb3', 'hex');
    await expect(authenticateUsim(usim, AID, RAND, autn)).resolves.toMatchObject({ status: 'syncFailure' });
    autn[15] = (autn[15] as number) ^ 1;
    expect(await failure(authenticateUsim(usim, AID, RAND, autn))).toMatchObject({
      key: 'sim.auth.macFailure',
      exitCode: 3,
    });
  });

  it('copes with a T=1 style card that answers AUTHENTICATE with the data and 9000 directly', async () => {
    const data = 'DB08A54211D5E3BA50BF10B40BA9A3C58B2A05BBF0D987B21BF8CB10F769BCD751044604127672711C6D3441';
    const usim = channel((command) => Buffer.from(command[1] === 0x88 ? `${data}9000` : '9000', 'hex'));
    const result = await authenticateUsim(usim, AID, RAND, RAND);
    expect(result).toMatchObject({ status: 'success' });
    expect(result.status === 'success' && result.kc).toBeUndefined(); // no Kc: fine, only CK is used
  });

  it('checks the lengths of RAND and AUTN before sending anything', async () => {
    const usim = channel(() => Buffer.from('9000', 'hex'));
    expect((await failure(authenticateUsim(usim, AID, RAND.subarray(0, 15), RAND))).key).toBe(
      'sim.card.malformed',
    );
    expect(usim.sent).toEqual([]);
  });
});

describe('waitForReaders', () => {
  it('waits until the named reader appears with a card, telling the caller once', async () => {
    const states = [[], [{ name: 'R', cardPresent: false }], [{ name: 'R', cardPresent: true }]];
    let calls = 0;
    let told = 0;
    const found = await waitForReaders(
      () => states[Math.min(calls++, 2)] as ReaderInfo[],
      'R',
      5_000,
      () => told++,
    );
    expect(found.map((reader) => reader.name)).toEqual(['R']);
    expect(told).toBe(1);
  });

  it('fails at once without a wait, and with a timeout message after one', async () => {
    const empty = () => [{ name: 'R', cardPresent: false }];
    expect(await failure(waitForReaders(empty, 'R', 0))).toMatchObject({ key: 'sim.card.absent' });
    const error = await failure(waitForReaders(empty, 'R', 150));
    expect(error).toMatchObject({ key: 'sim.wait.timedOut', params: { reader: 'R', seconds: 0.2 } });
    expect((await failure(waitForReaders(() => [], undefined, 0))).key).toBe('sim.reader.none');
    expect((await failure(waitForReaders(empty, undefined, 120))).key).toBe('sim.wait.anyTimedOut');
  });
});
