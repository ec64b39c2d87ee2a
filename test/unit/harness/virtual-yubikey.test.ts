import { createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32Decode } from '../../../electron/core/mfa';
import { RFC6238_SEEDS, RFC6238_VECTORS } from '../../harness/rfc6238';
import { YkoathModel, type CardAnswer } from '../../harness/virtual-yubikey';

// The virtual YKOATH applet against the spec's own examples and the RFC test vectors, APDU by APDU (hex written out
// here, not built by Tobira's client).
const SELECT = '00A4040007A0000005272101';
const RFC4226_KEY = Buffer.from('12345678901234567890').toString('hex');
const RFC4226_HOTP = [
  '755224',
  '287082',
  '359152',
  '969429',
  '338314',
  '254676',
  '287922',
  '162583',
  '399871',
  '520489',
];

function run(model: YkoathModel, hex: string): string {
  const answer: CardAnswer = model.handle(Buffer.from(hex.replace(/\s/g, ''), 'hex'));
  if (!Buffer.isBuffer(answer)) throw new Error('waits for a touch');
  return answer.toString('hex').toUpperCase();
}

function lv(tag: string, hex: string): string {
  return tag + (hex.length / 2).toString(16).padStart(2, '0') + hex;
}

function apdu(header: string, data: string): string {
  return header + (data.length / 2).toString(16).padStart(2, '0') + data;
}

const nameHex = (name: string) => Buffer.from(name).toString('hex');
const step = (seconds: number, period = 30) =>
  BigInt(Math.floor(seconds / period))
    .toString(16)
    .padStart(16, '0');

