import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { CLI_PATH } from '../../../harness/cli';
import { ACCOUNT, addProfiles, awsWorld, CANARY_SECRET, OTHER_ACCOUNT, type AwsWorld } from './fixture';

const worlds: AwsWorld[] = [];
afterEach(async () => {
  for (const created of worlds.splice(0)) await created.fake.close();
});
async function world(options?: Parameters<typeof awsWorld>[0]): Promise<AwsWorld> {
  const created = await awsWorld({ mfa: false, ...options });
  worlds.push(created);
  return created;
}

const CONFIG = `# my AWS config — hand written, keep every byte
[default]
region =   eu-central-1
; spacing and key style kept
output=json

; the team's SSO profile
[profile sso-dev]
sso_session = corp
sso_account_id = ${ACCOUNT}
s3 =
    max_concurrent_requests = 20

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIADEFAULTKEY000001
aws_secret_access_key = ${CANARY_SECRET}
`;

function writeAws(w: AwsWorld, config: string, credentials: string): { config: string; credentials: string } {
  const configPath = w.env.AWS_CONFIG_FILE as string;
  const credentialsPath = w.env.AWS_SHARED_CREDENTIALS_FILE as string;
  mkdirSync(dirname(configPath), { recursive: true });
  writeFileSync(configPath, config);
  writeFileSync(credentialsPath, credentials, { mode: 0o600 });
  return { config: configPath, credentials: credentialsPath };
}

