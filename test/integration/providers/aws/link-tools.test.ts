import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PATH, runTobira } from '../../../harness/cli';
import { addProfiles, adminRoleArgs, awsWorld, OTHER_ACCOUNT, type AwsWorld } from './fixture';

/**
 * `tobira link` as the real clients read it: the AWS CLI v2 (/usr/bin/aws, botocore + shlex), boto3 (Debian's), and
 * the JS SDK v3 (runs credential_process through /bin/sh), with no AWS_REGION anywhere, a vault home whose path holds
 * `$`, a backtick, a space and quotes, and ~/.aws/config a symlink into a dotfiles folder.
 */

const worlds: AwsWorld[] = [];
afterEach(async () => {
  for (const created of worlds.splice(0)) await created.fake.close();
});
async function world(): Promise<AwsWorld> {
  const created = await awsWorld({ mfa: false });
  worlds.push(created);
  return created;
}

const REPO = resolve(import.meta.dirname, '../../../..');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Asynchronous: the fake STS answers from this very process, so a synchronous spawn would starve it. */
function run(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** What a tool started from a clean login shell sees: no AWS_REGION, no AWS_PROFILE, no keys. */
function toolEnv(w: AwsWorld): Record<string, string> {
  return {
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: w.userHome,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: w.env.AWS_CONFIG_FILE as string,
    AWS_SHARED_CREDENTIALS_FILE: w.env.AWS_SHARED_CREDENTIALS_FILE as string,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...Object.fromEntries(Object.entries(w.env).filter(([key]) => key.startsWith('TOBIRA_'))),
    ...(process.env.DBUS_SESSION_BUS_ADDRESS
      ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS }
      : {}),
  };
}

const BOTO3 = `
import json, sys, boto3
session = boto3.Session(profile_name=sys.argv[1])
sts = session.client("sts", endpoint_url=sys.argv[2])
calls = int(sys.argv[3])
for _ in range(calls):
    who = sts.get_caller_identity()
print(json.dumps({"region": session.region_name, "arn": who["Arn"]}))
`;

const JS_SDK = `
const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
(async () => {
  const client = new STSClient({ profile: process.argv[1], endpoint: process.argv[2] });
  const who = await client.send(new GetCallerIdentityCommand({}));
  console.log(JSON.stringify({ region: await client.config.region(), arn: who.Arn }));
})().catch((error) => { console.error(String(error)); process.exit(1); });
`;

