import { describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../electron/core/errors';
import { exchange, type CardChannel, type TransmitOptions } from '../../../../electron/core/sim/reader';
import { chooseReaders, readImsiFromCard } from '../../../../electron/core/sim/usim';
import { UsimCardModel } from '../../../harness/virtual-usim';

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
