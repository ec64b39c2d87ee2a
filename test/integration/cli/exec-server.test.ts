import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnTobira, type CliResult } from '../../harness/cli';
import { asNobodyAsync, canDropPrivileges } from '../../harness/other-user';
import { waitFor } from '../../harness/wait';
import {
  ACCOUNT,
  addProfiles,
  awsWorld,
  CANARY_SECRET,
  OTHER_ACCOUNT,
  type AwsWorld,
} from '../providers/aws/fixture';

/**
 * `tobira exec NAME --server -- CMD` with the real clients – the AWS CLI v2 (/usr/bin/aws), boto3 (Debian's, run by
 * /usr/bin/python3) and the JS SDK v3 – in a child that outlives its first role session. Time is moved forward for
 * tobira and the child together through libfaketime (its offset file is read on every clock call), and for the STS
 * fake by the same offset, so the first session really expires at STS between the child's two calls.
 */

const REPO = resolve(import.meta.dirname, '../../..');
const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const ADMIN_ARN = `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/Admin/tobira-admin`;

const worlds: AwsWorld[] = [];
afterEach(async () => {
  for (const created of worlds.splice(0)) await created.fake.close();
});

interface Clocked {
  world: AwsWorld;
  dir: string;
  /** Moves every clock (tobira, the child, the fake) forward to `seconds` past the real time. */
  setOffset(seconds: number): void;
  /** The fake's (and tobira's) time now. */
  now(): number;
  env: Record<string, string>;
}

async function clockedWorld(): Promise<Clocked> {
  let offsetMs = 0;
  const world = await awsWorld({ now: () => Date.now() + offsetMs });
  worlds.push(world);
  await addProfiles(world);
  const dir = mkdtempSync(join(tmpdir(), 'tobira-server-'));
  const clockFile = join(dir, 'faketime');
  writeFileSync(clockFile, '+0\n');
  return {
    world,
    dir,
    now: () => Date.now() + offsetMs,
    setOffset(seconds) {
      writeFileSync(clockFile, `+${seconds}\n`);
      offsetMs = seconds * 1000;
    },
    env: {
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME_TIMESTAMP_FILE: clockFile,
      FAKETIME_NO_CACHE: '1',
      T_DIR: dir,
      T_STS: world.fake.origin,
      // Left over in the user's shell: with --server none of them may reach the child (SDKs prefer them).
      AWS_ACCESS_KEY_ID: 'AKIASTALESTALESTALE1',
      AWS_SECRET_ACCESS_KEY: 'stale-secret',
      AWS_SESSION_TOKEN: 'stale-token',
      AWS_PROFILE: 'someone-else',
    },
  };
}

/** Starts `tobira exec admin --server -- CMD`, waits for the child's first call, moves time past the role session. */
async function runAcrossExpiry(
  clocked: Clocked,
  command: readonly string[],
  extraEnv: Record<string, string> = {},
  past: 'assumed-role' | 'session-token' = 'assumed-role',
): Promise<CliResult & { cmdlines: string[] }> {
  const { world, dir } = clocked;
  const child = spawnTobira(['--debug', 'exec', 'admin', '--server', '--', ...command], {
    home: world.home,
    env: { ...world.env, ...clocked.env, ...extraEnv },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<CliResult>((done) =>
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  await waitFor(
    () => existsSync(join(dir, 'ready')) || child.exitCode !== null,
    60_000,
    'the child’s first call',
  );
  if (!existsSync(join(dir, 'ready'))) return { ...(await closed), cmdlines: [] };
  // While the child runs: every command line on the machine, for the canary check.
  const cmdlines = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        return '';
      }
    });
  const first = world.fake.sessions.find((session) => session.kind === past);
  if (!first) throw new Error(`no ${past} session was issued`);
  // One minute past the end of the first role session (or of its MFA-backed source session), for tobira, the child
  // and STS alike.
  clocked.setOffset(Math.ceil((first.expiresAt - Date.now()) / 1000) + 60);
  writeFileSync(join(dir, 'go'), '');
  return { ...(await closed), cmdlines };
}

