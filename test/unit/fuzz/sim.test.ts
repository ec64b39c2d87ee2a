import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeImsi,
  parseAuthenticateResponse,
  parseEfDirRecord,
  parseFcp,
  parseResponse,
  parseTlvs,
  type ResponseApdu,
} from '../../../electron/core/sim/apdu';
import { exchange, type CardChannel } from '../../../electron/core/sim/reader';
import { authenticateUsim, findUsimAid, readImsiFromCard, verifyPin1 } from '../../../electron/core/sim/usim';
import { assertCleanError, fuzz, outcome, recordCasesOf } from './support';

recordCasesOf(import.meta.filename);

const bytes = (maxLength = 64) => fc.uint8Array({ maxLength }).map((array) => Buffer.from(array));

/** Parsers throw only clear SIM errors (sim.card.malformed, ...) or return a value. */
async function cleanOrValue<T>(work: () => T | Promise<T>): Promise<T | undefined> {
  const result = await outcome(work);
  if (result.ok) return result.value;
  assertCleanError(result.error);
  return undefined;
}

const tlv = fc
  .record({ tag: fc.integer({ min: 1, max: 0xfe }), value: bytes(300) })
  .map(({ tag, value }) => ({ tag, value }));

function encodeTlv(tag: number, value: Buffer): Buffer {
  const length =
    value.length < 0x80
      ? [value.length]
      : value.length < 0x100
        ? [0x81, value.length]
        : [0x82, value.length >> 8, value.length & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), value]);
}

/** TS 31.102 §4.2.2 encoding of an IMSI: length, then nibble-swapped BCD after the type/parity nibble. */
function encodeImsi(digits: string): Buffer {
  const nibbles = [digits.length % 2 === 1 ? 9 : 1, ...[...digits].map(Number)];
  if (nibbles.length % 2 === 1) nibbles.push(0xf);
  const out: number[] = [];
  for (let index = 0; index < nibbles.length; index += 2) {
    out.push((nibbles[index] as number) | ((nibbles[index + 1] as number) << 4));
  }
  return Buffer.from([out.length, ...out]);
}

/** Byte-level mutations of a valid encoding: flip, drop, truncate, append. */
const mutated = (valid: fc.Arbitrary<Buffer>) =>
  fc
    .tuple(valid, fc.nat(), fc.nat(255), fc.constantFrom('flip', 'truncate', 'append', 'drop', 'none'))
    .map(([buffer, at, value, how]) => {
      if (buffer.length === 0) return buffer;
      const index = at % buffer.length;
      if (how === 'flip') return Buffer.from(buffer.map((b, i) => (i === index ? b ^ (value | 1) : b)));
      if (how === 'truncate') return buffer.subarray(0, index);
      if (how === 'append') return Buffer.concat([buffer, Buffer.from([value])]);
      if (how === 'drop') return Buffer.concat([buffer.subarray(0, index), buffer.subarray(index + 1)]);
      return buffer;
    });

const authenticateData = fc
  .record({
    res: bytes(20),
    ck: bytes(20),
    ik: bytes(20),
    kc: fc.option(bytes(10), { nil: undefined }),
  })
  .map(({ res, ck, ik, kc }) => {
    const lv = (value: Buffer) => Buffer.concat([Buffer.from([value.length]), value]);
    return Buffer.concat([Buffer.from([0xdb]), lv(res), lv(ck), lv(ik), ...(kc ? [lv(kc)] : [])]);
  });