describe('link: the real AWS clients use the linked profile with no environment at all', () => {
  it('aws v2, boto3 and the JS SDK get credentials and the region, through a symlinked config and an awkward --home', async () => {
    const w = await world();
    const awkwardHome = join(w.userHome, '..', `it's a $HOME \`id\` "dir" #1;x`, 'home');
    const inAwkward = {
      ...w,
      run: (args: readonly string[], input?: string) =>
        runTobira(args, { home: awkwardHome, env: w.env, input: input ?? '' }),
    };
    await addProfiles(inAwkward, { mfa: false });

    // stow layout: ~/.aws/config -> ../dotfiles/aws/.aws/config
    const real = join(w.userHome, 'dotfiles', 'aws', '.aws', 'config');
    mkdirSync(dirname(real), { recursive: true });
    const original = '[profile above]\nregion = eu-central-1\n# the team role\n';
    writeFileSync(real, original);
    chmodSync(real, 0o640);
    const config = w.env.AWS_CONFIG_FILE as string;
    mkdirSync(dirname(config), { recursive: true });
    symlinkSync('../dotfiles/aws/.aws/config', config);

    const link = await inAwkward.run(['link', 'admin']);
    expect(link.code).toBe(0);
    expect(lstatSync(config).isSymbolicLink()).toBe(true);
    expect(statSync(real).mode & 0o777).toBe(0o640);
    const linked = readFileSync(real, 'utf8');
    expect(linked).toContain('[profile admin]\n# managed by tobira: credential_process region\n');
    expect(linked).toContain('\nregion = ap-northeast-1\n');
    expect(linked).toContain(`${CLI_PATH} --home '`);

    const env = toolEnv(w);
    const expectedArn = `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/Admin/tobira-admin`;
    const cli = await run(
      '/usr/bin/aws',
      [
        '--profile',
        'admin',
        'sts',
        'get-caller-identity',
        '--endpoint-url',
        w.fake.origin,
        '--output',
        'json',
      ],
      env,
    );
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(cli.stdout)).toMatchObject({ Account: OTHER_ACCOUNT, Arn: expectedArn });

    const boto = await run('/usr/bin/python3', ['-c', BOTO3, 'admin', w.fake.origin, '1'], env);
    expect({ status: boto.status, stderr: boto.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(boto.stdout)).toEqual({ region: 'ap-northeast-1', arn: expectedArn });

    const js = await run(process.execPath, ['-e', JS_SDK, 'admin', w.fake.origin], env, REPO);
    // (The SDK may warn on stderr about this Node version; the answer is what counts.)
    expect({ status: js.status, stderr: js.status === 0 ? '' : js.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
    expect(JSON.parse(js.stdout)).toEqual({ region: 'ap-northeast-1', arn: expectedArn });

    // The user adds their own settings under the linked section; unlink keeps them under their header, and the
    // profile above keeps its region (botocore would refuse a file where one section held two).
    writeFileSync(real, `${readFileSync(real, 'utf8')}# mine\noutput = text\ncli_pager =\n`);
    const unlink = await inAwkward.run(['unlink', 'admin']);
    expect(unlink.code).toBe(0);
    expect(unlink.stderr).toContain('your own settings (output, cli_pager)');
    expect(lstatSync(config).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(
      `${original}\n[profile admin]\n# mine\noutput = text\ncli_pager =\n`,
    );
    const get = (key: string, profile: string) =>
      run('/usr/bin/aws', ['configure', 'get', key, '--profile', profile], env);
    expect((await get('region', 'above')).stdout.trim()).toBe('eu-central-1');
    expect((await get('output', 'admin')).stdout.trim()).toBe('text');
    expect((await get('credential_process', 'admin')).status).not.toBe(0);
  });

  it('warns (and still links) when ~/.aws/credentials or the environment shadows the profile', async () => {
    const w = await world();
    await addProfiles(w, { mfa: false });
    mkdirSync(dirname(w.env.AWS_SHARED_CREDENTIALS_FILE as string), { recursive: true });
    writeFileSync(
      w.env.AWS_SHARED_CREDENTIALS_FILE as string,
      `[admin]\naws_access_key_id = AKIAOLDKEY0000000001\naws_secret_access_key = old\n`,
    );
    const result = await w.run(['link', 'admin'], '', { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_PROFILE: 'other' });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`has a [admin] section with static keys`);
    expect(result.stderr).toContain('AWS_ACCESS_KEY_ID is set');
    expect(result.stderr).toContain('AWS_PROFILE=other is set');
    const ja = await w.run(['link', 'admin', '--lang', 'ja'], '', { AWS_ACCESS_KEY_ID: 'AKIAENV' });
    expect(ja.stderr).toContain('固定キーを持つ [admin] セクション');
    expect(ja.stderr).toContain('AWS_ACCESS_KEY_ID が設定されています');
  });
});

describe('link / unlink in parallel', () => {
  it('20 parallel `link rN` leave all 20 sections, 20 parallel unlinks give the file back', async () => {
    const w = await world();
    await addProfiles(w, { mfa: false });
    const names = Array.from({ length: 20 }, (_, i) => `r${i + 1}`);
    const added = await Promise.all(names.map((name) => w.run(adminRoleArgs(name))));
    expect(added.map((result) => result.code)).toEqual(names.map(() => 0));
    const config = w.env.AWS_CONFIG_FILE as string;
    mkdirSync(dirname(config), { recursive: true });
    const original = '# shared config\n[default]\nregion = us-east-1\n';
    writeFileSync(config, original);

    const linked = await Promise.all(names.map((name) => w.run(['link', name])));
    expect(linked.map((result) => result.code)).toEqual(names.map(() => 0));
    const text = readFileSync(config, 'utf8');
    for (const name of names) {
      expect(text.split(`\n[profile ${name}]\n`)).toHaveLength(2);
      expect(text).toContain(` credential-process ${name}\n`);
    }
    const unlinked = await Promise.all(names.map((name) => w.run(['unlink', name])));
    expect(unlinked.map((result) => result.code)).toEqual(names.map(() => 0));
    expect(readFileSync(config, 'utf8')).toBe(original);
  });
});

describe('role --duration and the credential cache', () => {
  it('refuses a duration the 15-minute refresh margin would defeat; at the minimum, boto3 makes one AssumeRole for 3 calls', async () => {
    const w = await world();
    await addProfiles(w, { mfa: false });
    const short = await w.run(adminRoleArgs('short', '--duration', '900'));
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('15 minutes before they expire');
    expect(short.stderr).toContain('1800');
    expect((await w.run(adminRoleArgs('brief', '--duration', '1800'))).code).toBe(0);
    expect((await w.run(['link', 'brief'])).code).toBe(0);
    const before = w.fake.calls.filter((call) => call.action === 'AssumeRole').length;
    const boto = await run('/usr/bin/python3', ['-c', BOTO3, 'brief', w.fake.origin, '3'], toolEnv(w));
    expect({ status: boto.status, stderr: boto.stderr }).toEqual({ status: 0, stderr: '' });
    const cli = await run(
      '/usr/bin/aws',
      ['--profile', 'brief', 'sts', 'get-caller-identity', '--endpoint-url', w.fake.origin],
      toolEnv(w),
    );
    expect(cli.status).toBe(0);
    expect(w.fake.calls.filter((call) => call.action === 'AssumeRole').length - before).toBe(1);
    expect(
      w.fake.calls.filter(
        (call) => call.action === 'GetCallerIdentity' && call.accessKeyId.startsWith('ASIA'),
      ).length,
    ).toBeGreaterThanOrEqual(4);
  });
});

describe('role --duration from an import', () => {
  it('an imported 900-second duration is raised to 1800 at login, with a message', async () => {
    const w = await world();
    await addProfiles(w, { mfa: false });
    const config = w.env.AWS_CONFIG_FILE as string;
    mkdirSync(dirname(config), { recursive: true });
    writeFileSync(
      config,
      `[profile imported]\nrole_arn = arn:aws:iam::${OTHER_ACCOUNT}:role/Admin\nsource_profile = alice\nduration_seconds = 900\n`,
    );
    expect((await w.run(['profile', 'import', 'aws'])).code).toBe(0);
    const login = await w.run(['login', 'imported']);
    expect(login.code).toBe(0);
    expect(login.stderr).toContain('900-second role sessions; tobira asks for 1800');
    expect(w.fake.calls.filter((call) => call.action === 'AssumeRole').at(-1)?.params).toMatchObject({
      DurationSeconds: '1800',
    });
  });
});

describe('profile add / show: a region for every AWS type', () => {
  it('aws-role and aws-krypton take --region and show it; link writes it', async () => {
    const w = await world();
    await addProfiles(w, { mfa: false });
    expect((await w.run(adminRoleArgs('eu', '--region', 'eu-west-1'))).code).toBe(0);
    expect(
      (await w.run(['profile', 'add', 'sim', '--type', 'aws-krypton', '--region', 'us-west-2'])).code,
    ).toBe(0);
    const show = await w.run(['profile', 'show', 'eu', '--json']);
    expect(show.stdout).toContain('eu-west-1');
    const sim = await w.run(['profile', 'show', 'sim']);
    expect(sim.stdout).toMatch(/region\W+us-west-2/);
    expect((await w.run(['link', 'eu'])).code).toBe(0);
    expect((await w.run(['link', 'sim'])).code).toBe(0);
    const text = readFileSync(w.env.AWS_CONFIG_FILE as string, 'utf8');
    expect(text).toContain(` credential-process eu\nregion = eu-west-1\n`);
    expect(text).toContain(` credential-process sim\nregion = us-west-2\n`);
    expect((await w.run(adminRoleArgs('bad', '--region', 'Tokyo'))).code).toBe(2);
  });
});
