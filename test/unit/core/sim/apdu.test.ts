import { describe, expect, it } from 'vitest';
import {
  buildAuthenticate,
  buildVerifyPin1,
  parseAuthenticateResponse,
  buildGetResponse,
  buildReadBinary,
  buildReadRecord,
  buildSelectByAid,
  buildSelectByFid,
  decodeImsi,
  isSuccess,
  isUsimAid,
  parseEfDirRecord,
  parseFcp,
  parseResponse,
  parseTlvs,
  withLe,
} from '../../../../electron/core/sim/apdu';
import { TobiraError } from '../../../../electron/core/errors';

const hex = (value: string): Buffer => Buffer.from(value.replace(/\s+/g, ''), 'hex');
const AID = 'A0000000871002FFFFFFFF8907090000';

function malformed(run: () => unknown): TobiraError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TobiraError);
    const tobira = error as TobiraError;
    expect(tobira.key).toBe('sim.card.malformed');
    expect(tobira.exitCode).toBe(1);
    return tobira;
  }
  throw new Error('expected a malformed-data error');
}

describe('decodeImsi (EF_IMSI, krypton.md §2.4)', () => {
  it('decodes the 15-digit examples of the spec', () => {
    expect(decodeImsi(hex('08 09 10 10 00 00 00 00 10'))).toBe('001010000000001');
    expect(decodeImsi(hex('08 49 04 01 21 43 65 87 09'))).toBe('440101234567890');
  });

  it('ignores the status word and anything after the length', () => {
    expect(decodeImsi(hex('08 49 04 01 21 43 65 87 09 90 00'))).toBe('440101234567890');
  });

  it('drops the F filler of an even-length IMSI (the Go client would keep it)', () => {
    expect(decodeImsi(hex('08 41 04 01 21 43 65 87 F9'))).toBe('44010123456789');
  });

  it('uses the length byte for a short IMSI padded with FF', () => {
    expect(decodeImsi(hex('04 41 04 01 F1 FF FF FF FF'))).toBe('440101');
    expect(decodeImsi(hex('05 49 04 01 21 43 FF FF FF'))).toBe('440101234');
  });

  it('rejects malformed or empty files with a clear error', () => {
    expect(malformed(() => decodeImsi(Buffer.alloc(0))).message).toContain('no data');
    expect(malformed(() => decodeImsi(hex('FF FF FF FF FF FF FF FF FF'))).message).toContain(
      'no IMSI provisioned',
    );
    expect(malformed(() => decodeImsi(hex('09 09 10 10 00 00 00 00 10 00'))).message).toContain('09');
    expect(malformed(() => decodeImsi(hex('08 09 10 10'))).message).toContain('only 3 follow');
    expect(malformed(() => decodeImsi(hex('08 09 1A 10 00 00 00 00 10'))).message).toContain('non-decimal');
    expect(malformed(() => decodeImsi(hex('08 09 F0 10 00 00 00 00 10'))).message).toContain('non-decimal');
    expect(malformed(() => decodeImsi(hex('02 49 F4'))).message).toContain('only 2 digits');
  });

  it('never puts the data it cannot decode into an IMSI-looking param', () => {
    const error = malformed(() => decodeImsi(hex('08 09 1A 10 00 00 00 00 10')));
    expect(Object.keys(error.params).sort()).toEqual(['detail', 'what']);
  });
});