function expectRenewedAcrossExpiry(
  clocked: Clocked,
  result: CliResult & { cmdlines: string[] },
  mfaLogins = 1,
) {
  const { world, dir } = clocked;
  expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  const identities = world.fake.calls.filter((call) => call.action === 'GetCallerIdentity');
  const roles = world.fake.sessions.filter((session) => session.kind === 'assumed-role');
  // tobira's own check after the login, then the child's two calls, each with a role session of its time.
  const childCalls = identities.filter((call) => roles.some((role) => role.accessKeyId === call.accessKeyId));
  expect(childCalls).toHaveLength(2);
  const [first, second] = childCalls.map((call) =>
    roles.find((role) => role.accessKeyId === call.accessKeyId),
  );
  expect(first?.accessKeyId).not.toBe(second?.accessKeyId);
  // The first credentials were dead at STS when the second call was made: the child could only succeed renewed.
  expect(first?.expiresAt).toBeLessThan(clocked.now());
  expect(second?.expiresAt).toBeGreaterThan(clocked.now());
  expect(world.fake.calls.filter((call) => call.action === 'AssumeRole')).toHaveLength(2);
  // The MFA-backed source session is reused while it lasts: one GetSessionToken with an MFA code per source session.
  const sourceLogins = world.fake.calls.filter((call) => call.action === 'GetSessionToken');
  expect(sourceLogins).toHaveLength(mfaLogins);
  for (const login of sourceLogins) expect(login.params.TokenCode).toMatch(/^\d{6}$/);

  const names = readFileSync(join(dir, 'env-names'), 'utf8').trim().split('\n');
  expect(names).toEqual(
    expect.arrayContaining([
      'AWS_CONTAINER_AUTHORIZATION_TOKEN',
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
      'AWS_REGION',
    ]),
  );
  for (const absent of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
    expect(names).not.toContain(absent);
  }

  // Canary: neither the endpoint's token nor any credential in a command line or in tobira's output (with --debug).
  const token = readFileSync(join(dir, 'token'), 'utf8');
  expect(token.length).toBeGreaterThanOrEqual(40);
  const secrets = [
    token,
    CANARY_SECRET,
    ...world.fake.sessions.flatMap((session) => [session.secretAccessKey, session.sessionToken]),
  ];
  for (const secret of secrets) {
    for (const line of result.cmdlines)
      expect(line.includes(secret), 'a command line holds a secret').toBe(false);
    expect(result.stderr.includes(secret), 'tobira --debug printed a secret').toBe(false);
    expect(result.stdout.includes(secret), 'the output holds a secret').toBe(false);
  }
  expect(result.stderr).toMatch(/Serving admin’s credentials to the command on http:\/\/127\.0\.0\.1:\d+\//);
}

/** Shared by the three clients: note the token (for the canary check) and which AWS_* variables the child has. */
const RECORD_ENV = `printf '%s' "$AWS_CONTAINER_AUTHORIZATION_TOKEN" > "$T_DIR/token"; env | cut -d= -f1 | grep '^AWS_' | sort > "$T_DIR/env-names"`;

const CLI_V2 = `
set -e
${RECORD_ENV}
/usr/bin/aws sts get-caller-identity --endpoint-url "$T_STS" --query Arn --output text
touch "$T_DIR/ready"
while [ ! -e "$T_DIR/go" ]; do sleep 0.05; done
/usr/bin/aws sts get-caller-identity --endpoint-url "$T_STS" --query Arn --output text
`;

const BOTO3 = `
import json, os, time, boto3
sts = boto3.client("sts", endpoint_url=os.environ["T_STS"])
first = sts.get_caller_identity()["Arn"]
open(os.path.join(os.environ["T_DIR"], "ready"), "w").close()
while not os.path.exists(os.path.join(os.environ["T_DIR"], "go")):
    time.sleep(0.05)
second = sts.get_caller_identity()["Arn"]
print(json.dumps([first, second]))
`;

const JS_SDK = `
const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
const { existsSync, writeFileSync } = require('node:fs');
(async () => {
  const client = new STSClient({});
  const first = (await client.send(new GetCallerIdentityCommand({}))).Arn;
  writeFileSync(process.env.T_DIR + '/ready', '');
  while (!existsSync(process.env.T_DIR + '/go')) await new Promise((done) => setTimeout(done, 50));
  const second = (await client.send(new GetCallerIdentityCommand({}))).Arn;
  console.log(JSON.stringify([first, second]));
})().catch((error) => { console.error(String(error)); process.exit(1); });
`;

describe('tobira exec --server: one process, credentials renewed through tobira across a role session', () => {
  it('the AWS CLI v2 in a shell that runs past the first role session', async () => {
    const clocked = await clockedWorld();
    const result = await runAcrossExpiry(clocked, ['/bin/sh', '-c', CLI_V2]);
    expectRenewedAcrossExpiry(clocked, result);
    expect(result.stdout.trim().split('\n')).toEqual([ADMIN_ARN, ADMIN_ARN]);
  });

  it('boto3 in one long-running Python process (its own refresh, through the endpoint)', async () => {
    const clocked = await clockedWorld();
    const result = await runAcrossExpiry(
      clocked,
      ['/bin/sh', '-c', `${RECORD_ENV}; exec /usr/bin/python3 -c "$T_SCRIPT"`],
      { T_SCRIPT: BOTO3 },
    );
    expectRenewedAcrossExpiry(clocked, result);
    expect(JSON.parse(result.stdout)).toEqual([ADMIN_ARN, ADMIN_ARN]);
  });

  it('the JS SDK v3 in one long-running Node process (AWS_ENDPOINT_URL_STS for its STS calls)', async () => {
    const clocked = await clockedWorld();
    const result = await runAcrossExpiry(
      clocked,
      ['/bin/sh', '-c', `${RECORD_ENV}; cd "$T_REPO" && exec "$T_NODE" -e "$T_SCRIPT"`],
      {
        T_SCRIPT: JS_SDK,
        T_REPO: REPO,
        T_NODE: process.execPath,
        AWS_ENDPOINT_URL_STS: clocked.world.fake.origin,
      },
    );
    expectRenewedAcrossExpiry(clocked, result);
    expect(JSON.parse(result.stdout)).toEqual([ADMIN_ARN, ADMIN_ARN]);
  });
});

describe('tobira exec --server: MFA in the middle of a run', () => {
  it('logs the source in again with the stored TOTP secret when its session has run out, and only then', async () => {
    const clocked = await clockedWorld();
    const result = await runAcrossExpiry(
      clocked,
      ['/bin/sh', '-c', `${RECORD_ENV}; exec /usr/bin/python3 -c "$T_SCRIPT"`],
      { T_SCRIPT: BOTO3 },
      'session-token',
    );
    expectRenewedAcrossExpiry(clocked, result, 2);
    expect(JSON.parse(result.stdout)).toEqual([ADMIN_ARN, ADMIN_ARN]);
  });
});

describe('tobira exec --server: what it refuses', () => {
  it('refuses a non-AWS profile with exit 2 before logging in or starting anything', async () => {
    const world = await awsWorld({ mfa: false });
    worlds.push(world);
    const add = await world.run(
      ['profile', 'add', 'sora', '--type', 'soracom', '--email', 'a@example.com'],
      'pw\n',
    );
    expect(add.code).toBe(0);
    const marker = join(mkdtempSync(join(tmpdir(), 'tobira-server-')), 'ran');
    const result = await world.run(['exec', 'sora', '--server', '--', '/bin/sh', '-c', `touch ${marker}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--server serves AWS credentials only; sora is a soracom profile.');
    expect(existsSync(marker)).toBe(false);
    const ja = await world.run(['--lang', 'ja', 'exec', 'sora', '--server', '--', 'true']);
    expect(ja.code).toBe(2);
    expect(ja.stderr).toContain('--server は AWS の認証情報専用です');
  });

  it('exits with the child’s code, and the endpoint is gone when the child has ended', async () => {
    const world = await awsWorld({ mfa: false });
    worlds.push(world);
    await addProfiles(world, { mfa: false });
    const dir = mkdtempSync(join(tmpdir(), 'tobira-server-'));
    const script = `printf '%s %s' "$AWS_CONTAINER_CREDENTIALS_FULL_URI" "$AWS_CONTAINER_AUTHORIZATION_TOKEN" > "${dir}/endpoint"; exit 7`;
    const result = await world.run(['exec', 'admin', '--server', '--', '/bin/sh', '-c', script]);
    expect(result.code).toBe(7);
    expect(result.stderr).not.toContain('default profile');
    const [url = '', token = ''] = readFileSync(join(dir, 'endpoint'), 'utf8').split(' ');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await expect(fetch(url, { headers: { Authorization: token } })).rejects.toThrow();

    // An IAM user profile is served too (GetSessionToken credentials), straight to the AWS CLI v2.
    const user = await world.run(
      [
        'exec',
        'alice',
        '--server',
        '--',
        '/usr/bin/aws',
        'sts',
        'get-caller-identity',
        '--endpoint-url',
        world.fake.origin,
        '--query',
        'Arn',
        '--output',
        'text',
      ],
      '',
      { AWS_EC2_METADATA_DISABLED: 'true' },
    );
    expect({ code: user.code, stdout: user.stdout.trim() }).toEqual({
      code: 0,
      stdout: `arn:aws:iam::${ACCOUNT}:user/alice`,
    });
  });

  it('forwards SIGTERM to the child like plain exec, and exits with its code', async () => {
    const world = await awsWorld({ mfa: false });
    worlds.push(world);
    await addProfiles(world, { mfa: false });
    const dir = mkdtempSync(join(tmpdir(), 'tobira-server-'));
    const script = `trap 'exit 42' TERM; touch "${dir}/ready"; while :; do sleep 0.05; done`;
    const child = spawnTobira(['exec', 'admin', '--server', '--', '/bin/sh', '-c', script], {
      home: world.home,
      env: world.env,
    });
    const closed = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    await waitFor(() => existsSync(join(dir, 'ready')), 30_000, 'the child');
    child.kill('SIGTERM');
    expect(await closed).toBe(42);
  });

  it('warns when the default profile of ~/.aws/credentials would win over the endpoint', async () => {
    const world = await awsWorld({ mfa: false });
    worlds.push(world);
    await addProfiles(world, { mfa: false });
    const credentials = world.env.AWS_SHARED_CREDENTIALS_FILE as string;
    mkdirSync(dirname(credentials), { recursive: true });
    writeFileSync(
      credentials,
      '[default]\naws_access_key_id = AKIADEFAULTDEFAULT01\naws_secret_access_key = x\n',
    );
    const result = await world.run(['exec', 'admin', '--server', '--', 'true']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Note: ${credentials} gives the default profile credentials of its own`);
  });

  it.runIf(canDropPrivileges)(
    'answers a process of another user 403 even when it has the token',
    async () => {
      const world = await awsWorld({ mfa: false });
      worlds.push(world);
      await addProfiles(world, { mfa: false });
      const dir = mkdtempSync(join(tmpdir(), 'tobira-server-'));
      const script = `printf '%s %s' "$AWS_CONTAINER_CREDENTIALS_FULL_URI" "$AWS_CONTAINER_AUTHORIZATION_TOKEN" > "${dir}/endpoint"; while [ ! -e "${dir}/go" ]; do sleep 0.05; done`;
      const child = spawnTobira(['exec', 'admin', '--server', '--', '/bin/sh', '-c', script], {
        home: world.home,
        env: world.env,
      });
      const closed = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      await waitFor(() => existsSync(join(dir, 'endpoint')), 30_000, 'the child');
      const [url = '', token = ''] = readFileSync(join(dir, 'endpoint'), 'utf8').split(' ');
      const ask = `fetch(process.argv[1], { headers: { Authorization: process.argv[2] } }).then(async (r) => console.log(r.status, await r.text()))`;
      // (The token on nobody's command line is this test's doing: it plays a user who stole it.)
      const answer = await asNobodyAsync(ask, url, token);
      expect(answer).toMatch(/^403 .*"Code":"ForeignUser"/);
      const own = await fetch(url, { headers: { Authorization: token } });
      expect(own.status).toBe(200);
      writeFileSync(join(dir, 'go'), '');
      expect(await closed).toBe(0);
    },
  );
});
