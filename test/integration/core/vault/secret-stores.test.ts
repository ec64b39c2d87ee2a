import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { runTobira, tempHome } from '../../../harness/cli';
import { startKeyring, type KeyringSession } from '../../../harness/keyring';

/** Valid base32 (A–Z, 2–7) so it can be a TOTP seed, and unique enough to grep for. */
const CANARY_SEED = 'CANARYSEEDQWERTYCANARYSEEDQWERTY';
const CANARY_PASSPHRASE = 'canary-passphrase-7d1e';

function keychainLookup(env: Record<string, string>, account: string): string | undefined {
  const result = spawnSync('secret-tool', ['lookup', 'service', 'tobira', 'username', account], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return result.status === 0 ? result.stdout : undefined;
}

describe('keychain store (gnome-keyring over D-Bus)', () => {
  const keyringEnv = inject('keyringEnv');

  it('round-trips a secret through the real Secret Service and removes it with the profile', async () => {
    const home = tempHome();
    const env = { TOBIRA_SECRET_STORE: 'keychain' };
    const add = await runTobira(['profile', 'add', 'kc', '--type', 'totp'], {
      home,
      env,
      input: `${CANARY_SEED}\n`,
    });
    expect(add.code).toBe(0);
    expect((await runTobira(['otp', 'kc', '--at', '59'], { home, env })).stdout).toMatch(/^\d{6}\n$/);

    const profiles = JSON.parse(spawnSync('cat', [`${home}/profiles.json`], { encoding: 'utf8' }).stdout) as {
      secretStore: string;
      profiles: Array<{ secrets: Record<string, string> }>;
    };
    expect(profiles.secretStore).toBe('keychain');
    const secretId = profiles.profiles[0]?.secrets.seed as string;
    expect(keychainLookup(keyringEnv, secretId)).toBe(CANARY_SEED);

    expect(filesContaining(home, CANARY_SEED)).toEqual([]);
    expect((await runTobira(['profile', 'remove', 'kc'], { home, env })).code).toBe(0);
    expect(keychainLookup(keyringEnv, secretId)).toBeUndefined();
  });

  it('auto chooses the keychain when it is reachable, says so once, and remembers it', async () => {
    const home = tempHome();
    const first = await runTobira(['profile', 'add', 'a', '--type', 'totp'], {
      home,
      input: `${CANARY_SEED}\n`,
    });
    expect(first.stderr).toContain('Tobira keeps secrets in the OS keychain.');
    const second = await runTobira(['profile', 'add', 'b', '--type', 'totp'], {
      home,
      input: `${CANARY_SEED}\n`,
    });
    expect(second.stderr).not.toContain('keeps secrets');
  });

  it('auto falls back to the encrypted file when no keychain is reachable', async () => {
    const home = tempHome();
    const env = {
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
      TOBIRA_PASSPHRASE: CANARY_PASSPHRASE,
    };
    const add = await runTobira(['profile', 'add', 'f', '--type', 'totp'], {
      home,
      env,
      input: `${CANARY_SEED}\n`,
    });
    expect(add.code).toBe(0);
    expect(add.stderr).toContain('encrypted file (secrets.enc)');
    expect(statSync(`${home}/secrets.enc`).mode & 0o777).toBe(0o600);
    expect((await runTobira(['otp', 'f'], { home, env })).code).toBe(0);
  });

  it('an absent keychain, when the keychain is required, is a clear error with exit 1', async () => {
    const home = tempHome();
    const env = { TOBIRA_SECRET_STORE: 'keychain', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    const add = await runTobira(['profile', 'add', 'x', '--type', 'totp'], {
      home,
      env,
      input: `${CANARY_SEED}\n`,
    });
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/OS keychain cannot be reached/);
    expect(add.stderr).toMatch(/TOBIRA_SECRET_STORE=file/);
    expect(add.stderr).not.toContain(CANARY_SEED);
    expect((await runTobira(['profile', 'list', '--json'], { home })).stdout.trim()).toBe('[]');
  });

  it('a bad TOBIRA_SECRET_STORE value is a usage error', async () => {
    const result = await runTobira(['profile', 'add', 'x', '--type', 'totp'], {
      home: tempHome(),
      env: { TOBIRA_SECRET_STORE: 'vault' },
      input: `${CANARY_SEED}\n`,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/TOBIRA_SECRET_STORE must be auto, keychain or file/);
  });
});

describe('a locked keychain', () => {
  let keyring: KeyringSession;
  beforeAll(async () => {
    keyring = await startKeyring();
  });
  afterAll(async () => keyring.stop());

  it('gives a clear error with exit 1 and loses nothing', async () => {
    const home = tempHome();
    const env = { ...keyring.env, TOBIRA_SECRET_STORE: 'keychain' };
    expect(
      (
        await runTobira(['profile', 'add', 'kept', '--type', 'totp'], {
          home,
          env,
          input: `${CANARY_SEED}\n`,
        })
      ).code,
    ).toBe(0);
    keyring.lock();
    const otp = await runTobira(['otp', 'kept'], { home, env });
    expect(otp.code).toBe(1);
    expect(otp.stderr).toMatch(/keychain is locked/);
    const add = await runTobira(['profile', 'add', 'new', '--type', 'totp'], {
      home,
      env,
      input: `${CANARY_SEED}\n`,
    });
    expect(add.code).toBe(1);
    const names = (
      JSON.parse((await runTobira(['profile', 'list', '--json'], { home, env })).stdout) as Array<{
        name: string;
      }>
    ).map((profile) => profile.name);
    expect(names).toEqual(['kept']);
  });
});

describe('file store through the CLI', () => {
  it('a wrong passphrase is a clear error with exit 1 and the store is unchanged', async () => {
    const home = tempHome();
    const env = { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: CANARY_PASSPHRASE };
    await runTobira(['profile', 'add', 'a', '--type', 'totp'], { home, env, input: `${CANARY_SEED}\n` });
    const before = spawnSync('sha256sum', [`${home}/secrets.enc`], { encoding: 'utf8' }).stdout;
    const wrong = { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'not-the-passphrase' };
    const otp = await runTobira(['otp', 'a'], { home, env: wrong });
    expect(otp.code).toBe(1);
    expect(otp.stderr).toMatch(/Wrong passphrase/);
    const add = await runTobira(['profile', 'add', 'b', '--type', 'totp'], {
      home,
      env: wrong,
      input: `${CANARY_SEED}\n`,
    });
    expect(add.code).toBe(1);
    expect(spawnSync('sha256sum', [`${home}/secrets.enc`], { encoding: 'utf8' }).stdout).toBe(before);
    expect((await runTobira(['otp', 'a'], { home, env })).code).toBe(0);
  });

  it('without a passphrase and without a terminal it exits 5 and says how to give one', async () => {
    const result = await runTobira(['profile', 'add', 'a', '--type', 'totp'], {
      home: tempHome(),
      env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: '' },
      input: `${CANARY_SEED}\n`,
      noTerminal: true,
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/TOBIRA_PASSPHRASE/);
  });

  it('no secret reaches any file in TOBIRA_HOME or any output (canary scan)', async () => {
    const home = tempHome();
    const env = { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: CANARY_PASSPHRASE };
    const outputs: string[] = [];
    const run = async (args: string[], input?: string) => {
      const result = await runTobira(args, { home, env, ...(input ? { input } : {}) });
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    await run(['profile', 'add', 'c', '--type', 'totp'], `otpauth://totp/X:y?secret=${CANARY_SEED}\n`);
    await run(['mfa', 'set', 'c'], `${CANARY_SEED}\n`);
    await run(['profile', 'list']);
    await run(['profile', 'list', '--json']);
    await run(['profile', 'show', 'c', '--json']);
    await run(['profile', 'add', 'c', '--type', 'totp'], `${CANARY_SEED}\n`);
    await run(['otp', 'c']);
    expect(filesContaining(home, CANARY_SEED)).toEqual([]);
    expect(filesContaining(home, CANARY_PASSPHRASE)).toEqual([]);
    for (const output of outputs) {
      expect(output).not.toContain(CANARY_SEED);
      expect(output).not.toContain(CANARY_PASSPHRASE);
    }
  });
});