function codeOf(truncatedResponse: string): string {
  const bytes = Buffer.from(truncatedResponse.slice(4, -4), 'hex'); // 76 05 | digits | 4 bytes | 9000
  const digits = bytes[0] as number;
  return String((bytes.readUInt32BE(1) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

describe('virtual YKOATH applet', () => {
  it('answers SELECT with version and salt, and without a challenge when no password is set', () => {
    const model = new YkoathModel({ saltHex: '0102030405060708', version: [5, 4, 3] });
    expect(run(model, SELECT)).toBe('7903050403' + '71080102030405060708' + '9000');
  });

  it('gives RFC 6238 codes through CALCULATE with a truncated response (P2=01)', () => {
    const credentials = (['SHA1', 'SHA256', 'SHA512'] as const).map((algorithm) => ({
      id: `rfc-${algorithm}`,
      keyHex: base32Decode(RFC6238_SEEDS[algorithm]).toString('hex'),
      algorithm,
      digits: 8,
    }));
    const model = new YkoathModel({ credentials });
    run(model, SELECT);
    for (const [seconds, algorithm, code] of RFC6238_VECTORS) {
      const data = lv('71', nameHex(`rfc-${algorithm}`)) + lv('74', step(seconds));
      const response = run(model, apdu('00A20001', data));
      expect(response.slice(0, 6)).toBe('760508');
      expect(codeOf(response)).toBe(code);
    }
  });

  it('gives RFC 4226 HOTP values in order, counting on the key, and the full HMAC with P2=00', () => {
    const model = new YkoathModel({ credentials: [{ id: 'hotp', keyHex: RFC4226_KEY, type: 'hotp' }] });
    run(model, SELECT);
    const data = lv('71', nameHex('hotp')) + lv('74', '');
    for (const expected of RFC4226_HOTP) expect(codeOf(run(model, apdu('00A20001', data)))).toBe(expected);
    // Count 10, untruncated: tag 75, digits, then HMAC-SHA1(key, counter) whole.
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(10n);
    const full = createHmac('sha1', Buffer.from(RFC4226_KEY, 'hex'))
      .update(counter)
      .digest('hex')
      .toUpperCase();
    expect(run(model, apdu('00A20000', data))).toBe('751506' + full + '9000');
  });

  it('stores PUT credentials with the touch property and an IMF, lists them, and deletes them', () => {
    const model = new YkoathModel();
    run(model, SELECT);
    const key = '2106' + Buffer.from('12345678901234').toString('hex'); // TOTP|SHA1, 6 digits
    expect(run(model, apdu('00010000', lv('71', nameHex('a')) + lv('73', key) + '7802'))).toBe('9000');
    const hotpKey = '1106' + Buffer.from('12345678901234').toString('hex');
    expect(
      run(model, apdu('00010000', lv('71', nameHex('h')) + lv('73', hotpKey) + lv('7A', '00000005'))),
    ).toBe('9000');
    expect(run(model, '00A10000')).toBe(
      lv('72', '21' + nameHex('a')) + lv('72', '11' + nameHex('h')) + '9000',
    );
    // CALCULATE ALL: 7C for the touch credential, 77 for HOTP.
    expect(run(model, apdu('00A40001', lv('74', step(0))))).toBe(
      lv('71', nameHex('a')) + '7C0106' + lv('71', nameHex('h')) + '77' + '0106' + '9000',
    );
    expect(run(model, apdu('00020000', lv('71', nameHex('a'))))).toBe('9000');
    expect(run(model, apdu('00020000', lv('71', nameHex('a'))))).toBe('6984');
    expect(run(model, apdu('00A20001', lv('71', nameHex('a')) + lv('74', step(0))))).toBe('6984');
  });

  it('waits for a touch, and answers 6982 when nobody touched', () => {
    const model = new YkoathModel({ credentials: [{ id: 't', keyHex: RFC4226_KEY, touch: true }] });
    run(model, SELECT);
    const answer = model.handle(
      Buffer.from(apdu('00A20001', lv('71', nameHex('t')) + lv('74', step(59))), 'hex'),
    );
    if (Buffer.isBuffer(answer)) throw new Error('did not wait for a touch');
    expect(answer.awaitTouch(false).toString('hex')).toBe('6982');
    const again = model.handle(
      Buffer.from(apdu('00A20001', lv('71', nameHex('t')) + lv('74', step(59))), 'hex'),
    );
    if (Buffer.isBuffer(again)) throw new Error('did not wait for a touch');
    expect(codeOf(again.awaitTouch(true).toString('hex').toUpperCase())).toBe('287082');
  });

  it('needs VALIDATE with the PBKDF2-derived key when a password is set, and answers the host challenge', () => {
    const salt = '0102030405060708';
    const model = new YkoathModel({ saltHex: salt, password: 'correct horse', credentials: [] });
    const select = Buffer.from(run(model, SELECT), 'hex');
    // 79 03 ver | 71 08 salt | 74 08 challenge | 7B 01 01 | 9000
    expect(select.subarray(15, 17).toString('hex')).toBe('7408');
    expect(select.subarray(25, 28).toString('hex')).toBe('7b0101');
    const challenge = select.subarray(17, 25);
    expect(run(model, '00A10000')).toBe('6982');
    const key = pbkdf2Sync('correct horse', Buffer.from(salt, 'hex'), 1000, 16, 'sha1');
    const wrong = pbkdf2Sync('wrong', Buffer.from(salt, 'hex'), 1000, 16, 'sha1');
    const ours = '0011223344556677';
    const body = (k: Buffer) =>
      lv('75', createHmac('sha1', k).update(challenge).digest('hex')) + lv('74', ours);
    expect(run(model, apdu('00A30000', body(wrong)))).toBe('6A80');
    const answer = run(model, apdu('00A30000', body(key)));
    expect(answer).toBe(
      lv('75', createHmac('sha1', key).update(Buffer.from(ours, 'hex')).digest('hex').toUpperCase()) + '9000',
    );
    expect(run(model, '00A10000')).toBe('9000');
  });

  it('sends a long LIST in parts: 61xx, then SEND REMAINING until 9000', () => {
    const credentials = Array.from({ length: 20 }, (_, i) => ({
      id: `Issuer-${String(i).padStart(2, '0')}:someone@example.com`,
      keyHex: RFC4226_KEY,
    }));
    const model = new YkoathModel({ credentials });
    run(model, SELECT);
    const first = run(model, '00A10000');
    expect(first.slice(-4, -2)).toBe('61');
    expect(first.length / 2 - 2).toBe(255);
    let all = first.slice(0, -4);
    let last = first;
    while (last.slice(-4, -2) === '61') {
      last = run(model, '00A50000');
      all += last.slice(0, -4);
    }
    expect(last.slice(-4)).toBe('9000');
    const expected = credentials
      .map((c) => lv('72', '21' + nameHex(c.id)))
      .join('')
      .toUpperCase();
    expect(all).toBe(expected);
  });
});