describe('APDU response parsers (fuzz)', () => {
  it('parseResponse: any byte string is a status word + data, or sim.card.malformed', async () => {
    await fuzz(
      'sim: response APDU',
      bytes(300),
      async (input) => {
        const parsed = await cleanOrValue(() => parseResponse(input));
        if (parsed) {
          expect(Buffer.concat([parsed.data, Buffer.from([parsed.sw1, parsed.sw2])])).toEqual(input);
          expect(parsed.sw).toBe((parsed.sw1 << 8) | parsed.sw2);
        } else expect(input.length).toBeLessThan(2);
      },
      { numRuns: 300 },
    );
  });

  it('parseTlvs: random bytes never escape as internal errors; encoded TLV lists round-trip', async () => {
    await fuzz(
      'sim: BER-TLV',
      fc.oneof(
        bytes(300),
        mutated(
          fc
            .array(tlv, { maxLength: 4 })
            .map((items) => Buffer.concat(items.map((t) => encodeTlv(t.tag, t.value)))),
        ),
      ),
      async (input) => {
        await cleanOrValue(() => parseTlvs(input, 'fuzz'));
      },
      { numRuns: 300 },
    );
    await fuzz(
      'sim: BER-TLV round trip',
      fc.array(tlv, { maxLength: 4 }),
      (items) => {
        const encoded = Buffer.concat(items.map((t) => encodeTlv(t.tag, t.value)));
        expect(parseTlvs(encoded, 'fuzz')).toEqual(items);
      },
      { numRuns: 150 },
    );
  });

  it('parseFcp / parseEfDirRecord: random and mutated templates', async () => {
    const fcp = fc
      .record({ descriptor: bytes(6), fid: bytes(3) })
      .map(({ descriptor, fid }) =>
        encodeTlv(0x62, Buffer.concat([encodeTlv(0x82, descriptor), encodeTlv(0x83, fid)])),
      );
    await fuzz(
      'sim: FCP template',
      fc.oneof(bytes(80), mutated(fcp)),
      async (input) => {
        await cleanOrValue(() => parseFcp(input));
      },
      { numRuns: 300 },
    );
    const record = fc
      .record({ aid: bytes(18), label: fc.option(bytes(20), { nil: undefined }), pad: fc.nat(6) })
      .map(({ aid, label, pad }) =>
        Buffer.concat([
          encodeTlv(0x61, Buffer.concat([encodeTlv(0x4f, aid), ...(label ? [encodeTlv(0x50, label)] : [])])),
          Buffer.alloc(pad, 0xff),
        ]),
      );
    await fuzz(
      'sim: EF_DIR record',
      fc.oneof(
        bytes(80),
        mutated(record),
        fc.nat(40).map((n) => Buffer.alloc(n, 0xff)),
      ),
      async (input) => {
        const application = await cleanOrValue(() => parseEfDirRecord(input));
        if (application) expect(application.aid.length).toBeGreaterThanOrEqual(5);
      },
      { numRuns: 300 },
    );
  });

  it('decodeImsi: random EF_IMSI bytes; every 6..15 digit IMSI round-trips', async () => {
    const imsi = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 6, maxLength: 15 });
    await fuzz(
      'sim: EF_IMSI',
      fc.oneof(bytes(12), mutated(imsi.map(encodeImsi))),
      async (input) => {
        const digits = await cleanOrValue(() => decodeImsi(input));
        if (digits !== undefined) expect(digits).toMatch(/^\d{6,15}$/);
      },
      { numRuns: 300 },
    );
    await fuzz(
      'sim: EF_IMSI round trip',
      imsi,
      (digits) => expect(decodeImsi(encodeImsi(digits))).toBe(digits),
      {
        numRuns: 200,
      },
    );
  });

  it('parseAuthenticateResponse: random and mutated DB/DC answers', async () => {
    const auts = bytes(16).map((value) => Buffer.concat([Buffer.from([0xdc, value.length]), value]));
    await fuzz(
      'sim: AUTHENTICATE response',
      fc.oneof(bytes(80), mutated(authenticateData), mutated(auts)),
      async (input) => {
        const result = await cleanOrValue(() => parseAuthenticateResponse(input));
        if (result?.status === 'success') {
          expect(result.ck.length).toBe(16);
          expect(result.ik.length).toBe(16);
        }
        if (result?.status === 'syncFailure') expect(result.auts.length).toBe(14);
      },
      { numRuns: 400 },
    );
  });
});

/** A card that answers each APDU with one of the generated responses (cycling), counting what it was sent. */
function randomCard(answers: Buffer[]): CardChannel & { sent: number } {
  const card = {
    reader: 'Fuzz Reader 00',
    sent: 0,
    async transmit(command: Buffer, options?: { collect?: boolean }): Promise<ResponseApdu> {
      return exchange(
        async () => {
          const answer = answers[card.sent % answers.length] as Buffer;
          card.sent += 1;
          return answer;
        },
        command,
        options,
      );
    },
  };
  return card;
}

const cardAnswer = fc.oneof(
  bytes(40),
  fc
    .tuple(
      bytes(40),
      fc.constantFrom(0x90, 0x61, 0x6c, 0x91, 0x63, 0x69, 0x6a, 0x6d, 0x6e, 0x98, 0x6f),
      fc.integer({ min: 0, max: 255 }),
    )
    .map(([data, sw1, sw2]) => Buffer.concat([data, Buffer.from([sw1, sw2])])),
  mutated(authenticateData.map((data) => Buffer.concat([data, Buffer.from([0x90, 0x00])]))),
);

describe('USIM command sequences against a card answering at random (fuzz)', () => {
  it('findUsimAid, readImsiFromCard, verifyPin1 and authenticateUsim end in a value or a clear error, in bounded APDUs', async () => {
    const aid = Buffer.from('A0000000871002FF33FF01890000010A', 'hex');
    await fuzz(
      'sim: USIM flows over random card answers',
      fc.tuple(
        fc.array(cardAnswer, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('aid', 'imsi', 'pin', 'auth'),
      ),
      async ([answers, flow]) => {
        const card = randomCard(answers);
        const result = await outcome<unknown>(() => {
          if (flow === 'aid') return findUsimAid(card);
          if (flow === 'imsi') return readImsiFromCard(card);
          if (flow === 'pin') return verifyPin1(card, '1234');
          return authenticateUsim(card, aid, Buffer.alloc(16, 1), Buffer.alloc(16, 2));
        });
        if (!result.ok) assertCleanError(result.error);
        // 8 EF_DIR records at most, each with at most 64 GET RESPONSE rounds plus a 6Cxx resend.
        expect(card.sent).toBeLessThan(2_000);
      },
      { numRuns: 400 },
    );
  });
});