describe('EF_DIR and FCP parsing (krypton.md §2.3, §2.8)', () => {
  it('reads the record length and count from the FCP of EF_DIR', () => {
    expect(parseFcp(hex('62 0F 82 05 42 21 00 26 01 83 02 2F 00 80 02 00 26'))).toEqual({
      descriptor: 0x42,
      recordLength: 0x26,
      recordCount: 1,
      fileId: 0x2f00,
    });
  });

  it('accepts an FCP without record information (a DF)', () => {
    expect(parseFcp(hex(`62 1A 82 02 78 21 83 02 7F FF 84 10 ${AID}`))).toEqual({
      descriptor: 0x78,
      fileId: 0x7fff,
    });
  });

  it('rejects what is not an FCP template', () => {
    expect(malformed(() => parseFcp(hex('6F 02 82 00'))).message).toContain('not 62');
    expect(malformed(() => parseFcp(Buffer.alloc(0))).message).toContain('no data');
    expect(malformed(() => parseFcp(hex('62 0F 82 05 42 21'))).message).toContain('truncated');
    expect(malformed(() => parseFcp(hex('62 03 82 01 42'))).message).toContain('file descriptor');
  });

  it('finds the USIM AID and label in record 1', () => {
    const record = hex(`61 18 4F 10 ${AID} 50 04 5553494D ${'FF'.repeat(12)}`);
    const application = parseEfDirRecord(record);
    expect(application?.aid.toString('hex').toUpperCase()).toBe(AID);
    expect(application?.label).toBe('USIM');
    expect(isUsimAid(application?.aid ?? Buffer.alloc(0))).toBe(true);
  });

  it('accepts a record without a label and tells other applications apart', () => {
    const isim = parseEfDirRecord(hex('61 0B 4F 09 A0000000871004FFFF'));
    expect(isim?.label).toBeUndefined();
    expect(isUsimAid(isim?.aid ?? Buffer.alloc(0))).toBe(false);
    expect(isUsimAid(hex('A000000087'))).toBe(false);
  });

  it('treats an all-FF record as unused', () => {
    expect(parseEfDirRecord(Buffer.alloc(38, 0xff))).toBeUndefined();
  });

  it('rejects malformed records', () => {
    expect(malformed(() => parseEfDirRecord(hex('62 02 4F 00'))).message).toContain('not 61');
    expect(malformed(() => parseEfDirRecord(hex('61 06 50 04 5553494D'))).message).toContain('no AID');
    expect(malformed(() => parseEfDirRecord(hex('61 18 4F 10 A000'))).message).toContain('truncated');
    expect(malformed(() => parseEfDirRecord(hex('61 04 4F 02 A000'))).message).toContain('AID of 2 bytes');
    expect(malformed(() => parseEfDirRecord(Buffer.alloc(0))).message).toContain('no data');
  });

  it('reads the long length forms of BER-TLV', () => {
    const long = Buffer.concat([hex('53 81 80'), Buffer.alloc(0x80, 1), hex('54 82 00 01 07')]);
    expect(parseTlvs(long, 'test').map(({ tag, value }) => [tag, value.length])).toEqual([
      [0x53, 0x80],
      [0x54, 1],
    ]);
  });
});

describe('status words', () => {
  it('splits data and status word', () => {
    expect(parseResponse(hex('01 02 90 00'))).toEqual({
      data: hex('0102'),
      sw1: 0x90,
      sw2: 0x00,
      sw: 0x9000,
    });
    expect(parseResponse(hex('61 1C'))).toMatchObject({ data: Buffer.alloc(0), sw: 0x611c });
  });

  it('rejects a response without a status word', () => {
    expect(malformed(() => parseResponse(hex('90'))).message).toContain('1 bytes');
  });

  it('counts 9000, 61xx and 91xx as success but not 6Fxx (unlike the Go client)', () => {
    for (const sw of ['9000', '611C', '6100', '9110']) expect(isSuccess(parseResponse(hex(sw)))).toBe(true);
    for (const sw of ['6F00', '6A82', '6982', '6D00', '9001', '6C09'])
      expect(isSuccess(parseResponse(hex(sw)))).toBe(false);
  });
});

