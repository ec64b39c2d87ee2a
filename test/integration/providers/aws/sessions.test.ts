import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { closedPort } from '../../../harness/cli';
import {
  ACCOUNT,
  addProfiles,
  adminRoleArgs,
  awsWorld,
  CANARY_SECRET,
  OTHER_ACCOUNT,
  type AwsWorld,
} from './fixture';

const worlds: AwsWorld[] = [];
async function world(options?: Parameters<typeof awsWorld>[0]): Promise<AwsWorld> {
  const created = await awsWorld(options);
  worlds.push(created);
  return created;
}
afterEach(async () => {
  for (const created of worlds.splice(0)) await created.fake.close();
});

function noCanary(...outputs: string[]): void {
  for (const output of outputs) expect(output).not.toContain(CANARY_SECRET);
}

describe('AWS IAM user and role sessions', () => {
  it('one MFA code serves the user and its roles: GetSessionToken once, AssumeRole from it, cached for every shell', async () => {
    const w = await world();
    await addProfiles(w);
    const login = await w.run(['login', 'alice', '--json']);
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const json = JSON.parse(login.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      profile: 'alice',
      provider: 'aws',
      accessKeyId: expect.stringMatching(/^ASIA/),
      sessionToken: expect.any(String),
      region: 'ap-northeast-1',
      accountId: ACCOUNT,
    });
    expect(json.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(String(json.expiration)) - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    const gst = w.fake.calls.filter((call) => call.action === 'GetSessionToken');
    expect(gst).toHaveLength(1);
    expect(gst[0]?.params).toMatchObject({
      SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`,
      DurationSeconds: '43200',
    });
    expect(gst[0]?.params.TokenCode).toMatch(/^\d{6}$/);

    const role = await w.run(['login', 'admin']);
    expect(role.code).toBe(0);
    expect(role.stdout).toContain(`arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/Admin/tobira-admin`);
    const again = await w.run(['login', 'admin']);
    expect(again.code).toBe(0);
    const assume = w.fake.calls.filter((call) => call.action === 'AssumeRole');
    expect(assume).toHaveLength(1);
    // Signed with the cached session, not the long-term key, and without a second MFA code.
    const session = w.fake.sessions.find((s) => s.kind === 'session-token');
    expect(assume[0]?.accessKeyId).toBe(session?.accessKeyId);
    expect(assume[0]?.params.TokenCode).toBeUndefined();
    expect(w.fake.calls.filter((call) => call.action === 'GetSessionToken')).toHaveLength(1);

    const status = JSON.parse((await w.run(['status', '--json'])).stdout) as Array<{
      profile: string;
      state: string;
    }>;
    expect(status.map((row) => [row.profile, row.state])).toEqual([
      ['alice', 'active'],
      ['admin', 'active'],
    ]);
    noCanary(login.stdout, login.stderr, role.stdout, role.stderr);
    expect(filesContaining(w.home, CANARY_SECRET)).toEqual([]);
  });

  it('exports env, fish, powershell, json and credential-process with every variable tools read', async () => {
    const w = await world({ mfa: false });
    await addProfiles(w, { mfa: false });
    const env = await w.run(['export', 'admin', '--format', 'env']);
    expect(env.code).toBe(0);
    const creds = w.fake.sessions.find((s) => s.kind === 'assumed-role');
    expect(env.stdout).toContain(`export AWS_ACCESS_KEY_ID='${creds?.accessKeyId}'`);
    expect(env.stdout).toContain(`export AWS_SECRET_ACCESS_KEY='${creds?.secretAccessKey}'`);
    expect(env.stdout).toContain(`export AWS_SESSION_TOKEN='${creds?.sessionToken}'`);
    expect(env.stdout).toMatch(/export AWS_CREDENTIAL_EXPIRATION='\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ'/);
    expect(env.stdout).toContain(`export AWS_REGION='ap-northeast-1'`);
    expect(env.stdout).toContain(`export AWS_DEFAULT_REGION='ap-northeast-1'`);
    expect((await w.run(['export', 'admin', '--format', 'fish'])).stdout).toContain(
      `set -gx AWS_ACCESS_KEY_ID '${creds?.accessKeyId}';`,
    );
    expect((await w.run(['export', 'admin', '--format', 'powershell'])).stdout).toContain(
      `$Env:AWS_SESSION_TOKEN = '${creds?.sessionToken}'`,
    );
    const process = await w.run(['credential-process', 'admin']);
    expect(process.code).toBe(0);
    const parsed = JSON.parse(process.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'Version',
      'AccessKeyId',
      'SecretAccessKey',
      'SessionToken',
      'Expiration',
      'AccountId',
    ]);
    expect(parsed).toMatchObject({
      Version: 1,
      AccessKeyId: creds?.accessKeyId,
      SessionToken: creds?.sessionToken,
      AccountId: OTHER_ACCOUNT,
    });
    expect(parsed.Expiration).toMatch(/Z$/);
    expect((await w.run(['export', 'admin', '--format', 'credential-process'])).stdout).toBe(process.stdout);
    // Nothing logged in again: one AssumeRole for all five exports.
    expect(w.fake.calls.filter((call) => call.action === 'AssumeRole')).toHaveLength(1);
  });

  it('exec puts AWS_* in the child, removes AWS_PROFILE, and no process argv ever holds a secret', async () => {
    const w = await world({ mfa: false });
    await addProfiles(w, { mfa: false });
    const script = [
      'for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$f" 2>/dev/null; echo; done > "$OUT/cmdlines"',
      'env > "$OUT/env"',
      'exit 7',
    ].join('; ');
    const out = join(w.userHome);
    const result = await w.run(['exec', 'admin', '--', 'sh', '-c', script], '', {
      OUT: out,
      AWS_PROFILE: 'stale',
      AWS_SECURITY_TOKEN: 'stale-token',
    });
    expect(result.code).toBe(7);
    const childEnv = readFileSync(join(out, 'env'), 'utf8');
    const creds = w.fake.sessions.find((s) => s.kind === 'assumed-role');
    expect(childEnv).toContain(`AWS_ACCESS_KEY_ID=${creds?.accessKeyId}`);
    expect(childEnv).toContain(`AWS_SESSION_TOKEN=${creds?.sessionToken}`);
    expect(childEnv).toMatch(/AWS_CREDENTIAL_EXPIRATION=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    expect(childEnv).toContain('AWS_REGION=ap-northeast-1');
    expect(childEnv).toContain('AWS_DEFAULT_REGION=ap-northeast-1');
    expect(childEnv).toContain('TOBIRA_PROFILE=admin');
    expect(childEnv).not.toMatch(/^AWS_PROFILE=/m);
    expect(childEnv).not.toMatch(/^AWS_SECURITY_TOKEN=/m);
    expect(childEnv).not.toContain(CANARY_SECRET);
    const cmdlines = readFileSync(join(out, 'cmdlines'), 'utf8');
    expect(cmdlines).toContain('exec admin');
    expect(cmdlines).not.toContain(CANARY_SECRET);
    expect(cmdlines).not.toContain(creds?.secretAccessKey ?? '-');
    expect(cmdlines).not.toContain(creds?.sessionToken ?? '-');

    const nested = await w.run(['exec', 'admin', '--', 'true'], '', { TOBIRA_PROFILE: 'alice' });
    expect(nested.code).toBe(2);
    expect(filesContaining(w.home, CANARY_SECRET)).toEqual([]);
    expect(readdirSync(w.userHome).filter((name) => name.startsWith('.aws'))).toEqual([]);
  });

  it('a wrong MFA code is exit 3 and nothing is cached; no way to get a code is exit 5', async () => {
    const w = await world();
    await addProfiles(w, { mfa: false });
    const wrong = await w.run(['login', 'alice', '--mfa-code', '000000']);
    expect(wrong.stderr).toContain('has no MFA device');
    // alice was added without --mfa-serial here: a code for a user without a device is a usage error.
    expect(wrong.code).toBe(2);

    const v = await world();
    await addProfiles(v);
    const rejected = await v.run(['login', 'alice', '--mfa-code', '000000']);
    expect(rejected.code).toBe(3);
    expect(rejected.stderr).toContain('MultiFactorAuthentication failed');
    expect(rejected.stderr).toContain('tobira mfa set alice');
    expect((await v.run(['status', '--json'])).stdout).toContain('"state": "none"');
    expect(await v.run(['mfa', 'remove', 'alice'])).toMatchObject({ code: 0 });
    const unavailable = await v.run(['login', 'admin']);
    expect(unavailable.code).toBe(5);
    const cp = await v.run(['credential-process', 'admin']);
    expect(cp.code).toBe(5);
    expect(cp.stdout).toBe('');
    noCanary(rejected.stderr, unavailable.stderr, cp.stderr);
  });

  it('rejected keys are exit 3; a revoked session is replaced by a fresh login of the source once', async () => {
    const w = await world({ mfa: false });
    await addProfiles(w, { mfa: false });
    expect((await w.run(['login', 'alice'])).code).toBe(0);
    w.fake.expireSessions();
    // alice's cached session still looks valid to tobira, but STS says ExpiredToken: admin logs alice in again.
    const role = await w.run(['login', 'admin']);
    expect(role.code).toBe(0);
    const actions = w.fake.calls.map((call) => call.action);
    expect(actions.filter((a) => a === 'GetSessionToken')).toHaveLength(2);
    expect(actions.filter((a) => a === 'AssumeRole')).toHaveLength(1);

    const bad = await world({ mfa: false });
    bad.user.secretAccessKey = 'notTheSameSecret/0123456789abcdefghijklmno';
    await addProfiles(bad, { mfa: false });
    const denied = await bad.run(['login', 'admin']);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toContain('SignatureDoesNotMatch');
    expect(denied.stderr).toContain('alice');
    noCanary(denied.stderr);

    const trust = await w.run([
      'profile',
      'add',
      'partner',
      '--type',
      'aws-role',
      '--source',
      'alice',
      '--role-arn',
      `arn:aws:iam::${OTHER_ACCOUNT}:role/Partner`,
    ]);
    expect(trust.code).toBe(0);
    const noExternalId = await w.run(['login', 'partner']);
    expect(noExternalId.code).toBe(3);
    expect(noExternalId.stderr).toContain('AccessDenied');
  });

  it('role chaining: a second hop is capped at one hour with a note; a long role from an IAM user is assumed directly', async () => {
    const w = await world({ mfa: false });
    await addProfiles(w, { mfa: false });
    const add = (args: string[]) => w.run(['profile', 'add', ...args]);
    expect(
      (
        await add([
          'deploy',
          '--type',
          'aws-role',
          '--source',
          'admin',
          '--role-arn',
          `arn:aws:iam::${OTHER_ACCOUNT}:role/Deploy`,
          '--duration',
          '7200',
          '--session-name',
          'ci-deploy',
        ])
      ).code,
    ).toBe(0);
    const deploy = await w.run(['login', 'deploy', '--json']);
    expect(deploy.code).toBe(0);
    expect(deploy.stderr).toContain('role chaining');
    const last = w.fake.calls.at(-1);
    expect(last?.params).toMatchObject({
      Action: 'AssumeRole',
      RoleSessionName: 'ci-deploy',
      DurationSeconds: '3600',
    });
    const expiration = Date.parse(String((JSON.parse(deploy.stdout) as { expiration: string }).expiration));
    expect(expiration - Date.now()).toBeLessThanOrEqual(3600_000);

    expect((await w.run(adminRoleArgs('long', '--duration', '28800'))).code).toBe(0);
    const long = await w.run(['login', 'long', '--json']);
    expect(long.code).toBe(0);
    expect(long.stderr).toContain('long-term keys');
    const direct = w.fake.calls.at(-1);
    expect(direct?.params).toMatchObject({ Action: 'AssumeRole', DurationSeconds: '28800' });
    expect(direct?.accessKeyId).toBe(w.user.accessKeyId);
    expect(
      Date.parse((JSON.parse(long.stdout) as { expiration: string }).expiration) - Date.now(),
    ).toBeGreaterThan(7.9 * 3600_000);
  });

  it('throttling is retried with backoff; after the limit, and with STS down, exit 4', async () => {
    const w = await world({ mfa: false });
    await addProfiles(w, { mfa: false });
    w.fake.throttleNext(2);
    const retried = await w.run(['login', 'alice']);
    expect(retried.code).toBe(0);
    const throttled = w.fake.requests.filter((r) => r.path === '/').length;
    expect(throttled).toBe(4); // 2 throttled + GetSessionToken + GetCallerIdentity

    w.fake.throttleNext(10);
    const given = await w.run(['login', 'alice', '--force']);
    expect(given.code).toBe(4);
    expect(given.stderr).toContain('AWS STS');
    expect(given.stderr).toContain('Throttling');

    const down = await w.run(['login', 'alice', '--force'], '', {
      TOBIRA_ENDPOINT_AWS_STS: `http://127.0.0.1:${await closedPort()}`,
    });
    expect(down.code).toBe(4);
    expect(down.stderr).toContain('ECONNREFUSED');
    noCanary(given.stderr, down.stderr);
  });

  it('profile add validates its flags and never takes the secret from argv', async () => {
    const w = await world({ mfa: false });
    const badKey = await w.run(
      ['profile', 'add', 'x', '--type', 'aws-iam-user', '--access-key-id', 'nope'],
      `${CANARY_SECRET}\n`,
    );
    expect(badKey.code).toBe(2);
    const badSecret = await w.run(
      ['profile', 'add', 'x', '--type', 'aws-iam-user', '--access-key-id', w.user.accessKeyId],
      'short\n',
    );
    expect(badSecret.code).toBe(2);
    const flag = await w.run([
      'profile',
      'add',
      'x',
      '--type',
      'aws-iam-user',
      '--access-key-id',
      w.user.accessKeyId,
      '--secret-access-key',
      'x',
    ]);
    expect(flag.code).toBe(2);
    const role = await w.run([
      'profile',
      'add',
      'r',
      '--type',
      'aws-role',
      '--source',
      'x',
      '--role-arn',
      'arn:aws:iam::1:role/x',
    ]);
    expect(role.code).toBe(2);
    const duration = await w.run([
      'profile',
      'add',
      'r',
      '--type',
      'aws-role',
      '--source',
      'x',
      '--role-arn',
      `arn:aws:iam::${ACCOUNT}:role/x`,
      '--duration',
      '100',
    ]);
    expect(duration.code).toBe(2);
  });
});
