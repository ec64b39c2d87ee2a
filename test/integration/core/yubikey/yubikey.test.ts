import { afterEach, describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../electron/core/errors';
import { base32Decode, totpCode } from '../../../../electron/core/mfa';
import { yubikeyAdd, yubikeyCode, yubikeyList, yubikeyStatus } from '../../../../electron/core/yubikey';
import { RFC6238_SEEDS, RFC6238_VECTORS } from '../../../harness/rfc6238';
import { startVirtualUsim, type VirtualUsim } from '../../../harness/virtual-usim';
import { startVirtualYubikey, type VirtualYubikey } from '../../../harness/virtual-yubikey';

// Real pcscd + vpcd: the virtual YubiKey in "Virtual PCD 00 01", a virtual USIM in "Virtual PCD 00 00" beside it.
const KEY_READER = 'Virtual PCD 00 01';
const SIM_READER = 'Virtual PCD 00 00';
const SEED = RFC6238_SEEDS.SHA1;
const SEED_HEX = base32Decode(SEED).toString('hex');

const cards: Array<VirtualYubikey | VirtualUsim> = [];
async function key(options: Parameters<typeof startVirtualYubikey>[0] = {}): Promise<VirtualYubikey> {
  const card = await startVirtualYubikey(options);
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

describe('YubiKey OATH through pcscd', () => {
  it('finds the key beside a SIM, and reads its version and password state', async () => {
    cards.push(await startVirtualUsim({ imsi: '440103123456789' }));
    await key({ version: [5, 7, 1], password: 'pw' });
    await expect(yubikeyStatus()).resolves.toEqual([
      expect.objectContaining({ reader: KEY_READER, version: '5.7.1', passwordSet: true }),
    ]);
  });

  it('gives the RFC 6238 codes of a credential on the key, sending the spec APDUs', async () => {
    const card = await key({ credentials: [{ id: 'AWS:alice', keyHex: SEED_HEX, digits: 8 }] });
    for (const [at, algorithm, code] of RFC6238_VECTORS.filter(([, algorithm]) => algorithm === 'SHA1')) {
      expect(algorithm).toBe('SHA1');
      card.clearLog();
      await expect(yubikeyCode({ credential: 'AWS:alice', atSeconds: at })).resolves.toMatchObject({
        code,
        reader: KEY_READER,
        touch: false,
      });
      // Other PC/SC clients on the machine may probe the reader too (a SIM status), so look for ours among them.
      const commands = card.commands();
      expect(commands).toContain('00A4040007A0000005272101');
      expect(commands.some((command) => command.startsWith('00A20001'))).toBe(true);
    }
  });

  it('adds a credential on the key whose codes match the secret, and lists it with its touch policy', async () => {
    await key();
    await yubikeyAdd({
      id: 'Soracom:bob',
      secret: base32Decode(SEED),
      algorithm: 'SHA1',
      digits: 6,
      touch: true,
    });
    await yubikeyAdd({
      id: '60/Other:carol',
      secret: base32Decode(SEED),
      algorithm: 'SHA256',
      digits: 8,
      touch: false,
    });
    const [listed] = await yubikeyList({}, 1_000_000);
    expect(listed?.credentials).toEqual([
      { id: 'Soracom:bob', type: 'totp', algorithm: 'SHA1', period: 30, touch: true },
      { id: '60/Other:carol', type: 'totp', algorithm: 'SHA256', period: 60, touch: false },
    ]);
    const at = 1_234_567_890;
    await expect(yubikeyCode({ credential: '60/Other:carol', atSeconds: at })).resolves.toMatchObject({
      code: totpCode(SEED, { algorithm: 'SHA256', digits: 8, period: 60 }, at),
    });
    const again = await failure(
      yubikeyAdd({
        id: 'Soracom:bob',
        secret: base32Decode(SEED),
        algorithm: 'SHA1',
        digits: 6,
        touch: false,
      }),
    );
    expect(again.key).toBe('yubikey.credential.exists');
  });

  it('says "touch" before a touch credential, gives the code once touched, and exit 5 when never touched', async () => {
    const card = await key({
      touchTimeoutMs: 800,
      credentials: [{ id: 't', keyHex: SEED_HEX, touch: true }],
    });
    const at = 59;
    let told = '';
    const pending = yubikeyCode({ credential: 't', atSeconds: at, onTouch: (reader) => (told = reader) });
    await card.touchWanted();
    expect(told).toBe(KEY_READER);
    card.touch();
    await expect(pending).resolves.toMatchObject({
      code: totpCode(SEED, { algorithm: 'SHA1', digits: 6, period: 30 }, at),
      touch: true,
    });

    const timedOut = await failure(yubikeyCode({ credential: 't', atSeconds: at }));
    expect(timedOut.key).toBe('yubikey.touch.timeout');
    expect(timedOut.exitCode).toBe(5);
  });

  it('opens a password-protected key with the password (wrong one: exit 3) and returns the derived key', async () => {
    await key({
      password: 'open sesame',
      saltHex: '0102030405060708',
      credentials: [{ id: 'x', keyHex: SEED_HEX }],
    });
    const wrong = await failure(
      yubikeyCode({ credential: 'x', atSeconds: 59, password: async () => 'nope' }),
    );
    expect(wrong.key).toBe('yubikey.password.wrong');
    expect(wrong.exitCode).toBe(3);
    const none = await failure(yubikeyCode({ credential: 'x', atSeconds: 59 }));
    expect(none.exitCode).toBe(5);
    const opened = await yubikeyCode({ credential: 'x', atSeconds: 59, password: async () => 'open sesame' });
    expect(opened.code).toBe('287082');
    expect(opened.derivedKey?.length).toBe(16);
    const reused = await yubikeyCode({
      credential: 'x',
      atSeconds: 59,
      accessKey: async () => opened.derivedKey,
    });
    expect(reused.code).toBe('287082');
  });

  it('reads a LIST longer than one answer through SEND REMAINING', async () => {
    const credentials = Array.from({ length: 24 }, (_, i) => ({
      id: `Issuer-${String(i).padStart(2, '0')}:someone@example.com`,
      keyHex: SEED_HEX,
    }));
    const card = await key({ credentials });
    const [listed] = await yubikeyList({}, 59);
    expect(listed?.credentials.map((credential) => credential.id)).toEqual(credentials.map((c) => c.id));
    expect(card.commands()).toContain('00A50000');
  });

  it('names what to do when no key is present (exit 5) or the reader is wrong', async () => {
    cards.push(await startVirtualUsim({ imsi: '440103123456789' }));
    const none = await failure(yubikeyStatus());
    expect(none.key).toBe('yubikey.none');
    expect(none.exitCode).toBe(5);
    const notOath = await failure(yubikeyStatus({ reader: SIM_READER }));
    expect(notOath.key).toBe('yubikey.notOath');
    const missing = await failure(yubikeyStatus({ reader: 'No Such Reader' }));
    expect(missing.key).toBe('yubikey.reader.notFound');
    expect(missing.exitCode).toBe(5);
  });

  it('works with two keys at once: the one holding the credential answers, --reader is needed to add', async () => {
    await key({ port: 35963, credentials: [{ id: 'first', keyHex: SEED_HEX }] });
    await key({ port: 35964, password: 'second-pw', credentials: [{ id: 'second', keyHex: SEED_HEX }] });
    const asked: string[] = [];
    const password = async (reader: string) => {
      asked.push(reader);
      return 'second-pw';
    };
    await expect(yubikeyCode({ credential: 'first', atSeconds: 59, password })).resolves.toMatchObject({
      code: '287082',
      reader: SIM_READER,
    });
    expect(asked).toEqual([]); // the second key was not opened
    await expect(yubikeyCode({ credential: 'second', atSeconds: 59, password })).resolves.toMatchObject({
      reader: KEY_READER,
    });
    expect(asked).toEqual([KEY_READER]);
    const several = await failure(
      yubikeyAdd({ id: 'n', secret: base32Decode(SEED), algorithm: 'SHA1', digits: 6, touch: false }),
    );
    expect(several.key).toBe('yubikey.several');
    expect(several.exitCode).toBe(2);
    await yubikeyAdd({
      id: 'n',
      secret: base32Decode(SEED),
      algorithm: 'SHA1',
      digits: 6,
      touch: false,
      reader: SIM_READER,
    });
  });
});
