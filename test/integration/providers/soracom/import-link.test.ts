import { mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { FILE_STORE_ENV, runTobira, tempHome } from '../../../harness/cli';

const CANARY_PASSWORD = 'canary-soracom-password-41f9';
const CANARY_AUTHKEY = 'secret-canaryAuthKeySecret0123456789abcdef';

function soracomDir(): string {
  const dir = join(tempHome('tobira-soracom-dir-'), '.soracom');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function writeProfile(dir: string, name: string, body: unknown): void {
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(body), { mode: 0o600 });
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}

describe('tobira profile import soracom', () => {
  it('imports static profiles into the vault, lists profileCommand ones as skipped, leaves the files untouched', async () => {
    const dir = soracomDir();
    writeProfile(dir, 'default', {
      sandbox: false,
      coverageType: 'jp',
      authKeyId: 'keyId-abcdefghijklmnopqrstuvwxyz012345',
      authKey: CANARY_AUTHKEY,
      registerPaymentMethod: false,
    });
    writeProfile(dir, 'root', { coverageType: 'g', email: 'me@example.com', password: CANARY_PASSWORD });
    writeProfile(dir, 'sam', {
      coverageType: 'jp',
      operatorId: 'OP0012345678',
      username: 'alice',
      password: CANARY_PASSWORD,
    });
    writeProfile(dir, 'ops', {
      coverageType: 'jp',
      operatorId: 'OP0099999999',
      username: 'ops',
      sourceProfile: 'default',
    });
    writeProfile(dir, 'external', { coverageType: 'g', profileCommand: 'op-wrapper soracom' });
    writeFileSync(join(dir, 'broken.json'), '{not json', { mode: 0o600 });
    const before = snapshot(dir);
    const home = tempHome();
    const env = { ...FILE_STORE_ENV, SORACOM_PROFILE_DIR: dir };

    const dry = await runTobira(['profile', 'import', 'soracom', '--dry-run', '--json'], { home, env });
    expect(dry.code).toBe(0);
    const dryPlan = JSON.parse(dry.stdout) as {
      imported: Array<{ name: string }>;
      skipped: Array<{ name: string }>;
    };
    expect(dryPlan.imported.map((row) => row.name)).toEqual(['default', 'ops', 'root', 'sam']);
    expect(dryPlan.skipped.map((row) => row.name).sort()).toEqual(['broken', 'external']);
    expect((await runTobira(['profile', 'list', '--json'], { home })).stdout.trim()).toBe('[]');

    const real = await runTobira(['profile', 'import', 'soracom'], { home, env });
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/imported\s+root\s+soracom/);
    expect(real.stdout).toMatch(/skipped\s+external.*profileCommand/);
    const profiles = JSON.parse((await runTobira(['profile', 'list', '--json'], { home })).stdout) as Array<{
      name: string;
      type: string;
      fields: Record<string, unknown>;
    }>;
    expect(profiles.map((profile) => [profile.name, profile.type, profile.fields.mode ?? null])).toEqual([
      ['default', 'soracom', 'authkey'],
      ['ops', 'soracom-switch', null],
      ['root', 'soracom', 'root'],
      ['sam', 'soracom', 'sam'],
    ]);
    expect(profiles.find((profile) => profile.name === 'root')?.fields.coverage).toBe('g');

    const again = await runTobira(['profile', 'import', 'soracom', '--json'], { home, env });
    expect((JSON.parse(again.stdout) as { imported: unknown[] }).imported).toEqual([]);

    expect(snapshot(dir)).toEqual(before);
    expect(filesContaining(home, CANARY_PASSWORD)).toEqual([]);
    expect(filesContaining(home, CANARY_AUTHKEY)).toEqual([]);
    expect(real.stdout + real.stderr + dry.stdout).not.toContain(CANARY_PASSWORD);
  });

  it('an unknown source is a usage error', async () => {
    const result = await runTobira(['profile', 'import', 'gcloud'], { home: tempHome() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown import source "gcloud"/);
  });
});

describe('tobira link / unlink (soracom)', () => {
  it('writes ~/.soracom/NAME.json 0600 with a profileCommand that calls tobira, idempotently, and removes only it', async () => {
    const dir = soracomDir();
    writeProfile(dir, 'other', { coverageType: 'jp', email: 'x@example.com', password: 'untouched' });
    const home = tempHome();
    const env = { ...FILE_STORE_ENV, SORACOM_PROFILE_DIR: dir };
    await runTobira(
      [
        'profile',
        'add',
        'acme',
        '--type',
        'soracom',
        '--auth-key-id',
        'keyId-abcdefghijklmnop',
        '--coverage',
        'g',
      ],
      { home, env, input: `${CANARY_AUTHKEY}\n` },
    );
    const first = await runTobira(['link', 'acme'], { home, env });
    expect(first.code).toBe(0);
    const path = join(dir, 'acme.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const linked = JSON.parse(readFileSync(path, 'utf8')) as { coverageType: string; profileCommand: string };
    expect(linked.coverageType).toBe('g');
    expect(linked.profileCommand).toContain(`--home ${home}`);
    expect(linked.profileCommand).toMatch(/\/tobira\.mjs --home \S+ export acme --format soracom-profile$/);
    expect(readFileSync(path, 'utf8')).not.toContain(CANARY_AUTHKEY);

    const text = readFileSync(path, 'utf8');
    const second = await runTobira(['link', 'acme', '--json'], { home, env });
    expect(JSON.parse(second.stdout)).toMatchObject({ changed: false });
    expect(readFileSync(path, 'utf8')).toBe(text);

    // The command it wrote works from anywhere and prints soracom-cli's profile object.
    const words = linked.profileCommand.split(' ');
    const { spawnSync } = await import('node:child_process');
    const output = spawnSync(words[0] as string, words.slice(1), {
      cwd: '/',
      env: { ...process.env, ...env },
      encoding: 'utf8',
      input: '',
    });
    expect(JSON.parse(output.stdout)).toEqual({
      authKeyId: 'keyId-abcdefghijklmnop',
      authKey: CANARY_AUTHKEY,
    });

    expect((await runTobira(['unlink', 'acme'], { home, env })).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['other.json']);
    expect(JSON.parse(readFileSync(join(dir, 'other.json'), 'utf8'))).toMatchObject({
      password: 'untouched',
    });
    expect((await runTobira(['unlink', 'acme', '--json'], { home, env })).stdout).toMatch(/"changed": false/);
  });

  it('never overwrites a profile file it did not write', async () => {
    const dir = soracomDir();
    writeProfile(dir, 'acme', { coverageType: 'jp', email: 'x@example.com', password: 'mine' });
    const home = tempHome();
    const env = { ...FILE_STORE_ENV, SORACOM_PROFILE_DIR: dir };
    await runTobira(
      ['profile', 'add', 'acme', '--type', 'soracom', '--auth-key-id', 'keyId-abcdefghijklmnop'],
      {
        home,
        env,
        input: `${CANARY_AUTHKEY}\n`,
      },
    );
    const result = await runTobira(['link', 'acme'], { home, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/was not written by tobira link/);
    expect(JSON.parse(readFileSync(join(dir, 'acme.json'), 'utf8'))).toMatchObject({ password: 'mine' });
    expect((await runTobira(['unlink', 'acme'], { home, env })).code).toBe(1);
  });
});

describe('tobira profile add --type soracom validation', () => {
  it.each([
    [['--type', 'soracom'], /exactly one of --email/],
    [
      ['--type', 'soracom', '--email', 'a@example.com', '--auth-key-id', 'keyId-abcdefgh'],
      /exactly one of --email/,
    ],
    [['--type', 'soracom', '--operator-id', 'OP0012345678'], /both --operator-id and --user/],
    [['--type', 'soracom', '--email', 'not-an-email'], /Invalid email/],
    [['--type', 'soracom', '--email', 'a@example.com', '--coverage', 'us'], /Invalid coverage/],
    [['--type', 'soracom', '--email', 'a@example.com', '--endpoint', 'http://example.com'], /https:\/\//],
    [
      ['--type', 'soracom', '--email', 'a@example.com', '--endpoint', 'https://api.example.com/v1'],
      /without a path/,
    ],
    [['--type', 'soracom', '--auth-key-id', 'keyId-abcdefghij'], /starts with "secret-"/],
    [['--type', 'soracom', '--email', 'a@example.com', '--source', 'x'], /--source does not apply/],
    [['--type', 'soracom-switch', '--source', 'x', '--operator-id', 'OP0012345678'], /Invalid userName/],
    [
      [
        '--type',
        'soracom-switch',
        '--source',
        'x',
        '--operator-id',
        'OP0012345678',
        '--user',
        'u',
        '--ttl',
        '60',
      ],
      /Invalid ttl/,
    ],
  ])('%j is refused with exit 2', async (args, message) => {
    const result = await runTobira(['profile', 'add', 'p', ...args], {
      home: tempHome(),
      env: FILE_STORE_ENV,
      input: 'pw\n',
    });
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
  });

  it('caps a switch TTL above one hour at 3600', async () => {
    const home = tempHome();
    // The source must exist and be a SORACOM login (links are checked on add).
    const source = await runTobira(['profile', 'add', 'x', '--type', 'soracom', '--email', 'a@example.com'], {
      home,
      env: FILE_STORE_ENV,
      input: 'pw\n',
    });
    expect(source.code).toBe(0);
    const result = await runTobira(
      [
        'profile',
        'add',
        'sw',
        '--type',
        'soracom-switch',
        '--source',
        'x',
        '--operator-id',
        'OP0012345678',
        '--user',
        'u',
        '--ttl',
        '7200',
        '--json',
      ],
      { home, env: FILE_STORE_ENV },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ fields: { ttl: 3600 } });
  });
});
