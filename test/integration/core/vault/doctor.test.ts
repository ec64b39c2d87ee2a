import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../../electron/core/vault';
import { CLI_PATH, runTobira, tempHome } from '../../../harness/cli';
import { startKeyring, type KeyringSession } from '../../../harness/keyring';
import { waitFor } from '../../../harness/wait';

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PASSPHRASE = 'doctor-passphrase-1';
const FILE_ENV = { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: PASSPHRASE };

interface Report {
  healthy: boolean;
  recordedStore: string | null;
  store: string;
  problems: Array<Record<string, unknown>>;
  fixed?: { removed: string[]; moved: string[] };
}

function profilesOf(home: string): {
  secretStore?: string;
  profiles: Array<{ name: string; secrets: Record<string, string> }>;
} {
  return JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')) as ReturnType<typeof profilesOf>;
}

function seedIdOf(home: string, name: string): string {
  return profilesOf(home).profiles.find((profile) => profile.name === name)?.secrets.seed as string;
}

async function doctor(home: string, env: Record<string, string | undefined>, ...flags: string[]) {
  const result = await runTobira(['doctor', '--json', ...flags], { home, env, noTerminal: true });
  return { ...result, report: result.stdout ? (JSON.parse(result.stdout) as Report) : undefined };
}

describe('tobira doctor with the encrypted file store', () => {
  it('is healthy (exit 0) on a fresh vault, and says so in words and in JSON', async () => {
    const home = tempHome();
    expect(
      (
        await runTobira(['profile', 'add', 'a', '--type', 'totp'], {
          home,
          env: FILE_ENV,
          input: `${SEED}\n`,
        })
      ).code,
    ).toBe(0);
    const human = await runTobira(['doctor'], { home, env: FILE_ENV });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(
      'Secret store: file (recorded in profiles.json: file; TOBIRA_SECRET_STORE: file)',
    );
    expect(human.stdout).toContain('No problems found.');
    const json = await doctor(home, FILE_ENV);
    expect(json.code).toBe(0);
    expect(json.report).toMatchObject({ healthy: true, recordedStore: 'file', store: 'file', problems: [] });
  });

  it('finds an orphan secret and a profile without its secret (exit 1); --fix removes the orphan only after consent', async () => {
    const home = tempHome();
    for (const name of ['a', 'b']) {
      const add = await runTobira(['profile', 'add', name, '--type', 'totp'], {
        home,
        env: FILE_ENV,
        input: `${SEED}\n`,
      });
      expect(add.code).toBe(0);
    }
    const store = new FileSecretStore(home, async () => PASSPHRASE);
    const orphanId = '0f0f0f0f-0000-4000-8000-00000000000a';
    await store.set(orphanId, 'left behind by a crash');
    const lostId = seedIdOf(home, 'b');
    await store.delete(lostId);

    // The report needs no passphrase: record ids are readable without it.
    const seen = await doctor(home, { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: undefined });
    expect(seen.code).toBe(1);
    expect(seen.report?.problems).toEqual([
      { kind: 'missingSecret', profile: 'b', role: 'seed', secretId: lostId, store: 'file' },
      { kind: 'orphanSecret', store: 'file', secretId: orphanId, shared: false },
    ]);
    const human = await runTobira(['doctor'], { home, env: FILE_ENV });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`Profile b: its seed secret (${lostId}) is in neither store.`);
    expect(human.stdout).toContain(`Secret ${orphanId} in the file store belongs to no profile.`);

    const refused = await runTobira(['doctor', '--fix'], { home, env: FILE_ENV, noTerminal: true });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/no terminal to ask on: run it in a terminal, or add --yes/);
    expect(store.ids()).toContain(orphanId);

    const fixed = await doctor(home, FILE_ENV, '--fix', '--yes');
    expect(fixed.report?.fixed).toEqual({ removed: [orphanId], moved: [] });
    expect(fixed.report?.problems).toEqual([
      expect.objectContaining({ kind: 'missingSecret', profile: 'b' }),
    ]);
    expect(fixed.code).toBe(1); // b still needs its secret: --fix cannot invent it
    expect(store.ids()?.sort()).toEqual([seedIdOf(home, 'a')]);
    expect((await runTobira(['otp', 'a'], { home, env: FILE_ENV })).code).toBe(0);
  });

  it('--fix asks on the terminal and changes nothing when the answer is no', async () => {
    const home = tempHome();
    expect(
      (
        await runTobira(['profile', 'add', 'a', '--type', 'totp'], {
          home,
          env: FILE_ENV,
          input: `${SEED}\n`,
        })
      ).code,
    ).toBe(0);
    const store = new FileSecretStore(home, async () => PASSPHRASE);
    const orphanId = '0f0f0f0f-0000-4000-8000-00000000000b';
    await store.set(orphanId, 'orphan');
    const answer = async (reply: string) => {
      const child = spawn('script', ['-qefc', `${process.execPath} ${CLI_PATH} doctor --fix`, '/dev/null'], {
        env: { ...process.env, ...FILE_ENV, TOBIRA_HOME: home, LANG: 'C.UTF-8', LC_ALL: '' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let screen = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await waitFor(() => screen.includes('[y/N]'), 20_000, 'no confirmation prompt');
      child.stdin.write(`${reply}\r`);
      const code = await exited;
      child.stdin.end();
      return { code, screen };
    };
    const no = await answer('n');
    expect(no.code).toBe(1);
    expect(no.screen).toContain('--fix will:');
    expect(no.screen).toContain('- remove 1 secret(s) that belong to no profile');
    expect(no.screen).toContain('Proceed? [y/N]');
    expect(no.screen).toContain('Nothing changed.');
    expect(store.ids()).toContain(orphanId);
    const yes = await answer('y');
    expect(yes.code).toBe(0);
    expect(store.ids()).not.toContain(orphanId);
  });
});

describe('one secret store per vault (gnome-keyring over D-Bus)', () => {
  // A private keyring: doctor lists every `tobira` entry in it, and --fix removes the ones this home does not use,
  // which in the shared test keyring would be other test files' secrets.
  let keyring: KeyringSession;
  beforeEach(async () => {
    keyring = await startKeyring();
  });
  afterEach(async () => {
    await keyring.stop();
  });
  const secretTool = (args: string[], input?: string) =>
    spawnSync('secret-tool', args, { env: { ...process.env, ...keyring.env }, encoding: 'utf8', input });

  it('refuses TOBIRA_SECRET_STORE=file on a keychain vault (exit 2, how to migrate), and writes nothing', async () => {
    const home = tempHome();
    const env = { ...keyring.env, TOBIRA_SECRET_STORE: 'keychain' };
    expect(
      (await runTobira(['profile', 'add', 'a', '--type', 'totp'], { home, env, input: `${SEED}\n` })).code,
    ).toBe(0);
    const before = readFileSync(join(home, 'profiles.json'), 'utf8');
    const wrong = { ...keyring.env, ...FILE_ENV };
    const add = await runTobira(['profile', 'add', 'b', '--type', 'totp'], {
      home,
      env: wrong,
      input: `${SEED}\n`,
    });
    expect(add.code).toBe(2);
    expect(add.stderr).toContain('TOBIRA_SECRET_STORE=file, but this vault');
    expect(add.stderr).toContain('keeps its secrets in the keychain store');
    expect(add.stderr).toContain('unset TOBIRA_SECRET_STORE (or set it to keychain)');
    expect(add.stderr).toContain(
      'To move this vault to the file store: run TOBIRA_SECRET_STORE=file tobira doctor --fix',
    );
    expect(readFileSync(join(home, 'profiles.json'), 'utf8')).toBe(before);
    expect(existsSync(join(home, 'secrets.enc'))).toBe(false);
    const otp = await runTobira(['otp', 'a'], { home, env: wrong });
    expect(otp.code).toBe(2);
    expect(otp.stderr).not.toMatch(/missing/);
    // Japanese too.
    const ja = await runTobira(['--lang', 'ja', 'otp', 'a'], { home, env: wrong });
    expect(ja.stderr).toContain('TOBIRA_SECRET_STORE=file が指定されていますが');

    const report = await doctor(home, wrong);
    expect(report.code).toBe(1);
    expect(report.report?.problems).toEqual([
      { kind: 'storeMismatch', requested: 'file', recorded: 'keychain' },
    ]);
    expect((await doctor(home, keyring.env)).code).toBe(0);
  });

  it('finds secrets split across both stores and keychain orphans; --fix --yes moves them back and leaves keychain orphans that may be another home’s', async () => {
    const home = tempHome();
    const env = { ...keyring.env, TOBIRA_PASSPHRASE: PASSPHRASE };
    for (const name of ['a', 'b']) {
      const add = await runTobira(['profile', 'add', name, '--type', 'totp'], {
        home,
        env,
        input: `${SEED}\n`,
      });
      expect(add.code).toBe(0);
    }
    expect(profilesOf(home).secretStore).toBe('keychain');
    // What an explicit TOBIRA_SECRET_STORE=file used to do: b's seed written to secrets.enc, not the keychain.
    const idB = seedIdOf(home, 'b');
    const file = new FileSecretStore(home, async () => PASSPHRASE);
    await file.set(idB, SEED);
    expect(secretTool(['clear', 'service', 'tobira', 'username', idB]).status).toBe(0);
    const orphanId = '0f0f0f0f-0000-4000-8000-00000000000c';
    expect(
      secretTool(['store', '--label=orphan', 'service', 'tobira', 'username', orphanId], 'orphan').status,
    ).toBe(0);
    expect((await runTobira(['otp', 'b'], { home, env })).code).toBe(1); // "missing" – the symptom users saw

    const seen = await doctor(home, env);
    expect(seen.code).toBe(1);
    expect(seen.report?.problems).toEqual([
      {
        kind: 'misplacedSecret',
        profile: 'b',
        role: 'seed',
        secretId: idB,
        store: 'keychain',
        foundIn: 'file',
      },
      { kind: 'orphanSecret', store: 'keychain', secretId: orphanId, shared: true },
    ]);
    const human = await runTobira(['doctor'], { home, env });
    expect(human.stdout).toContain('OS keychain: reachable');
    expect(human.stdout).toContain('another Tobira home of this OS user may use it');

    const fixed = await doctor(home, env, '--fix', '--yes');
    expect(fixed.code).toBe(1);
    expect(fixed.report).toMatchObject({ healthy: false, fixed: { removed: [], moved: [idB] } });
    expect(fixed.report?.problems).toEqual([
      { kind: 'orphanSecret', store: 'keychain', secretId: orphanId, shared: true },
    ]);
    expect(secretTool(['lookup', 'service', 'tobira', 'username', idB]).stdout).toBe(SEED);
    expect(secretTool(['lookup', 'service', 'tobira', 'username', orphanId]).stdout).toBe('orphan');
    expect(secretTool(['clear', 'service', 'tobira', 'username', orphanId]).status).toBe(0);
    expect(file.ids()).toEqual([]);
    expect((await runTobira(['otp', 'b'], { home, env })).code).toBe(0);
  });

  it('TOBIRA_SECRET_STORE=file doctor --fix --yes moves a keychain vault to secrets.enc, and back', async () => {
    const home = tempHome();
    const env = { ...keyring.env, TOBIRA_SECRET_STORE: 'keychain' };
    for (const name of ['a', 'b']) {
      const add = await runTobira(['profile', 'add', name, '--type', 'totp'], {
        home,
        env,
        input: `${SEED}\n`,
      });
      expect(add.code).toBe(0);
    }
    const ids = ['a', 'b'].map((name) => seedIdOf(home, name));
    const codeBefore = (await runTobira(['otp', 'a', '--at', '90'], { home, env })).stdout;
    const toFile = { ...keyring.env, ...FILE_ENV };
    const moved = await doctor(home, toFile, '--fix', '--yes');
    expect(moved.code).toBe(0);
    expect(moved.report).toMatchObject({
      healthy: true,
      store: 'file',
      fixed: { migrated: { from: 'keychain', to: 'file', secrets: 2 } },
    });
    expect(profilesOf(home).secretStore).toBe('file');
    expect(new FileSecretStore(home, async () => PASSPHRASE).ids()?.sort()).toEqual([...ids].sort());
    for (const id of ids)
      expect(secretTool(['lookup', 'service', 'tobira', 'username', id]).status).not.toBe(0);
    expect((await runTobira(['otp', 'a', '--at', '90'], { home, env: toFile })).stdout).toBe(codeBefore);
    expect(
      (
        await runTobira(['otp', 'a', '--at', '90'], {
          home,
          env: { ...keyring.env, TOBIRA_PASSPHRASE: PASSPHRASE },
        })
      ).stdout,
    ).toBe(codeBefore);

    const back = await doctor(home, { ...env, TOBIRA_PASSPHRASE: PASSPHRASE }, '--fix', '--yes');
    expect(back.code).toBe(0);
    expect(profilesOf(home).secretStore).toBe('keychain');
    expect(secretTool(['lookup', 'service', 'tobira', 'username', ids[0] as string]).stdout).toBe(SEED);
    expect(new FileSecretStore(home, async () => PASSPHRASE).ids()).toEqual([]);
    expect((await runTobira(['otp', 'b', '--at', '90'], { home, env })).code).toBe(0);
  });

  it('a new home lists no keychain orphans: the keychain entries of other homes are not its own', async () => {
    const other = tempHome();
    const env = { ...keyring.env, TOBIRA_SECRET_STORE: 'keychain' };
    expect(
      (await runTobira(['profile', 'add', 'a', '--type', 'totp'], { home: other, env, input: `${SEED}\n` }))
        .code,
    ).toBe(0);
    const fresh = tempHome();
    const seen = await doctor(fresh, keyring.env, '--fix', '--yes');
    expect(seen.code).toBe(0);
    expect(seen.report).toMatchObject({
      healthy: true,
      recordedStore: null,
      store: 'keychain',
      problems: [],
    });
    expect(secretTool(['lookup', 'service', 'tobira', 'username', seedIdOf(other, 'a')]).stdout).toBe(SEED);
  });

  it('reports a locked keychain as a problem of a keychain vault', async () => {
    const locked = await startKeyring();
    try {
      const home = tempHome();
      const add = await runTobira(['profile', 'add', 'a', '--type', 'totp'], {
        home,
        env: { ...locked.env, TOBIRA_SECRET_STORE: 'keychain' },
        input: `${SEED}\n`,
      });
      expect(add.code).toBe(0);
      locked.lock();
      const seen = await doctor(home, locked.env);
      expect(seen.code).toBe(1);
      expect(seen.report?.problems).toEqual([
        { kind: 'storeUnavailable', store: 'keychain', state: 'locked' },
      ]);
    } finally {
      await locked.stop();
    }
  });
});
