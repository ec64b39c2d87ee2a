import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MfaBroker, totpCode, UsedSteps, type CodePrompt } from '../../../../electron/core/mfa';
import { Vault } from '../../../../electron/core/vault';

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

async function setup(mfa?: Parameters<Vault['setMfa']>[1]) {
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-broker-')), 'home');
  const vault = new Vault({ home, env: { TOBIRA_SECRET_STORE: 'file' }, passphrase: async () => 'pw' });
  await vault.add({ name: 'work', type: 'totp', fields: {}, secrets: {} });
  if (mfa) await vault.setMfa('work', mfa);
  return { vault, home, profile: vault.get('work') };
}

function broker(
  vault: Vault,
  home: string,
  options: { prompts?: CodePrompt[]; clock?: { now: number } } = {},
) {
  const clock = options.clock ?? { now: 1_700_000_000 };
  const waits: number[] = [];
  const instance = new MfaBroker({
    vault,
    usedSteps: new UsedSteps(home),
    prompts: options.prompts ?? [],
    interactive: false,
    nowSeconds: () => clock.now,
    sleep: async (ms) => {
      clock.now += Math.ceil(ms / 1000);
    },
    onWait: (seconds) => waits.push(seconds),
  });
  return { instance, waits, clock };
}

describe('MfaBroker', () => {
  it('takes --mfa-code first, and checks its shape', async () => {
    const { vault, home, profile } = await setup({ kind: 'totp', secret: SEED, params: PARAMS });
    const { instance } = broker(vault, home);
    await expect(instance.code({ profile, provider: 'AWS', explicitCode: '123456' })).resolves.toEqual({
      code: '123456',
      source: 'flag',
    });
    await expect(instance.code({ profile, provider: 'AWS', explicitCode: '12a456' })).rejects.toMatchObject({
      key: 'mfa.code.format',
      exitCode: 2,
    });
  });

  it('computes the code of a stored secret and never sends the same step twice', async () => {
    const { vault, home, profile } = await setup({ kind: 'totp', secret: SEED, params: PARAMS });
    const clock = { now: 1_700_000_020 }; // 10 s into a 30 s step
    const { instance, waits } = broker(vault, home, { clock });
    const first = await instance.code({ profile, provider: 'AWS' });
    expect(first).toEqual({ code: totpCode(SEED, PARAMS, 1_700_000_020), source: 'totp' });
    const second = await instance.code({ profile, provider: 'AWS' });
    expect(waits).toEqual([20]);
    expect(second.code).toBe(totpCode(SEED, PARAMS, 1_700_000_040));
    expect(second.code).not.toBe(first.code);
  });

  it('a second process sees the spent step too (it is recorded in TOBIRA_HOME)', async () => {
    const { vault, home, profile } = await setup({ kind: 'totp', secret: SEED, params: PARAMS });
    const clock = { now: 1_700_000_010 };
    await broker(vault, home, { clock }).instance.code({ profile, provider: 'AWS' });
    const other = broker(vault, home, { clock: { now: clock.now } });
    await other.instance.code({ profile, provider: 'AWS' });
    expect(other.waits).toHaveLength(1);
  });

  it('runs the configured command without a shell and reads its code', async () => {
    const { vault, home, profile } = await setup({
      kind: 'command',
      argv: [process.execPath, '-e', 'process.stdout.write("654321\\n")'],
    });
    await expect(broker(vault, home).instance.code({ profile, provider: 'AWS' })).resolves.toEqual({
      code: '654321',
      source: 'command',
    });
  });

  it.each([
    [[process.execPath, '-e', 'process.exit(3)'], 'mfa.command.failed'],
    [[process.execPath, '-e', 'console.log("not a code")'], 'mfa.command.badOutput'],
    [['/nonexistent/tobira-mfa-command'], 'mfa.command.notFound'],
  ])('a broken command (%j) is a clear error', async (argv, key) => {
    const { vault, home, profile } = await setup({ kind: 'command', argv });
    await expect(broker(vault, home).instance.code({ profile, provider: 'AWS' })).rejects.toMatchObject({
      key,
    });
  });

  it('asks the prompts in order and takes the first answer', async () => {
    const { vault, home, profile } = await setup();
    const asked: string[] = [];
    const prompts: CodePrompt[] = [
      async () => {
        asked.push('app');
        return undefined;
      },
      async (request) => {
        asked.push(`tty:${request.profileName}:${request.provider}`);
        return ' 112233 ';
      },
    ];
    await expect(
      broker(vault, home, { prompts }).instance.code({ profile, provider: 'SORACOM' }),
    ).resolves.toEqual({
      code: '112233',
      source: 'prompt',
    });
    expect(asked).toEqual(['app', 'tty:work:SORACOM']);
  });

  it('with no way to get a code, fails with exit 5 and says how to fix it', async () => {
    const { vault, home, profile } = await setup();
    const failure = broker(vault, home).instance.code({ profile, provider: 'AWS' });
    await expect(failure).rejects.toMatchObject({ key: 'mfa.unavailable', exitCode: 5 });
    await expect(failure).rejects.toThrow(/--mfa-code/);
  });
});
