import { describe, expect, it } from 'vitest';
import { UsimCardModel, encodeEfImsi, readerNameForPort } from '../../harness/virtual-usim';

const AID = 'A0000000871002FFFFFFFF8907090000';

/** Sends hex APDUs in order and returns the hex answers. */
function run(model: UsimCardModel, ...apdus: string[]): string[] {
  return apdus.map((apdu) =>
    model
      .handle(Buffer.from(apdu.replace(/ /g, ''), 'hex'))
      .toString('hex')
      .toUpperCase(),
  );
}

describe('virtual USIM card model', () => {
  it('encodes EF_IMSI like the spec (krypton.md §2.4)', () => {
    expect(encodeEfImsi('001010000000001').toString('hex')).toBe('080910100000000010');
    expect(encodeEfImsi('440101234567890').toString('hex')).toBe('084904012143658709');
    expect(encodeEfImsi('44010123456789').toString('hex')).toBe('0841040121436587f9');
    expect(encodeEfImsi('440101').toString('hex')).toBe('04410401f1ffffffff');
  });

  it('answers the Go client sequence as in krypton.md §2.8', () => {
    const model = new UsimCardModel('001010000000001');
    expect(
      run(
        model,
        '00 A4 00 04 02 3F00',
        '00 A4 00 04 02 2F00',
        '00 C0 00 00 11',
        '00 B2 01 04 26',
        `00 A4 04 04 10 ${AID}`,
        '00 C0 00 00 1C',
        '00 A4 00 04 02 6F07',
        '00 B0 00 00 09',
      ),
    ).toEqual([
      '610D',
      '6111',
      '620F8205422100260183022F00800200269000',
      `61184F10${AID}50045553494D${'FF'.repeat(12)}9000`,
      '611C',
      `621A8202782183027FFF8410${AID}9000`,
      '6111',
      '0809101000000000109000',
    ]);
  });

  it('answers wrong or unknown APDUs with the proper status words', () => {
    const model = new UsimCardModel('440103123456789');
    expect(run(model, '00 B0 00 00 09')).toEqual(['6986']); // no EF selected
    expect(run(model, '00 A4 00 04 02 6F07')).toEqual(['6A82']); // EF_IMSI is not under the MF
    expect(run(model, '00 A4 00 04 02 4F00')).toEqual(['6A82']);
    expect(run(model, `00 A4 04 04 07 A0000000871004`)).toEqual(['6A82']); // ISIM: not on this card
    expect(run(model, '00 A4 00 04 03 3F0000 00')).toEqual(['6700']); // FID of 3 bytes
    expect(run(model, '00 A4 00 04 05 3F00')).toEqual(['6700']); // Lc larger than the data
    expect(run(model, '00 A4 08 04 02 3F00')).toEqual(['6A86']); // select by path is not modelled
    expect(run(model, '00 A4 00 00 02 3F00')).toEqual(['6A86']);
    expect(run(model, 'A0 A4 00 00 02 3F00')).toEqual(['6E00']); // GSM class
    expect(run(model, '00 CA 00 00 00')).toEqual(['6D00']);
    expect(run(model, '00 C0 00 00 10')).toEqual(['6985']); // nothing pending
    expect(run(model, '00 B2')).toEqual(['6700']);
  });

  it('checks READ RECORD and READ BINARY against the selected file', () => {
    const model = new UsimCardModel('440103123456789');
    run(model, '00 A4 00 04 02 2F00');
    expect(run(model, '00 B0 00 00 09')).toEqual(['6981']); // EF_DIR is not transparent
    expect(run(model, '00 B2 02 04 26')).toEqual(['6A83']); // only one record
    expect(run(model, '00 B2 01 04 10')).toEqual(['6C26']); // wrong Le
    expect(run(model, '00 B2 01 02 26')).toEqual(['6A86']); // next-record mode is not modelled
    run(model, `00 A4 04 0C 10 ${AID}`, '00 A4 00 0C 02 6F07');
    expect(run(model, '00 B2 01 04 26')).toEqual(['6981']); // EF_IMSI has no records
    expect(run(model, '00 B0 00 00 00')).toEqual(['6C09']);
    expect(run(model, '00 B0 00 09 01')).toEqual(['6B00']);
    expect(run(model, '00 B0 00 07 02')).toEqual(['76989000']);
    expect(run(model, '00 B0 00 00')).toEqual(['6700']); // no Le
  });

  it('clears a pending response on any other command and on reset', () => {
    const model = new UsimCardModel('440103123456789');
    expect(run(model, '00 A4 00 04 02 3F00', '00 B2 01 04 26', '00 C0 00 00 0D')).toEqual([
      '610D',
      '6986',
      '6985',
    ]);
    run(model, '00 A4 00 04 02 3F00');
    model.reset();
    expect(run(model, '00 C0 00 00 0D')).toEqual(['6985']);
  });

  it('returns the FCP at once for a case 4 SELECT (as under T=1) and splits GET RESPONSE by Le', () => {
    const model = new UsimCardModel('440103123456789');
    expect(run(model, '00 A4 00 04 02 3F00 00')[0]).toMatch(/^620B.*9000$/);
    expect(run(model, '00 A4 00 04 02 3F00', '00 C0 00 00 05', '00 C0 00 00 08')).toEqual([
      '610D',
      '620B820278' + '6108',
      '2183023F008A0105' + '9000',
    ]);
    expect(run(model, '00 A4 00 04 02 3F00', '00 C0 00 00 20', '00 C0 00 00 0D')[1]).toBe('6C0D');
  });

  it('rejects AUTHENTICATE without an authenticator, and checks it with one', () => {
    const auth = `00 88 00 81 22 10 ${'00'.repeat(16)} 10 ${'AA'.repeat(16)}`;
    expect(run(new UsimCardModel('440103123456789'), `00 A4 04 04 10 ${AID}`, auth)[1]).toBe('6D00');
    const model = new UsimCardModel('440103123456789', ({ rand }) =>
      rand[0] === 0 ? { data: Buffer.from('DB0101', 'hex') } : { sw: 0x9862 },
    );
    expect(run(model, auth)).toEqual(['6985']); // ADF not selected
    expect(run(model, `00 A4 04 04 10 ${AID}`, auth, '00 C0 00 00 03')).toEqual([
      '611C',
      '6103',
      'DB01019000',
    ]);
    expect(run(model, `00 88 00 82 22 10 ${'00'.repeat(16)} 10 ${'AA'.repeat(16)}`)).toEqual(['6A86']);
    expect(run(model, `00 88 00 81 12 10 ${'00'.repeat(16)} 00`)).toEqual(['6A80']);
    expect(run(model, `00 88 00 81 22 10 ${'FF'.repeat(16)} 10 ${'AA'.repeat(16)}`)).toEqual(['9862']);
  });

  it('names the vpcd readers by port', () => {
    expect(readerNameForPort(35963)).toBe('Virtual PCD 00 00');
    expect(readerNameForPort(35964)).toBe('Virtual PCD 00 01');
  });
});