describe('tobira link / unlink (AWS)', () => {
  it('adds [profile NAME] with credential_process, keeps every other byte, is idempotent, and unlink restores the file', async () => {
    const w = await world();
    await addProfiles(w, { mfa: false });
    const paths = writeAws(w, CONFIG, CREDENTIALS);
    const credentialsBefore = statSync(paths.credentials).mtimeMs;

    const link = await w.run(['link', 'admin']);
    expect(link.code).toBe(0);
    expect(link.stderr).toContain(paths.config);
    const linked = readFileSync(paths.config, 'utf8');
    expect(linked.startsWith(CONFIG)).toBe(true);
    const added = linked.slice(CONFIG.length);
    expect(added).toBe(
      `\n[profile admin]\n# managed by tobira: credential_process region\ncredential_process = ${CLI_PATH} --home ${w.home} credential-process admin\nregion = ap-northeast-1\n`,
    );
    const again = await w.run(['link', 'admin']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already linked');
    expect(readFileSync(paths.config, 'utf8')).toBe(linked);

    const user = await w.run(['link', 'alice']);
    expect(user.code).toBe(0);
    expect(readFileSync(paths.config, 'utf8')).toContain(
      `[profile alice]\n# managed by tobira: credential_process region\ncredential_process = ${CLI_PATH} --home ${w.home} credential-process alice\nregion = ap-northeast-1\n`,
    );

    expect((await w.run(['unlink', 'alice'])).code).toBe(0);
    expect(readFileSync(paths.config, 'utf8')).toBe(linked);
    expect((await w.run(['unlink', 'admin'])).code).toBe(0);
    expect(readFileSync(paths.config, 'utf8')).toBe(CONFIG);
    expect((await w.run(['unlink', 'admin'])).stderr).not.toContain('Unlinked');
    expect(readFileSync(paths.credentials, 'utf8')).toBe(CREDENTIALS);
    expect(statSync(paths.credentials).mtimeMs).toBe(credentialsBefore);
  });

  it('refuses to take over a [profile NAME] it did not write, however botocore-equivalently it is spelled', async () => {
    const w = await world();
    await addProfiles(w, { mfa: false });
    for (const header of ['profile admin', 'profile  admin', 'profile\t"admin"']) {
      const mine = `${CONFIG}\n[${header}]\nrole_arn = arn:aws:iam::${ACCOUNT}:role/Mine\nsource_profile = default\n`;
      const paths = writeAws(w, mine, CREDENTIALS);
      for (const verb of ['link', 'unlink']) {
        const result = await w.run([verb, 'admin']);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('tobira did not write');
      }
      expect(readFileSync(paths.config, 'utf8')).toBe(mine);
    }
  });

  it('the AWS CLI v2 gets credentials through the linked credential_process (fake STS)', async () => {
    const aws = '/usr/bin/aws';
    expect(statSync(aws).isFile()).toBe(true);
    const w = await world();
    await addProfiles(w, { mfa: false });
    writeAws(w, CONFIG, CREDENTIALS);
    expect((await w.run(['link', 'admin'])).code).toBe(0);
    const env: Record<string, string> = {
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: w.userHome,
      AWS_CONFIG_FILE: w.env.AWS_CONFIG_FILE as string,
      AWS_SHARED_CREDENTIALS_FILE: w.env.AWS_SHARED_CREDENTIALS_FILE as string,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...Object.fromEntries(Object.entries(w.env).filter(([key]) => key.startsWith('TOBIRA_'))),
      ...(process.env.DBUS_SESSION_BUS_ADDRESS
        ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS }
        : {}),
    };
    // Asynchronous: the fake STS answers from this very process, so a synchronous spawn would starve it.
    const call = await new Promise<{ status: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(
          aws,
          [
            'sts',
            'get-caller-identity',
            '--profile',
            'admin',
            '--endpoint-url',
            w.fake.origin,
            '--region',
            'us-east-1',
            '--output',
            'json',
          ],
          { env, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      },
    );
    expect({ status: call.status, stderr: call.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(call.stdout)).toEqual({
      UserId: expect.stringMatching(/^AROA\w+:tobira-admin$/),
      Account: OTHER_ACCOUNT,
      Arn: `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/Admin/tobira-admin`,
    });
    // The AWS CLI signed with the role session tobira handed it.
    const role = w.fake.sessions.find((s) => s.kind === 'assumed-role');
    expect(w.fake.calls.at(-1)).toMatchObject({
      action: 'GetCallerIdentity',
      accessKeyId: role?.accessKeyId,
    });
  });
});

describe('tobira profile import aws', () => {
  it('imports keys and roles (dry run first), never touches the source files, keeps the key out of files', async () => {
    const w = await world();
    const config = `${CONFIG}
[profile ops]
role_arn = arn:aws:iam::${OTHER_ACCOUNT}:role/Admin
source_profile = default
mfa_serial = arn:aws:iam::${ACCOUNT}:mfa/alice
external_id = ext-1
duration_seconds = 7200
role_session_name = me-ops
region = us-west-2

[profile orphan]
role_arn = arn:aws:iam::${OTHER_ACCOUNT}:role/Admin

[profile linked]
credential_process = /opt/other-tool creds
`;
    const credentials = `${CREDENTIALS}
[temp]
aws_access_key_id = ASIATEMPKEY000000001
aws_secret_access_key = tempSecret/0123456789abcdefghijklmnopqrstu
aws_session_token = token
`;
    const paths = writeAws(w, config, credentials);
    const dry = await w.run(['profile', 'import', 'aws', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as {
      imported: Array<{ name: string; type: string }>;
      skipped: Array<{ name: string }>;
    };
    expect(plan.imported).toEqual([
      expect.objectContaining({ name: 'default', type: 'aws-iam-user' }),
      expect.objectContaining({ name: 'ops', type: 'aws-role' }),
    ]);
    // corp: an sso-session without sso_region; sso-dev: no sso_role_name (docs/protocols/aws-sso.md).
    expect(plan.skipped.map((row) => row.name).sort()).toEqual([
      'corp',
      'linked',
      'orphan',
      'sso-dev',
      'temp',
    ]);
    expect((await w.run(['profile', 'list', '--json'])).stdout.trim()).toBe('[]');

    const real = await w.run(['profile', 'import', 'aws']);
    expect(real.code).toBe(0);
    const profiles = JSON.parse((await w.run(['profile', 'list', '--json'])).stdout) as Array<{
      name: string;
      fields: Record<string, unknown>;
    }>;
    expect(profiles.find((p) => p.name === 'default')?.fields).toEqual({
      accessKeyId: 'AKIADEFAULTKEY000001',
      region: 'eu-central-1',
    });
    expect(profiles.find((p) => p.name === 'ops')?.fields).toEqual({
      source: 'default',
      roleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/Admin`,
      mfaSerial: `arn:aws:iam::${ACCOUNT}:mfa/alice`,
      externalId: 'ext-1',
      duration: 7200,
      sessionName: 'me-ops',
      region: 'us-west-2',
    });
    expect(readFileSync(paths.config, 'utf8')).toBe(config);
    expect(readFileSync(paths.credentials, 'utf8')).toBe(credentials);
    expect(filesContaining(w.home, CANARY_SECRET)).toEqual([]);
    expect(real.stdout + real.stderr + dry.stdout + dry.stderr).not.toContain(CANARY_SECRET);
  });
});

describe('credential-process fast path (keychain store)', () => {
  it('answers a cache hit without loading the CLI, and the same JSON as the full path', async () => {
    const w = await world({ store: 'keychain' });
    await addProfiles(w, { mfa: false });
    const full = await w.run(['export', 'admin', '--format', 'credential-process']);
    expect(full.code).toBe(0);
    const calls = w.fake.calls.length;
    const fast = await w.run(['credential-process', 'admin'], '', { NODE_DEBUG: 'module' });
    expect(fast.code).toBe(0);
    expect(fast.stdout).toBe(full.stdout);
    expect(w.fake.calls.length).toBe(calls);
    // Only the fast-path chunk was loaded: no program chunk (commander), no SDK.
    expect(fast.stderr).not.toMatch(/program-\w+\.mjs/);
    expect(fast.stderr).not.toContain('client-sts');
    const withHome = await w.run(['--home', w.home, 'credential-process', 'admin'], '', { TOBIRA_HOME: '' });
    expect(withHome.stdout).toBe(full.stdout);
  });
});
