import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildCalculate,
  buildCalculateAll,
  buildPut,
  buildSelect,
  buildValidate,
  codeFromTruncated,
  credentialId,
  parseCalculateAll,
  parseList,
  parseSelect,
  periodOf,
} from '../../../../electron/core/yubikey/oath';

// YKOATH bytes as docs/protocols/yubikey.md gives them, written out by hand here.
const hex = (buffer: Buffer) => buffer.toString('hex').toUpperCase();
const ascii = (text: string) => Buffer.from(text).toString('hex').toUpperCase();

describe('YKOATH commands', () => {
  it('SELECT is 00 A4 04 00 07 A0 00 00 05 27 21 01', () => {
    expect(hex(buildSelect())).toBe('00A4040007A0000005272101');
  });

  it('PUT: name, key (type|hash, digits, key padded to 14 bytes), then the bare touch property 78 02', () => {
    const put = buildPut({
      id: 'a',
      secret: Buffer.from('0102', 'hex'),
      algorithm: 'SHA256',
      digits: 8,
      touch: true,
    });
    expect(hex(put)).toBe(`00010000177101${ascii('a')}7310` + '2208' + '0102' + '00'.repeat(12) + '7802');
    const plain = buildPut({
      id: 'a',
      secret: Buffer.alloc(20, 1),
      algorithm: 'SHA1',
      digits: 6,
      touch: false,
    });
    expect(hex(plain).endsWith('01'.repeat(20))).toBe(true);
  });

  it('PUT hashes a key longer than the block size first, as yubikit does', () => {
    const long = Buffer.alloc(65, 7);
    const put = buildPut({ id: 'x', secret: long, algorithm: 'SHA1', digits: 6, touch: false });
    expect(hex(put).endsWith(hex(createHash('sha1').update(long).digest()))).toBe(true);
  });

  it('CALCULATE (truncated) carries the id and the 8-byte time step', () => {
    const step = Buffer.alloc(8);
    step.writeBigUInt64BE(1n);
    expect(hex(buildCalculate('60/I:n', step))).toBe(`00A20001127106${ascii('60/I:n')}74080000000000000001`);
    expect(hex(buildCalculateAll(59))).toBe('00A400010A74080000000000000001');
  });

  it('VALIDATE answers the card challenge with HMAC-SHA1 under the access key and sends our own', () => {
    const key = Buffer.alloc(16, 9);
    const card = Buffer.from('0011223344556677', 'hex');
    const ours = Buffer.from('8899AABBCCDDEEFF', 'hex');
    const { command, expected } = buildValidate(key, card, ours);
    const response = createHmac('sha1', key).update(card).digest('hex').toUpperCase();
    expect(hex(command)).toBe(`00A30000207514${response}7408${hex(ours)}`);
    expect(expected).toEqual(createHmac('sha1', key).update(ours).digest());
  });
});

describe('YKOATH answers', () => {
  it('SELECT: version, salt and the challenge only when a password is set', () => {
    expect(parseSelect(Buffer.from('790305040371080102030405060708', 'hex'))).toEqual({
      version: '5.4.3',
      salt: Buffer.from('0102030405060708', 'hex'),
    });
    const locked = parseSelect(
      Buffer.from('79030504037108010203040506070874081122334455667788' + '7B0101', 'hex'),
    );
    expect(locked.challenge).toEqual(Buffer.from('1122334455667788', 'hex'));
  });

  it('LIST: type and hash from one byte, period from the id', () => {
    const body = Buffer.from(`720421${ascii('a:b')}`, 'hex'); // 72, length 4, TOTP|SHA-1, "a:b"
    expect(parseList(body)).toEqual([{ id: 'a:b', type: 'totp', algorithm: 'SHA1', period: 30 }]);
    expect(parseList(Buffer.from(`720312${ascii('hh')}`, 'hex'))).toEqual([
      { id: 'hh', type: 'hotp', algorithm: 'SHA256', period: 0 },
    ]);
    expect(periodOf('60/AWS:alice')).toBe(60);
    expect(credentialId('AWS:alice', 30)).toBe('AWS:alice');
    expect(credentialId('AWS:alice', 60)).toBe('60/AWS:alice');
  });

  it('CALCULATE ALL: 76 a code, 7C a touch credential, 77 HOTP', () => {
    const body = Buffer.from(
      `7101${ascii('a')}76050641BBC8A1` + `7101${ascii('t')}7C0106` + `7101${ascii('h')}770106`,
      'hex',
    );
    expect(parseCalculateAll(body)).toEqual([
      { id: 'a', kind: 'totp', code: codeFromTruncated(Buffer.from('0641BBC8A1', 'hex')) },
      { id: 't', kind: 'touch' },
      { id: 'h', kind: 'hotp' },
    ]);
  });

  it('a truncated response is masked to 31 bits and taken modulo 10^digits (RFC 4226 §5.4: 0x50ef7f19 → 872921)', () => {
    expect(codeFromTruncated(Buffer.from('0650EF7F19', 'hex'))).toBe('872921');
    expect(codeFromTruncated(Buffer.from('08D0EF7F19', 'hex'))).toBe(
      String(0x50ef7f19 % 1e8).padStart(8, '0'),
    );
  });
});
