import { describe, expect, it } from 'vitest';
import {
  UsimCardModel,
  encodeEfImsi,
  encodePin,
  gsmKc,
  milenageAuthenticator,
  milenageAuts,
  milenageF1,
  milenageF2345,
  milenageOpc,
  milenageSqnFromAuts,
  milenageVector,
  readerNameForPort,
} from '../../harness/virtual-usim';

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

// ---- Milenage against 3GPP TS 35.208 (docs/protocols/krypton.md), SQN tracking and PIN1. ----

const b = (value: string): Buffer => Buffer.from(value.replace(/ /g, ''), 'hex');

const TEST_SETS = [
  {
    name: 'Test Set 1',
    k: '465b5ce8b199b49faa5f0a2ee238a6bc',
    rand: '23553cbe9637a89d218ae64dae47bf35',
    sqn: 'ff9bb4d0b607',
    amf: 'b9b9',
    op: 'cdc202d5123e20f62b6d676ac72cb318',
    opc: 'cd63cb71954a9f4e48a5994e37a02baf',
    f1: '4a9ffac354dfafb3',
    f1s: '01cfaf9ec4e871e9',
    f2: 'a54211d5e3ba50bf',
    f3: 'b40ba9a3c58b2a05bbf0d987b21bf8cb',
    f4: 'f769bcd751044604127672711c6d3441',
    f5: 'aa689c648370',
    f5s: '451e8beca43b',
  },
  {
    name: 'Test Set 3',
    k: 'fec86ba6eb707ed08905757b1bb44b8f',
    rand: '9f7c8d021accf4db213ccff0c7f71a6a',
    sqn: '9d0277595ffc',
    amf: '725c',
    op: 'dbc59adcb6f9a0ef735477b7fadf8374',
    opc: '1006020f0a478bf6b699f15c062e42b3',
    f1: '9cabc3e99baf7281',
    f1s: '95814ba2b3044324',
    f2: '8011c48c0c214ed2',
    f3: '5dbdbb2954e8f3cde665b046179a5098',
    f4: '59a92d3b476a0443487055cf88b2307b',
    f5: '33484dc2136b',
    f5s: 'deacdd848cc6',
  },
  {
    name: 'Test Set 4',
    k: '9e5944aea94b81165c82fbf9f32db751',
    rand: 'ce83dbc54ac0274a157c17f80d017bd6',
    sqn: '0b604a81eca8',
    amf: '9e09',
    op: '223014c5806694c007ca1eeef57f004f',
    opc: 'a64a507ae1a2a98bb88eb4210135dc87',
    f1: '74a58220cba84c49',
    f1s: 'ac2cc74a96871837',
    f2: 'f365cd683cd92e96',
    f3: 'e203edb3971574f5a94b0d61b816345d',
    f4: '0c4524adeac041c4dd830d20854fc46b',
    f5: 'f0b9c08ad02e',
    f5s: '6085a86c6f63',
  },
];

describe('Milenage (TS 35.208 test sets)', () => {
  for (const set of TEST_SETS) {
    it(`${set.name}: OPc and f1, f1*, f2, f3, f4, f5, f5*`, () => {
      const k = b(set.k);
      const opc = milenageOpc(k, b(set.op));
      expect(opc.toString('hex')).toBe(set.opc);
      const { macA, macS } = milenageF1(k, opc, b(set.rand), b(set.sqn), b(set.amf));
      expect(macA.toString('hex')).toBe(set.f1);
      expect(macS.toString('hex')).toBe(set.f1s);
      const out = milenageF2345(k, opc, b(set.rand));
      expect(out.res.toString('hex')).toBe(set.f2);
      expect(out.ck.toString('hex')).toBe(set.f3);
      expect(out.ik.toString('hex')).toBe(set.f4);
      expect(out.ak.toString('hex')).toBe(set.f5);
      expect(out.akStar.toString('hex')).toBe(set.f5s);
    });
  }

  it('gives the GSM Kc of TS 55.205 set 1 and the golden vectors of krypton.md §5.2', () => {
    const [set] = TEST_SETS as [(typeof TEST_SETS)[0]];
    const k = b(set.k);
    const opc = b(set.opc);
    const { ck, ik } = milenageF2345(k, opc, b(set.rand));
    expect(gsmKc(ck, ik).toString('hex')).toBe('eae4be823af9a08b');
    const vector = milenageVector(k, opc, b(set.rand), b('000000000021'), b('8000'));
    expect(vector.autn.toString('hex')).toBe('aa689c648351800041ed662ae8c74ecd');
    expect(vector.xres.toString('hex')).toBe('a54211d5e3ba50bf');
    expect(milenageAuts(k, opc, b(set.rand), b('ff9bb4d0b607')).toString('hex')).toBe(
      'ba853f3c123ccf44e93596e355c6',
    );
    expect(milenageSqnFromAuts(k, opc, b(set.rand), b('ba853f3c123ccf44e93596e355c6'))?.toString('hex')).toBe(
      'ff9bb4d0b607',
    );
    expect(milenageSqnFromAuts(k, opc, b(set.rand), b('ba853f3c123ccf44e93596e355c7'))).toBeUndefined();
  });
});

