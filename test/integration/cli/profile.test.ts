import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_STORE_ENV, runTobira, tempHome } from '../../harness/cli';

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const env = FILE_STORE_ENV;

describe('tobira profile', () => {
  it('add, list, show, rename and remove, in text and JSON', async () => {
    const home = tempHome();
    expect(
      (await runTobira(['profile', 'add', 'alpha', '--type', 'totp'], { home, env, input: `${SEED}\n` }))
        .code,
    ).toBe(0);
    expect(
      (await runTobira(['profile', 'add', 'beta', '--type', 'totp'], { home, env, input: `${SEED}\n` })).code,
    ).toBe(0);

    const list = await runTobira(['profile', 'list'], { home });
    expect(list.stdout.split('\n')[0]).toMatch(/^NAME\s+TYPE/);
    expect(list.stdout).toMatch(/alpha\s+totp/);

    const json = JSON.parse((await runTobira(['profile', 'list', '--json'], { home })).stdout) as Array<
      Record<string, unknown>
    >;
    expect(json.map((profile) => [profile.name, profile.type])).toEqual([
      ['alpha', 'totp'],
      ['beta', 'totp'],
    ]);
    expect(JSON.stringify(json)).not.toContain(SEED);

    const show = await runTobira(['profile', 'show', 'alpha'], { home });
    expect(show.stdout).toMatch(/algorithm\s+SHA1/);

    expect((await runTobira(['profile', 'rename', 'alpha', 'gamma'], { home })).code).toBe(0);
    expect((await runTobira(['otp', 'gamma', '--at', '59'], { home, env })).code).toBe(0);
    expect((await runTobira(['profile', 'rename', 'gamma', 'beta'], { home })).code).toBe(1);

    const removed = await runTobira(['profile', 'remove', 'gamma'], { home, env });
    expect(removed.code).toBe(0);
    const names = (
      JSON.parse((await runTobira(['--json', 'profile', 'list'], { home })).stdout) as Array<{ name: string }>
    ).map((profile) => profile.name);
    expect(names).toEqual(['beta']);
  });

  it('removing a profile removes its secrets from the store', async () => {
    const home = tempHome();
    await runTobira(['profile', 'add', 'a', '--type', 'totp'], { home, env, input: `${SEED}\n` });
    await runTobira(['profile', 'add', 'b', '--type', 'totp'], { home, env, input: `${SEED}\n` });
    const records = () =>
      Object.keys(
        (JSON.parse(readFileSync(join(home, 'secrets.enc'), 'utf8')) as { records: object }).records,
      );
    expect(records()).toHaveLength(2);
    await runTobira(['profile', 'remove', 'a', '--yes'], { home, env });
    expect(records()).toHaveLength(1);
    expect((await runTobira(['otp', 'b'], { home, env })).code).toBe(0);
  });

  it.each([
    [['profile', 'add', 'x', '--type', 'totp', '--bogus'], 2, /unknown option '--bogus'/],
    [['profile', 'add', 'x', '--type', 'nope'], 2, /Unknown profile type "nope"/],
    [['profile', 'add', 'bad name', '--type', 'totp'], 2, /Invalid profile name/],
    [['profile', 'add', 'x'], 2, /--type/],
    [['profile', 'frobnicate'], 2, /unknown command/],
    [['profile', 'show', 'nope'], 1, /No profile named nope/],
    [['--lang', 'xx', 'profile', 'list'], 2, /--lang/],
  ])('%j exits %i with a clear message', async (args, code, message) => {
    const result = await runTobira(args, { home: tempHome(), env, input: `${SEED}\n` });
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('an empty or invalid secret on stdin is refused and nothing is written', async () => {
    const home = tempHome();
    const empty = await runTobira(['profile', 'add', 'x', '--type', 'totp'], { home, env, input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/No secret was given/);
    const invalid = await runTobira(['profile', 'add', 'x', '--type', 'totp'], {
      home,
      env,
      input: 'ZZQX8WVK!PLMN0QZ\n',
    });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).not.toContain('ZZQX8WVK');
    expect((await runTobira(['profile', 'list', '--json'], { home })).stdout.trim()).toBe('[]');
  });

  it('a duplicate name is refused and the first profile kept', async () => {
    const home = tempHome();
    await runTobira(['profile', 'add', 'x', '--type', 'totp'], { home, env, input: `${SEED}\n` });
    const again = await runTobira(['profile', 'add', 'x', '--type', 'totp'], {
      home,
      env,
      input: `${SEED}\n`,
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });
});

describe('tobira global flags', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(await runTobira(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('--help shows examples and exit codes, in English and Japanese', async () => {
    const en = await runTobira(['--help']);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/Examples:/);
    expect(en.stdout).toMatch(/Exit codes: 0 ok/);
    const ja = await runTobira(['--help', '--lang', 'ja']);
    expect(ja.stdout).toMatch(/例:/);
    const jaLocale = await runTobira(['profile', 'add', '--help'], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(jaLocale.stdout).toMatch(/プロファイルを追加/);
  });

  it('global flags work before and after the subcommand, and --home wins', async () => {
    const home = tempHome();
    await runTobira(['--home', home, 'profile', 'add', 'x', '--type', 'totp'], { env, input: `${SEED}\n` });
    const after = await runTobira(['profile', 'list', '--json', '--home', home]);
    const before = await runTobira(['--json', '--home', home, 'profile', 'list']);
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
    expect((JSON.parse(after.stdout) as unknown[]).length).toBe(1);
  });

  it('messages follow --lang', async () => {
    const result = await runTobira(['profile', 'show', 'nope', '--lang', 'ja'], { home: tempHome() });
    expect(result.stderr).toContain('プロファイル nope はありません');
  });
});
