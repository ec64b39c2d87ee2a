import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppService } from '../../../../electron/core/app';
import { base32Decode, totpCode } from '../../../../electron/core/mfa';
import { Vault } from '../../../../electron/core/vault';
import { startFakeAws } from '../../../fakes/aws';
import { startVirtualYubikey, type VirtualYubikey } from '../../../harness/virtual-yubikey';

// The app's detail: "show code" of a profile whose MFA is a YubiKey credential, through real pcscd and the virtual key.
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const ENV = { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'pass-1' };

let key: VirtualYubikey | undefined;
afterEach(async () => {
  await key?.remove();
  key = undefined;
});

async function nextPrompt(service: AppService) {
  for (let waited = 0; waited < 5000; waited += 10) {
    const [prompt] = service.prompts.list();
    if (prompt) return prompt;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no prompt came');
}

describe('AppService: codes from a YubiKey', () => {
  it('asks the OATH password in its own prompt, says "touch your YubiKey", and shows the code', async () => {
    key = await startVirtualYubikey({
      password: 'app-pw',
      credentials: [{ id: 'AWS:alice', keyHex: base32Decode(SEED).toString('hex'), touch: true }],
    });
    const home = join(mkdtempSync(join(tmpdir(), 'tobira-app-yk-')), 'h');
    const vault = new Vault({ home, env: ENV, passphrase: async () => ENV.TOBIRA_PASSPHRASE });
    await vault.add({
      name: 'prod',
      type: 'aws-iam-user',
      fields: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      secrets: {},
    });
    await vault.setMfa('prod', { kind: 'yubikey', credential: 'AWS:alice' });
    const service = new AppService({ home, env: ENV, platform: { mode: 'browser', systemLang: 'en' } });

    const before = Math.floor(Date.now() / 1000);
    const revealed = service.revealOtp('prod');
    const prompt = await nextPrompt(service);
    expect(prompt).toMatchObject({
      kind: 'secret',
      profile: 'prod',
      provider: 'YubiKey',
      label: { key: 'yubikey.password.label', params: { reader: key.reader } },
    });
    service.prompts.answer(prompt.id, 'app-pw');
    await key.touchWanted();
    // The touch request is a prompt of its own (not a passing notice), with the key's wait as its countdown.
    const touch = await nextPrompt(service);
    expect(touch).toMatchObject({
      kind: 'touch',
      profile: 'prod',
      provider: 'YubiKey',
      label: {
        key: 'yubikey.touch.dialog',
        params: { reader: key.reader, name: 'prod', credential: 'AWS:alice' },
      },
    });
    expect(Date.parse(touch.expiresAt) - Date.parse(touch.createdAt)).toBe(15_000);
    expect(() => service.prompts.answer(touch.id, '123456')).toThrow(/no longer waiting/);
    key.touch();
    const { code, secondsLeft } = await revealed;
    const after = Math.floor(Date.now() / 1000);
    const params = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
    expect([totpCode(SEED, params, before), totpCode(SEED, params, after)]).toContain(code);
    expect(secondsLeft).toBeGreaterThan(0);
    expect(secondsLeft).toBeLessThanOrEqual(30);
    expect(service.prompts.list()).toEqual([]); // the touch request closed itself when the code came
  });

  async function touchProfile(env: Record<string, string>) {
    key = await startVirtualYubikey({
      credentials: [{ id: 'AWS:alice', keyHex: base32Decode(SEED).toString('hex'), touch: true }],
      touchTimeoutMs: 10_000,
    });
    const home = join(mkdtempSync(join(tmpdir(), 'tobira-app-yk-')), 'h');
    const vault = new Vault({ home, env, passphrase: async () => ENV.TOBIRA_PASSPHRASE });
    await vault.add({
      name: 'prod',
      type: 'aws-iam-user',
      fields: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      secrets: {},
    });
    await vault.setMfa('prod', { kind: 'yubikey', credential: 'AWS:alice' });
    return new AppService({ home, env, platform: { mode: 'browser', systemLang: 'en' } });
  }

  it('nobody touching the key: the request closes when its time passes and the error says the touch timed out', async () => {
    const service = await touchProfile({ ...ENV, TOBIRA_YUBIKEY_TOUCH_SECONDS: '2' });
    const started = Date.now();
    const revealed = service.revealOtp('prod');
    const touch = await nextPrompt(service);
    expect(touch.kind).toBe('touch');
    expect(Date.parse(touch.expiresAt) - Date.parse(touch.createdAt)).toBe(2_000);
    await expect(revealed).rejects.toMatchObject({ key: 'yubikey.touch.timeout', exitCode: 5 });
    expect(Date.now() - started).toBeLessThan(8_000); // the app's wait, not the key's 10 s
    expect(service.prompts.list()).toEqual([]);
  });

  it('an app login whose MFA code comes from the key asks for the touch in the same prompt', async () => {
    const aws = await startFakeAws({
      users: [
        {
          userName: 'alice',
          accountId: '123456789012',
          accessKeyId: 'AKIAAPPYUBIKEY000001',
          secretAccessKey: 'canaryAppYubikeySecret/0123456789abcdefg',
          mfa: { serial: 'arn:aws:iam::123456789012:mfa/alice', secret: SEED },
        },
      ],
    });
    try {
      key = await startVirtualYubikey({
        credentials: [{ id: 'AWS:alice', keyHex: base32Decode(SEED).toString('hex'), touch: true }],
      });
      const env = { ...ENV, TOBIRA_ENDPOINT_AWS_STS: aws.origin };
      const home = join(mkdtempSync(join(tmpdir(), 'tobira-app-yk-')), 'h');
      const vault = new Vault({ home, env, passphrase: async () => ENV.TOBIRA_PASSPHRASE });
      await vault.add({
        name: 'alice',
        type: 'aws-iam-user',
        fields: { accessKeyId: 'AKIAAPPYUBIKEY000001', mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' },
        secrets: { secretAccessKey: 'canaryAppYubikeySecret/0123456789abcdefg' },
      });
      await vault.setMfa('alice', { kind: 'yubikey', credential: 'AWS:alice' });
      const service = new AppService({ home, env, platform: { mode: 'browser', systemLang: 'en' } });
      const login = service.login('alice');
      const touch = await nextPrompt(service);
      expect(touch).toMatchObject({
        kind: 'touch',
        profile: 'alice',
        label: { key: 'yubikey.touch.dialog', params: { reader: key.reader, name: 'alice' } },
      });
      key.touch();
      await expect(login).resolves.toBeDefined();
      expect(aws.calls.map((call) => call.action)).toContain('GetSessionToken');
      expect(service.prompts.list()).toEqual([]);
    } finally {
      await aws.close();
    }
  });

  it('cancelling the touch request stops the wait at once', async () => {
    const service = await touchProfile(ENV);
    const revealed = service.revealOtp('prod');
    const touch = await nextPrompt(service);
    service.prompts.cancel(touch.id);
    await expect(revealed).rejects.toMatchObject({ key: 'agent.cancelled', exitCode: 5 });
  });
});