describe('virtual USIM with Milenage and PIN1', () => {
  const [set] = TEST_SETS as [(typeof TEST_SETS)[0]];
  const select = `00 A4 04 04 10 ${AID}`;
  const authenticate = (rand: string, autn: string) => `00 88 00 81 22 10 ${rand} 10 ${autn}`;

  it('answers the AUTHENTICATE of krypton.md §5.2 with 61 35 and the exact GET RESPONSE bytes', () => {
    const model = new UsimCardModel('001010000000001', milenageAuthenticator({ k: set.k, opc: set.opc }));
    expect(
      run(model, select, authenticate(set.rand, '55f328b43577b9b94a9ffac354dfafb3'), '00 C0 00 00 35'),
    ).toEqual([
      '611C',
      '6135',
      'DB08A54211D5E3BA50BF10B40BA9A3C58B2A05BBF0D987B21BF8CB10F769BCD751044604127672711C6D344108EAE4BE823AF9A08B9000',
    ]);
  });

  it('tracks SQN: a replayed or older AUTN gets a sync failure whose AUTS carries SQN_MS', () => {
    const model = new UsimCardModel('001010000000001', milenageAuthenticator({ k: set.k, opc: set.opc }));
    const fresh = milenageVector(b(set.k), b(set.opc), b(set.rand), b('000000000021'), b('8000'));
    const apdu = authenticate(set.rand, fresh.autn.toString('hex'));
    expect(run(model, select, apdu)[1]).toBe('6135');
    expect(run(model, apdu, '00 C0 00 00 10')).toEqual([
      '6110',
      `DC0E${milenageAuts(b(set.k), b(set.opc), b(set.rand), b('000000000021')).toString('hex').toUpperCase()}9000`,
    ]);
    const older = milenageVector(b(set.k), b(set.opc), b(set.rand), b('000000000020'), b('8000'));
    expect(run(model, authenticate(set.rand, older.autn.toString('hex')))).toEqual(['6110']);
    const newer = milenageVector(b(set.k), b(set.opc), b(set.rand), b('000000000022'), b('8000'));
    expect(run(model, authenticate(set.rand, newer.autn.toString('hex')))).toEqual(['6135']);
  });

  it('answers a wrong MAC with 98 62 before looking at SQN', () => {
    const model = new UsimCardModel('001010000000001', milenageAuthenticator({ k: set.k, opc: set.opc }));
    const autn = b('aa689c648351800041ed662ae8c74ecd');
    autn[15] = (autn[15] as number) ^ 1;
    expect(run(model, select, authenticate(set.rand, autn.toString('hex')))[1]).toBe('9862');
  });

  it('guards EF_IMSI and AUTHENTICATE with PIN1 and counts wrong tries down to blocked', () => {
    const model = new UsimCardModel('001010000000001', milenageAuthenticator({ k: set.k, opc: set.opc }), {
      value: '1234',
    });
    const pin = (value: string) => `00 20 00 01 08 ${encodePin(value).toString('hex')}`;
    expect(run(model, select, '00 A4 00 04 02 6F07', '00 B0 00 00 09')).toEqual(['611C', '6111', '6982']);
    expect(run(model, authenticate(set.rand, '55f328b43577b9b94a9ffac354dfafb3'))).toEqual(['6982']);
    expect(run(model, '00 20 00 01')).toEqual(['63C3']);
    expect(run(model, pin('1234'), '00 A4 00 04 02 6F07', '00 B0 00 00 09')).toEqual([
      '9000',
      '6111',
      '0809101000000000109000',
    ]);
    model.reset(); // power cycle: verified state is gone
    expect(run(model, '00 20 00 01', pin('0000'), pin('1111'))).toEqual(['63C3', '63C2', '63C1']);
    expect(run(model, pin('1234'))).toEqual(['9000']); // a right PIN resets the counter
    model.reset();
    expect(run(model, pin('0000'), pin('0000'), pin('0000'), pin('1234'))).toEqual([
      '63C2',
      '63C1',
      '6983',
      '6983',
    ]);
    expect(model.pinTriesLeft).toBe(0);
    expect(run(model, '00 20 00 02 08 FFFFFFFFFFFFFFFF')).toEqual(['6A88']);
  });

  it('a disabled PIN1 does not guard anything', () => {
    const model = new UsimCardModel('001010000000001', undefined, { value: '1234', enabled: false });
    expect(run(model, select, '00 A4 00 04 02 6F07', '00 B0 00 00 09')[2]).toBe('0809101000000000109000');
  });
});
