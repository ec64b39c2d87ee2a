import { spawn, spawnSync } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { base32Decode, totpCode } from '../../../electron/core/mfa';
import { filesContaining } from '../../harness/canary';
import { CLI_PATH, runTobira, spawnTobira, tempHome, type CliResult } from '../../harness/cli';
import { waitFor } from '../../harness/wait';
import { startVirtualUsim, type VirtualUsim } from '../../harness/virtual-usim';
import { startVirtualYubikey, type VirtualYubikey } from '../../harness/virtual-yubikey';

// `tobira yubikey` and YubiKey MFA through the built CLI, real pcscd and vpcd: the virtual YubiKey in
// "Virtual PCD 00 01" (password-protected, touch simulated by the test) and a virtual USIM in "Virtual PCD 00 00".
const KEY_READER = 'Virtual PCD 00 01';
const SALT = '1122334455667788';
/** Canaries: neither may appear in any file, keychain entry, output or argv. */
const OATH_PASSWORD = 'canary-oath-password-3f9b';
const SEED = 'CANARYYUBIKEYSEEDCANARYYUBIKEYSE';
const URI = `otpauth://totp/AWS:alice?secret=${SEED}&issuer=AWS`;
const DERIVED_HEX = pbkdf2Sync(OATH_PASSWORD, Buffer.from(SALT, 'hex'), 1000, 16, 'sha1').toString('hex');

let key: VirtualYubikey;
let sim: VirtualUsim;
const home = tempHome();
const env = { TOBIRA_SECRET_STORE: 'keychain' };
const outputs: string[] = [];
const cmdlines: string[] = [];

async function tobira(args: string[], input = ''): Promise<CliResult> {
  const result = await runTobira(['--debug', ...args], { home, env, input });
  outputs.push(result.stdout + result.stderr);
  return result;
}

function sampleCmdlines(): void {
  for (const pid of spawnSync('ls', ['/proc'], { encoding: 'utf8' }).stdout.split('\n')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      cmdlines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // exited meanwhile
    }
  }
}

beforeAll(async () => {
  sim = await startVirtualUsim({ imsi: '440103123456789' });
  key = await startVirtualYubikey({ password: OATH_PASSWORD, saltHex: SALT, touchTimeoutMs: 1_500 });
});

afterAll(async () => {
  await key?.remove();
  await sim?.remove();
});

describe('tobira yubikey and YubiKey MFA', () => {
  it('status shows the key beside the SIM reader, with its password state', async () => {
    const result = await tobira(['yubikey', 'status', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).keys).toEqual([
      expect.objectContaining({ reader: KEY_READER, version: '5.4.3', passwordSet: true }),
    ]);
  });

  it('add stores the credential ON THE KEY (stdin: URI, then the OATH password) with the touch policy', async () => {
    const added = await tobira(['yubikey', 'add', 'AWS:alice', '--touch'], `${URI}\n${OATH_PASSWORD}\n`);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain('Stored "AWS:alice" on the YubiKey');
    const list = await tobira(['yubikey', 'list', '--json'], `${OATH_PASSWORD}\n`);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).keys[0].credentials).toEqual([
      { id: 'AWS:alice', type: 'totp', algorithm: 'SHA1', period: 30, touch: true },
    ]);
  });

  it('a wrong OATH password is exit 3; no password on a non-TTY stdin is exit 5', async () => {
    const wrong = await tobira(['yubikey', 'list'], 'not-the-password\n');
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('rejected the OATH password');
    const none = await tobira(['yubikey', 'list']);
    expect(none.code).toBe(5);
  });

  it('mfa set --yubikey --remember keeps the derived key, never the password, and otp asks for a touch', async () => {
    const add = await tobira(['profile', 'add', 'work', '--type', 'totp'], 'JBSWY3DPEHPK3PXP\n');
    expect(add.code, add.stderr).toBe(0);
    const aws = await tobira(
      ['profile', 'add', 'prod', '--type', 'aws-iam-user', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE'],
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    );
    expect(aws.code, aws.stderr).toBe(0);
    const set = await tobira(
      ['mfa', 'set', 'prod', '--yubikey', 'AWS:alice', '--remember'],
      `${OATH_PASSWORD}\n`,
    );
    expect(set.code, set.stderr).toBe(0);
    const show = await tobira(['profile', 'show', 'prod', '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ mfa: 'yubikey' });

    // No stdin at all now: the remembered key opens the key; the person touches it when told.
    const child = spawnTobira(['--debug', 'otp', 'prod', '--at', '1234567890'], { home, env, input: '' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await key.touchWanted();
    sampleCmdlines();
    expect(stderr).toContain('Touch your YubiKey ("Virtual PCD 00 01") for "AWS:alice" within 15 s');
    key.touch();
    expect(await exited, stderr).toBe(0);
    outputs.push(stdout + stderr);
    expect(stdout).toBe(`${totpCode(SEED, { algorithm: 'SHA1', digits: 6, period: 30 }, 1234567890)}\n`);
  });

  it('nobody touching the key is exit 5 with what to do', async () => {
    const result = await tobira(['otp', 'prod', '--at', '1234567890']);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('was not touched in time');
  });

  it('the key removed: exit 5 saying to insert it or name its reader', async () => {
    await key.remove();
    try {
      const result = await tobira(['otp', 'prod']);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('Insert your YubiKey');
    } finally {
      key = await startVirtualYubikey({ password: OATH_PASSWORD, saltHex: SALT });
    }
  });

  it('on a terminal the OATH password is asked hidden (nothing echoed)', async () => {
    const command = `${process.execPath} ${CLI_PATH} yubikey status --json && ${process.execPath} ${CLI_PATH} yubikey list`;
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      env: { ...process.env, ...env, TOBIRA_HOME: home, LANG: 'C.UTF-8', TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(() => screen.includes('OATH password of the YubiKey'), 20_000, `no prompt: ${screen}`);
    child.stdin.write(`${OATH_PASSWORD}\r`);
    const code = await exited;
    child.stdin.end();
    outputs.push(screen);
    expect(code, screen).toBe(0);
    expect(screen).toContain(`No credentials on the key in "${KEY_READER}"`);
  });

  it('canary: the OATH secret and password are in no file, keychain entry, output or argv', () => {
    const keyringEnv = inject('keyringEnv');
    const keychain = spawnSync('secret-tool', ['search', '--all', '--unlock', 'service', 'tobira'], {
      env: { ...process.env, ...keyringEnv },
      encoding: 'utf8',
    });
    const entries = keychain.stdout + keychain.stderr;
    expect(entries).toContain(DERIVED_HEX); // what --remember stored
    const secretHex = base32Decode(SEED).toString('hex');
    const problems: string[] = [];
    for (const [name, canary] of [
      ['password', OATH_PASSWORD],
      ['seed', SEED],
      ['seed (hex)', secretHex],
    ] as const) {
      for (const file of filesContaining(home, canary)) problems.push(`${name} in ${file}`);
      if (entries.includes(canary)) problems.push(`${name} in the keychain`);
      outputs.forEach((text, index) => {
        if (text.includes(canary)) problems.push(`${name} in output #${index}`);
      });
      if (cmdlines.some((line) => line.includes(canary))) problems.push(`${name} in an argv`);
    }
    expect(problems).toEqual([]);
    expect(outputs.join('\n')).toMatch(/tobira debug \[apdu\] CLA=00 INS=A2/); // --debug logged the exchanges searched
  });
});