describe('command APDUs (the Go client bytes, krypton.md §2.2)', () => {
  it('builds the IMSI sequence', () => {
    expect(buildSelectByFid(0x3f00)).toEqual(hex('00 A4 00 04 02 3F 00'));
    expect(buildSelectByFid(0x2f00)).toEqual(hex('00 A4 00 04 02 2F 00'));
    expect(buildGetResponse(0x11)).toEqual(hex('00 C0 00 00 11'));
    expect(buildReadRecord(1, 0x26)).toEqual(hex('00 B2 01 04 26'));
    expect(buildSelectByAid(hex(AID))).toEqual(hex(`00 A4 04 04 10 ${AID}`));
    expect(buildSelectByFid(0x6f07)).toEqual(hex('00 A4 00 04 02 6F 07'));
    expect(buildReadBinary(0, 9)).toEqual(hex('00 B0 00 00 09'));
  });

  it('rejects values that do not fit a short APDU', () => {
    expect(() => buildGetResponse(256)).toThrow(RangeError);
    expect(() => buildReadRecord(0, 1)).toThrow(RangeError);
    expect(() => buildReadBinary(0x8000, 1)).toThrow(RangeError);
    expect(() => buildSelectByAid(Buffer.alloc(17))).toThrow(RangeError);
  });

  it('sets Le for a 6Cxx retry in every APDU case', () => {
    expect(withLe(hex('00 B0 00 00'), 9)).toEqual(hex('00 B0 00 00 09')); // case 1 → 2
    expect(withLe(hex('00 B0 00 00 00'), 9)).toEqual(hex('00 B0 00 00 09')); // case 2
    expect(withLe(hex('00 A4 00 04 02 3F 00'), 0x0d)).toEqual(hex('00 A4 00 04 02 3F 00 0D')); // case 3 → 4
    expect(withLe(hex('00 A4 00 04 02 3F 00 00'), 0x0d)).toEqual(hex('00 A4 00 04 02 3F 00 0D')); // case 4
    expect(() => withLe(hex('00 A4 00 04 05 3F'), 1)).toThrow(RangeError);
  });
});

describe('AUTHENTICATE and VERIFY commands and responses', () => {
  const RES = 'a54211d5e3ba50bf';
  const CK = 'b40ba9a3c58b2a05bbf0d987b21bf8cb';
  const IK = 'f769bcd751044604127672711c6d3441';
  const KC = 'eae4be823af9a08b';
  const parse = (hex: string) => parseAuthenticateResponse(Buffer.from(hex, 'hex'));
  const malformed = (hex: string): string => {
    try {
      parse(hex);
    } catch (error) {
      if (error instanceof TobiraError && error.key === 'sim.card.malformed')
        return String(error.params.detail);
    }
    throw new Error(`expected ${hex} to be refused`);
  };

  it('builds the exact bytes of krypton.md §5.2', () => {
    const rand = Buffer.from('23553cbe9637a89d218ae64dae47bf35', 'hex');
    const autn = Buffer.from('55f328b43577b9b94a9ffac354dfafb3', 'hex');
    expect(buildAuthenticate(rand, autn).toString('hex')).toBe(
      '00880081221023553cbe9637a89d218ae64dae47bf351055f328b43577b9b94a9ffac354dfafb3',
    );
    expect(buildVerifyPin1('0000').toString('hex')).toBe('002000010830303030ffffffff');
    expect(buildVerifyPin1('12345678').toString('hex')).toBe('00200001083132333435363738');
  });

  it('parses success with and without Kc, and a sync failure', () => {
    expect(parse(`db08${RES}10${CK}10${IK}08${KC}`)).toMatchObject({ status: 'success' });
    const noKc = parse(`db08${RES}10${CK}10${IK}`);
    expect(noKc.status === 'success' && noKc.ck.toString('hex')).toBe(CK);
    expect(noKc.status === 'success' && noKc.kc).toBeUndefined();
    const sync = parse('dc0eba853f3c123ccf44e93596e355c6');
    expect(sync.status === 'syncFailure' && sync.auts.toString('hex')).toBe('ba853f3c123ccf44e93596e355c6');
  });

  it('checks every length', () => {
    expect(malformed('')).toBe('no data');
    expect(malformed('9000')).toContain('not DB or DC');
    expect(malformed(`db08${RES}10${CK}10${IK.slice(0, 20)}`)).toBe('IK is truncated');
    expect(malformed(`db08${RES}08${CK.slice(0, 16)}10${IK}`)).toBe('CK of 8 bytes');
    expect(malformed(`db02abcd`)).toBe('RES of 2 bytes');
    expect(malformed(`db08${RES}10${CK}10${IK}04${KC.slice(0, 8)}`)).toBe('Kc of 4 bytes');
    expect(malformed(`db08${RES}10${CK}10${IK}08${KC}00`)).toBe('1 bytes after Kc');
    expect(malformed('dc0dba853f3c123ccf44e93596e355')).toBe('AUTS of 13 bytes');
    expect(malformed('dc0eba853f3c123ccf44e93596e355c600')).toBe('1 bytes after AUTS');
    expect(malformed('db')).toBe('ends before RES');
  });
});
