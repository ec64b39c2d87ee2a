import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addSession, ssoWorld, type SsoWorld } from './world';

/**
 * Interop with the real AWS CLI v2 (/usr/bin/aws, by its full path: a v1 may come first on PATH). This AWS CLI (2.9)
 * has no AWS_ENDPOINT_URL_* variables, so its SSO OIDC and portal clients are pointed at the fakes through
 * AWS_DATA_PATH: an endpoint rule set for `sso` and `sso-oidc` that always answers the fake's origin.
 */

let world: SsoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(
  args: readonly string[],
  env: Record<string, string>,
  onStderr?: (text: string) => void,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/aws', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onStderr?.(stdout + stderr);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      onStderr?.(stdout + stderr);
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function ruleSet(origin: string): string {
  return JSON.stringify({
    version: '1.0',
    parameters: {
      Region: { builtIn: 'AWS::Region', required: false, type: 'String' },
      UseDualStack: { builtIn: 'AWS::UseDualStack', required: true, default: false, type: 'Boolean' },
      UseFIPS: { builtIn: 'AWS::UseFIPS', required: true, default: false, type: 'Boolean' },
      Endpoint: { builtIn: 'SDK::Endpoint', required: false, type: 'String' },
    },
    rules: [{ conditions: [], endpoint: { url: origin, properties: {}, headers: {} }, type: 'endpoint' }],
  });
}

/** The environment of the AWS CLI: a clean shell, the same HOME (~/.aws/sso/cache) and config file as tobira. */
function cliEnv(w: SsoWorld): Record<string, string> {
  const data = mkdtempSync(join(tmpdir(), 'tobira-sso-data-'));
  for (const [service, origin] of [
    ['sso', w.sso.portalOrigin],
    ['sso-oidc', w.sso.oidcOrigin],
  ] as const) {
    const dir = join(data, service, '2019-06-10');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'endpoint-rule-set-1.json'), ruleSet(origin));
  }
  return {
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: w.userHome,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: w.env.AWS_CONFIG_FILE as string,
    AWS_SHARED_CREDENTIALS_FILE: w.env.AWS_SHARED_CREDENTIALS_FILE as string,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_DATA_PATH: data,
    AWS_PAGER: '',
    ...Object.fromEntries(Object.entries(w.env).filter(([key]) => key.startsWith('TOBIRA_'))),
  };
}

function nativeConfig(w: SsoWorld): string {
  return [
    '[profile native]',
    'sso_session = org',
    'sso_account_id = 111111111111',
    'sso_role_name = ReadOnly',
    `region = ${w.sso.region}`,
    '',
    '[sso-session org]',
    `sso_start_url = ${w.sso.startUrl}`,
    `sso_region = ${w.sso.region}`,
    'sso_registration_scopes = sso:account:access',
    '',
  ].join('\n');
}

const IDENTITY = ['sts', 'get-caller-identity', '--output', 'json'];

describe('tobira and the AWS CLI share the IAM Identity Center sign-in', () => {
  it('tobira login ORG serves the AWS CLI native sso-session profile through ~/.aws/sso/cache', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    mkdirSync(dirname(w.env.AWS_CONFIG_FILE as string), { recursive: true });
    writeFileSync(w.env.AWS_CONFIG_FILE as string, nativeConfig(w));
    const login = await w.run(['login', 'org']);
    expect(login.code, login.stderr).toBe(0);
    const cli = await run(['--profile', 'native', ...IDENTITY, '--endpoint-url', w.aws.origin], cliEnv(w));
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(cli.stdout)).toMatchObject({ Account: '111111111111' });
    expect(w.sso.portalRequests.filter((request) => request.path === '/federation/credentials')).toHaveLength(
      1,
    );
  });

  it('tobira link ORG writes the [sso-session] the AWS CLI profiles use; unlink removes exactly it', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    const path = w.env.AWS_CONFIG_FILE as string;
    mkdirSync(dirname(path), { recursive: true });
    const mine = [
      '# my profiles',
      '[profile native]',
      'sso_session = org',
      'sso_account_id = 222222222222',
      'sso_role_name = Developer',
      `region = ${w.sso.region}`,
      '',
    ].join('\n');
    writeFileSync(path, mine);
    const link = await w.run(['link', 'org']);
    expect(link.code, link.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain(
      `[sso-session org]\n# managed by tobira: sso-session\nsso_start_url = ${w.sso.startUrl}\nsso_region = ${w.sso.region}\nsso_registration_scopes = sso:account:access\n`,
    );
    expect((await w.run(['link', 'org'])).code).toBe(0);
    expect(readFileSync(path, 'utf8').match(/\[sso-session org\]/g)).toHaveLength(1);
    expect((await w.run(['login', 'org'])).code).toBe(0);
    const cli = await run(['--profile', 'native', ...IDENTITY, '--endpoint-url', w.aws.origin], cliEnv(w));
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(cli.stdout)).toMatchObject({ Account: '222222222222' });
    const unlink = await w.run(['unlink', 'org']);
    expect(unlink.code, unlink.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(mine);
  });

  it('aws sso login (device code) serves tobira: no second sign-in', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    mkdirSync(dirname(w.env.AWS_CONFIG_FILE as string), { recursive: true });
    writeFileSync(w.env.AWS_CONFIG_FILE as string, nativeConfig(w));
    let approved = false;
    const login = await run(['sso', 'login', '--profile', 'native', '--no-browser'], cliEnv(w), (text) => {
      const code = /\b([A-Z]{4}-[A-Z]{4})\b/.exec(text)?.[1];
      if (code && !approved) {
        approved = true;
        w.sso.approveDevice(code);
      }
    });
    expect(login.status, login.stderr).toBe(0);
    const tokens = w.sso.tokens.length;
    const role = await w.run([
      'profile',
      'add',
      'ro',
      '--type',
      'aws-sso',
      '--session',
      'org',
      '--account-id',
      '111111111111',
      '--role-name',
      'ReadOnly',
    ]);
    expect(role.code, role.stderr).toBe(0);
    const creds = await w.run(['export', 'ro', '--format', 'json']);
    expect(creds.code, creds.stderr).toBe(0);
    expect(w.sso.tokens.length).toBe(tokens);
    expect(() => readFileSync(w.browserLog)).toThrow();
  });

  it('tobira link NAME writes a profile the AWS CLI uses through credential_process', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    const role = await w.run([
      'profile',
      'add',
      'stg',
      '--type',
      'aws-sso',
      '--session',
      'org',
      '--account-id',
      '222222222222',
      '--role-name',
      'Developer',
      '--region',
      'us-west-2',
    ]);
    expect(role.code, role.stderr).toBe(0);
    expect((await w.run(['login', 'org'])).code).toBe(0);
    const link = await w.run(['link', 'stg']);
    expect(link.code, link.stderr).toBe(0);
    expect(readFileSync(w.env.AWS_CONFIG_FILE as string, 'utf8')).toContain('credential-process stg');
    const cli = await run(['--profile', 'stg', ...IDENTITY, '--endpoint-url', w.aws.origin], cliEnv(w));
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(cli.stdout)).toMatchObject({ Account: '222222222222' });
  });
});
