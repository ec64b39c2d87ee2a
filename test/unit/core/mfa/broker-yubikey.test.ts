import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MfaBroker, UsedSteps } from '../../../../electron/core/mfa';
import type { ProfileRecord } from '../../../../electron/core/vault';
import { Vault } from '../../../../electron/core/vault';

// The YubiKey source of the MFA broker (docs/architecture.md §6): after --mfa-code, in the place of a stored secret,
// before any prompt; a code per time step at most once, like a stored secret's.
async function setup(credential = 'AWS:alice') {
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-broker-yk-')), 'home');
  const vault = new Vault({ home, env: { TOBIRA_SECRET_STORE: 'file' }, passphrase: async () => 'pw' });
  await vault.add({ name: 'work', type: 'totp', fields: {}, secrets: {} });
  await vault.setMfa('work', { kind: 'yubikey', credential });
  const clock = { now: 1_700_000_010 };
  const asked: Array<{ name: string; at: number }> = [];
  const prompted: string[] = [];
  const waits: number[] = [];
  const instance = (withKey = true) =>
    new MfaBroker({
      vault,
      usedSteps: new UsedSteps(home),
      prompts: [
        async ({ profileName }) => {
          prompted.push(profileName);
          return '999999';
        },
      ],
      interactive: false,
      nowSeconds: () => clock.now,
      sleep: async (ms) => {
        clock.now += Math.ceil(ms / 1000);
      },
      onWait: ({ seconds }) => waits.push(seconds),
      ...(withKey
        ? {
            yubikey: async (profile: ProfileRecord, at: number) => {
              asked.push({ name: profile.name, at });
              return String(at).slice(-6);
            },
          }
        : {}),
    });
  return { vault, clock, asked, prompted, waits, instance, profile: vault.get('work') };
}

describe('MfaBroker with a YubiKey credential', () => {
  it('asks the key, not a prompt, and --mfa-code still comes first', async () => {
    const { instance, profile, asked, prompted } = await setup();
    await expect(instance().code({ profile, provider: 'AWS', explicitCode: '123456' })).resolves.toEqual({
      code: '123456',
      source: 'flag',
    });
    await expect(instance().code({ profile, provider: 'AWS' })).resolves.toEqual({
      code: '000010',
      source: 'yubikey',
    });
    expect(asked).toEqual([{ name: 'work', at: 1_700_000_010 }]);
    expect(prompted).toEqual([]);
  });

  it('never uses one time step twice: the second code waits for the next step of the credential period', async () => {
    const { instance, profile, asked, waits } = await setup('60/AWS:alice');
    await instance().code({ profile, provider: 'AWS' });
    await instance().code({ profile, provider: 'AWS' });
    expect(waits).toEqual([30]); // 1_700_000_010 is 30 s into a 60 s step (it began at 1_699_999_980)
    expect(asked.map((entry) => entry.at)).toEqual([1_700_000_010, 1_700_000_041]); // the wait rounds up past the boundary
    expect(Math.floor(1_700_000_041 / 60)).toBe(Math.floor(1_700_000_010 / 60) + 1);
  });

  it('without a YubiKey source (a shell that cannot reach one) it is exit 5, not a prompt', async () => {
    const { instance, profile, prompted } = await setup();
    await expect(instance(false).code({ profile, provider: 'AWS' })).rejects.toMatchObject({ exitCode: 5 });
    expect(prompted).toEqual([]);
  });
});
