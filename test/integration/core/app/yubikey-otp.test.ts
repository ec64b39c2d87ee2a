import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppService } from '../../../../electron/core/app';
import { base32Decode, totpCode } from '../../../../electron/core/mfa';
import { Vault } from '../../../../electron/core/vault';
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
    const notices: unknown[] = [];
    service.onEvent((event) => notices.push(event));

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
    expect(notices).toContainEqual({
      kind: 'notice',
      message: { key: 'yubikey.touch.prompt', params: { reader: key.reader, credential: 'AWS:alice' } },
    });
    key.touch();
    const { code, secondsLeft } = await revealed;
    const after = Math.floor(Date.now() / 1000);
    const params = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
    expect([totpCode(SEED, params, before), totpCode(SEED, params, after)]).toContain(code);
    expect(secondsLeft).toBeGreaterThan(0);
    expect(secondsLeft).toBeLessThanOrEqual(30);
  });
});
