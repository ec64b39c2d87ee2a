import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

async function addProfile(vault: Vault, name: string, mfa: Parameters<Vault['setMfa']>[1]) {
  await vault.add({ name, type: 'totp', fields: {}, secrets: {} });
  await vault.setMfa(name, mfa);
  return vault.get(name);
}

function broker(
  vault: Vault,
  home: string,
  options: { prompts?: CodePrompt[]; clock?: { now: number } } = {},
) {
  const clock = options.clock ?? { now: 1_700_000_000 };
  const waits: number[] = [];
  const clockBack: number[] = [];
  const instance = new MfaBroker({
    vault,
    usedSteps: new UsedSteps(home),
    prompts: options.prompts ?? [],
    interactive: false,
    nowSeconds: () => clock.now,
    sleep: async (ms) => {
      clock.now += Math.ceil(ms / 1000);
    },
    onWait: ({ seconds }) => waits.push(seconds),
    onClockBack: ({ seconds }) => clockBack.push(seconds),
  });
  return { instance, waits, clock, clockBack };
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

  it('two profiles with the same secret share one counter: the second waits for the next step', async () => {
    const { vault, home, profile } = await setup({ kind: 'totp', secret: SEED, params: PARAMS });
    // The same secret typed differently (lower case, spaces) is the same device.
    const twin = await addProfile(vault, 'twin', {
      kind: 'totp',
      secret: SEED.toLowerCase()
        .replace(/(.{4})/g, '$1 ')
        .trim(),
      params: PARAMS,
    });
    const clock = { now: 1_700_000_022 };
    const first = await broker(vault, home, { clock }).instance.code({ profile, provider: 'AWS' });
    const second = broker(vault, home, { clock });
    const code = await second.instance.code({ profile: twin, provider: 'AWS' });
    expect(second.waits).toEqual([18]);
    expect(code.code).not.toBe(first.code);
    expect(code.code).toBe(totpCode(SEED, PARAMS, 1_700_000_040));
  });

  it('two profiles naming the same device serial share one counter, even with secrets stored apart', async () => {
    const { vault, home, profile } = await setup({ kind: 'totp', secret: SEED, params: PARAMS });
    const other = await addProfile(vault, 'other', {
      kind: 'totp',
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      params: PARAMS,
    });
    const clock = { now: 1_700_000_022 };
    const device = 'aws:arn:aws:iam::123456789012:mfa/alice';
    await broker(vault, home, { clock }).instance.code({ profile, provider: 'AWS', device });
    const sameSerial = broker(vault, home, { clock });
    await sameSerial.instance.code({ profile: other, provider: 'AWS', device });
    expect(sameSerial.waits).toHaveLength(1);
    // A different device with another secret does not wait.
    const third = await addProfile(vault, 'third', {
      kind: 'totp',
      secret: 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK',
      params: PARAMS,
    });
    const unrelated = broker(vault, home, { clock });
    await unrelated.instance.code({ profile: third, provider: 'AWS', device: 'aws:other' });
    expect(unrelated.waits).toEqual([]);
  });

  it('records neither the secret nor the serial, only keyed hashes of them', async () => {
    const { vault, home, profile } = await setup({ kind: 'totp', secret: SEED, params: PARAMS });
    await broker(vault, home).instance.code({ profile, provider: 'AWS', device: 'aws:arn:aws:iam::1:mfa/a' });
    const text = readFileSync(join(home, 'mfa-steps.json'), 'utf8');
    expect(text).not.toContain(SEED);
    expect(text.toLowerCase()).not.toContain(Buffer.from('Hello!').toString('hex').slice(0, 8));
    expect(text).not.toContain('mfa/a');
    expect(JSON.parse(text)).toMatchObject({ version: 2, devices: expect.any(Object) });
  });

  it('after the clock moved back an hour, says so and sends the current code at once', async () => {
    const { vault, home, profile } = await setup({ kind: 'totp', secret: SEED, params: PARAMS });
    const real = 1_700_000_020;
    await broker(vault, home, { clock: { now: real + 3600 } }).instance.code({ profile, provider: 'AWS' });
    const corrected = broker(vault, home, { clock: { now: real } });
    const code = await corrected.instance.code({ profile, provider: 'AWS' });
    expect(corrected.waits).toEqual([]);
    expect(corrected.clockBack).toEqual([3600]);
    expect(code.code).toBe(totpCode(SEED, PARAMS, real));
    // The record is back at the real step: the next login in the same step waits as usual.
    const next = broker(vault, home, { clock: { now: real } });
    await next.instance.code({ profile, provider: 'AWS' });
    expect(next.waits).toEqual([20]);
    expect(next.clockBack).toEqual([]);
  });

  it('a clock nudged back by less than a step waits for the step after the recorded one', async () => {
    const { vault, home, profile } = await setup({ kind: 'totp', secret: SEED, params: PARAMS });
    await broker(vault, home, { clock: { now: 1_700_000_041 } }).instance.code({ profile, provider: 'AWS' });
    const nudged = broker(vault, home, { clock: { now: 1_700_000_038 } });
    const code = await nudged.instance.code({ profile, provider: 'AWS' });
    expect(nudged.waits).toEqual([32]);
    expect(nudged.clockBack).toEqual([]);
    expect(code.code).toBe(totpCode(SEED, PARAMS, 1_700_000_070));
  });

  it('an mfa-steps.json from before devices is still honoured, then carried over', async () => {
    const { vault, home, profile } = await setup({ kind: 'totp', secret: SEED, params: PARAMS });
    const now = 1_700_000_020;
    writeFileSync(join(home, 'mfa-steps.json'), JSON.stringify({ [profile.id]: Math.floor(now / 30) }));
    const upgraded = broker(vault, home, { clock: { now } });
    await upgraded.instance.code({ profile, provider: 'AWS' });
    expect(upgraded.waits).toEqual([20]);
    const file = JSON.parse(readFileSync(join(home, 'mfa-steps.json'), 'utf8')) as { profiles: object };
    expect(file.profiles).toEqual({});
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
