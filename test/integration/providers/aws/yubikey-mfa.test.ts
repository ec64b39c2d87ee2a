import { afterAll, describe, expect, it } from 'vitest';
import { base32Decode } from '../../../../electron/core/mfa';
import { startVirtualYubikey, type VirtualYubikey } from '../../../harness/virtual-yubikey';
import { awsWorld, CANARY_SECRET, MFA_SECRET, type AwsWorld } from './fixture';

// An AWS login whose MFA code comes from a YubiKey credential (the MFA broker's YubiKey source): the fake STS checks
// the code against the device secret, which here lives only in the virtual key.
let key: VirtualYubikey | undefined;
let world: AwsWorld | undefined;
afterAll(async () => {
  await key?.remove();
  await world?.fake.close();
});

describe('aws-iam-user with MFA from a YubiKey', () => {
  it('logs in with the code of the key, no prompt and no stored secret', async () => {
    key = await startVirtualYubikey({
      autoTouch: true,
      credentials: [{ id: 'AWS:alice', keyHex: base32Decode(MFA_SECRET).toString('hex'), touch: true }],
    });
    world = await awsWorld();
    const add = await world.run(
      [
        'profile',
        'add',
        'alice',
        '--type',
        'aws-iam-user',
        '--access-key-id',
        world.user.accessKeyId,
        '--mfa-serial',
        world.user.mfa?.serial ?? '',
      ],
      `${CANARY_SECRET}\n`,
    );
    expect(add.code, add.stderr).toBe(0);
    const set = await world.run(['mfa', 'set', 'alice', '--yubikey', 'AWS:alice']);
    expect(set.code, set.stderr).toBe(0);
    const login = await world.run(['login', 'alice', '--json']);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain('Touch your YubiKey');
    expect(JSON.parse(login.stdout)).toMatchObject({ profile: 'alice', provider: 'aws' });
    expect(key.commands().some((command) => command.startsWith('00A20001'))).toBe(true);
  });
});
