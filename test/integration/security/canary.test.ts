import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../../harness/canary';
import { runTobira, spawnTobira, tempHome, type CliResult } from '../../harness/cli';
import { startFakeAuth0, standardTenant, type FakeAuth0 } from '../../fakes/auth0';
import { startFakeAws, type FakeAws } from '../../fakes/aws';
import { startFakeSoracom, type FakeSoracom } from '../../fakes/soracom';
import {
  codeCommand,
  PHONE,
  PASSWORD as IDP_PASSWORD,
  startWorld,
  type IdpWorld,
} from '../providers/idp-server/fixture';

/**
 * One home with a profile of every provider whose fake runs without extra hardware or a browser, each holding its
 * own canary secret. Every secret goes add → login → export/exec → logout, then is searched for everywhere it must
 * not be: files under TOBIRA_HOME and HOME (~/.aws, ~/.soracom, ~/.aliyun), every stdout/stderr line except the
 * explicit export, child argv (/proc/<pid>/cmdline during exec), crash output, and the browser-mode API.
 * Every command of the flow runs with `--debug`, so the requests and responses it logs (headers and bodies, redacted)
 * are searched too, as text, base64 and URL-encoded.
 * Alibaba (needs Chromium) and Krypton (needs the PC/SC SIM) run the same scans in their own suites:
 * test/integration/providers/alibaba/login.test.ts, test/integration/providers/krypton/login.test.ts.
 */
const LONG_LIVED = {
  totpSeed: 'CANARYTOTPSEEDAAAACANARYTOTPSEED',
  soracomPassword: 'canary-soracom-password-51c9e',
  awsSecretKey: 'canaryAwsSecretKey/0123+abcdefghijklmnopqrstu',
  awsMfaSeed: 'CANARYAWSMFASEEDCANARYAWSMFASEED',
  auth0ClientSecret: 'canary-auth0-client-secret-8e21d',
  idpPassword: IDP_PASSWORD,
  passphrase: 'canary-passphrase-for-secrets-enc-4d2a',
};

let soracom: FakeSoracom;
let aws: FakeAws;
let auth0: FakeAuth0;
let idp: IdpWorld;
let tenant: ReturnType<typeof standardTenant>;
let home: string;
let userHome: string;
let env: Record<string, string>;
/** Secrets learnt during the run: sessions, the Auth0 API key. Allowed only in the explicit export lines. */
const sessionSecrets = new Set<string>();
/** Every stdout and stderr that is not an explicit export of a session. */
const outputs: Array<{ what: string; text: string }> = [];
/** Explicit exports: they may carry session secrets, never a long-lived one. */
const exports: Array<{ what: string; text: string }> = [];
const cmdlines: string[] = [];

/** Each command's stderr, for checking that --debug really logged the exchanges that were searched. */
const debugged: Array<{ what: string; text: string }> = [];

async function tobira(
  given: string[],
  input?: string,
  extraEnv: Record<string, string> = {},
): Promise<CliResult> {
  const args = ['--debug', ...given];
  const result = await runTobira(args, {
    home,
    env: { ...env, ...extraEnv },
    ...(input !== undefined ? { input } : {}),
  });
  outputs.push({ what: `tobira ${args.join(' ')}`, text: result.stdout + result.stderr });
  debugged.push({ what: given.join(' '), text: result.stderr });
  expect(result.code, `tobira ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

/** A command whose stdout is an explicit export: stderr still goes to the general scan. */
async function exported(given: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const args = ['--debug', ...given];
  const result = await runTobira(args, { home, env: { ...env, ...extraEnv }, input: '' });
  expect(result.code, result.stderr).toBe(0);
  exports.push({ what: `tobira ${args.join(' ')}`, text: result.stdout });
  outputs.push({ what: `tobira ${args.join(' ')} (stderr)`, text: result.stderr });
  debugged.push({ what: given.join(' '), text: result.stderr });
  return result;
}

function learn(json: Record<string, unknown>, ...keys: string[]) {
  for (const key of keys) {
    const value = json[key];
    if (typeof value === 'string' && value.length >= 8) sessionSecrets.add(value);
  }
}

/** Every process's argv, read from /proc, as one string each. */
function sampleCmdlines(): string[] {
  const lines: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      lines.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // exited meanwhile
    }
  }
  return lines;
}

beforeAll(async () => {
  soracom = await startFakeSoracom();
  soracom.addOperator({ email: 'canary@example.com', password: LONG_LIVED.soracomPassword });
  aws = await startFakeAws({
    users: [
      {
        userName: 'carol',
        accountId: '123456789012',
        accessKeyId: 'AKIACANARYTEST000001',
        secretAccessKey: LONG_LIVED.awsSecretKey,
        mfa: { serial: 'arn:aws:iam::123456789012:mfa/carol', secret: LONG_LIVED.awsMfaSeed },
      },
    ],
    roles: [{ arn: 'arn:aws:iam::210987654321:role/Admin', trust: ['arn:aws:iam::123456789012:root'] }],
  });
  auth0 = await startFakeAuth0();
  tenant = standardTenant(auth0, { managementSecret: LONG_LIVED.auth0ClientSecret });
  idp = await startWorld();
  home = tempHome('tobira-canary-');
  userHome = join(dirname(home), 'user');
  mkdirSync(userHome, { recursive: true });
  env = {
    TOBIRA_SECRET_STORE: 'file',
    TOBIRA_PASSPHRASE: LONG_LIVED.passphrase,
    HOME: userHome,
    TOBIRA_ENDPOINT_SORACOM: soracom.endpoint,
    TOBIRA_ENDPOINT_AWS_STS: aws.origin,
    TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
    TOBIRA_AWS_RETRY_BASE_MS: '5',
    TOBIRA_AUTH0_RETRY_BASE_MS: '5',
    AWS_CONFIG_FILE: join(userHome, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(userHome, '.aws', 'credentials'),
  };
});

afterAll(async () => {
  await Promise.all([soracom?.close(), aws?.close(), auth0?.close(), idp?.close()]);
});

describe('cross-provider canary secrets', () => {
  it('add → login → export/exec → logout for every provider', async () => {
    // TOTP
    await tobira(['profile', 'add', 'totp', '--type', 'totp'], `${LONG_LIVED.totpSeed}\n`);
    await tobira(['otp', 'totp']);

    // SORACOM root user
    await tobira(
      ['profile', 'add', 'sora', '--type', 'soracom', '--email', 'canary@example.com'],
      `${LONG_LIVED.soracomPassword}\n`,
    );
    await tobira(['login', 'sora']);
    learn(JSON.parse((await exported(['export', 'sora', '--format', 'json'])).stdout), 'apiKey', 'token');
    await exported(['export', 'sora', '--format', 'soracom-profile']);
    await tobira(['link', 'sora']);

    // AWS IAM user with a stored MFA seed, and a role on top of it
    await tobira(
      [
        'profile',
        'add',
        'carol',
        '--type',
        'aws-iam-user',
        '--access-key-id',
        'AKIACANARYTEST000001',
        '--mfa-serial',
        'arn:aws:iam::123456789012:mfa/carol',
      ],
      `${LONG_LIVED.awsSecretKey}\n`,
    );
    await tobira(['mfa', 'set', 'carol'], `${LONG_LIVED.awsMfaSeed}\n`);
    await tobira([
      'profile',
      'add',
      'admin',
      '--type',
      'aws-role',
      '--source',
      'carol',
      '--role-arn',
      'arn:aws:iam::210987654321:role/Admin',
    ]);
    await tobira(['login', 'carol']);
    await tobira(['login', 'admin']);
    learn(
      JSON.parse((await exported(['export', 'carol', '--format', 'json'])).stdout),
      'secretAccessKey',
      'sessionToken',
    );
    learn(
      JSON.parse((await exported(['export', 'admin', '--format', 'json'])).stdout),
      'secretAccessKey',
      'sessionToken',
    );
    learn(
      JSON.parse((await exported(['credential-process', 'admin'])).stdout),
      'SecretAccessKey',
      'SessionToken',
    );
    await exported(['export', 'admin', '--format', 'env']);
    await tobira(['link', 'admin']);

    // Auth0: the admin's client secret, then an API key it creates (printed once: an explicit export)
    await tobira(
      [
        'profile',
        'add',
        'a0admin',
        '--type',
        'auth0-admin',
        '--domain',
        auth0.origin,
        '--client-id',
        tenant.managementClientId,
        '--connection',
        tenant.connection,
        '--audience',
        tenant.audience,
      ],
      `${LONG_LIVED.auth0ClientSecret}\n`,
    );
    const created = JSON.parse(
      (await exported(['apikey', 'create', 'a0admin', '--name', 'canary', '--json'])).stdout,
    ) as { key: string };
    sessionSecrets.add(created.key);
    await tobira(['apikey', 'list', 'a0admin']);
    await tobira(
      [
        'profile',
        'add',
        'a0key',
        '--type',
        'auth0-apikey',
        '--domain',
        auth0.origin,
        '--client-id',
        tenant.exchangerClientId,
        '--audience',
        tenant.audience,
        '--realm',
        tenant.connection,
      ],
      `${created.key}\n`,
    );
    await tobira(['login', 'a0key']);
    learn(
      JSON.parse((await exported(['export', 'a0key', '--format', 'json'])).stdout),
      'accessToken',
      'idToken',
    );

    // idp-server: password + SMS OTP through an mfa --command
    await tobira(
      [
        'profile',
        'add',
        'idp',
        '--type',
        'idp-server',
        '--issuer',
        idp.fake.issuer(idp.tenant),
        '--client-id',
        'tobira-cli',
        '--username',
        'alice',
      ],
      `${LONG_LIVED.idpPassword}\n`,
    );
    await tobira(['mfa', 'set', 'idp', '--command', codeCommand(idp.fake, PHONE)]);
    await tobira(['login', 'idp']);
    learn(
      JSON.parse((await exported(['export', 'idp', '--format', 'json'])).stdout),
      'accessToken',
      'idToken',
    );

    await tobira(['status']);
    await tobira(['profile', 'list']);
    await tobira(['profile', 'list', '--json']);
    for (const name of ['sora', 'carol', 'admin', 'a0key', 'idp', 'totp'])
      await tobira(['profile', 'show', name, '--json']);

    // exec: the child sleeps while every process's argv is sampled from /proc
    for (const name of ['admin', 'sora', 'a0key', 'idp']) {
      const child = spawnTobira(
        ['--debug', 'exec', name, '--', process.execPath, '-e', 'setTimeout(() => {}, 600)'],
        {
          home,
          env,
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      let open = true;
      void closed.then(() => (open = false));
      while (open) {
        cmdlines.push(...sampleCmdlines());
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await closed, stderr).toBe(0);
      outputs.push({ what: `tobira exec ${name}`, text: stdout + stderr });
    }
    expect(cmdlines.some((line) => line.includes('exec admin'))).toBe(true);
    expect(cmdlines.some((line) => line.includes('setTimeout'))).toBe(true);

    for (const name of ['sora', 'carol', 'admin', 'a0key', 'idp']) await tobira(['logout', name]);
    expect(sessionSecrets.size).toBeGreaterThanOrEqual(10);
  });

  it('browser mode: the UI API never hands a secret to the renderer', async () => {
    const uiDir = mkdtempSync(join(tmpdir(), 'tobira-ui-'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>\n');
    await tobira(['login', 'sora']); // a live session, so session views have something to show
    await tobira(['login', 'admin']);
    const server = spawnTobira(['ui'], { home, env: { ...env, TOBIRA_UI_DIR: uiDir }, input: null });
    let stdout = '';
    let stderr = '';
    server.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    server.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    try {
      await expect.poll(() => stdout, { timeout: 10_000 }).toMatch(/token=/);
      const url = new URL(stdout.trim().split('\n')[0] as string);
      const entry = await fetch(`${url.origin}/auth/session`, {
        method: 'POST',
        headers: { origin: url.origin, 'content-type': 'application/json' },
        body: JSON.stringify({ token: url.searchParams.get('token') }),
      });
      const { session } = (await entry.json()) as { session: string };
      const authorization = `Bearer ${session}`;
      const call = async (channel: string, body: unknown) => {
        const response = await fetch(`${url.origin}/api/${channel}`, {
          method: 'POST',
          headers: { authorization, origin: url.origin, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        outputs.push({ what: `ui ${channel}`, text });
        return JSON.parse(text) as { ok: boolean; value?: unknown };
      };
      const channels: Array<[string, unknown]> = [
        ['app:info', {}],
        ['settings:get', {}],
        ['types:list', {}],
        ['profiles:list', {}],
        ['profiles:get', { name: 'carol' }],
        ['profiles:get', { name: 'sora' }],
        ['prompts:list', {}],
        ['apikeys:list', { name: 'a0admin' }],
        ['session:login', { name: 'sora' }],
        ['session:login', { name: 'admin' }],
        ['session:login', { name: 'idp' }],
      ];
      for (const [channel, body] of channels) {
        const reply = await call(channel, body);
        expect(reply.ok, `${channel}: ${JSON.stringify(reply)}`).toBe(true);
      }
      const profiles = (await call('profiles:list', {})).value as Array<{ name: string }>;
      expect(profiles.map((profile) => profile.name).sort()).toEqual([
        'a0admin',
        'a0key',
        'admin',
        'carol',
        'idp',
        'sora',
        'totp',
      ]);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.on('close', resolve));
      outputs.push({ what: 'tobira ui', text: stdout + stderr });
    }
  });

  it('crash output (an uncaught error mid-login, TOBIRA_DEBUG=1) carries no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tobira-crash-'));
    const crash = join(dir, 'crash.mjs');
    // Lets the first request leave with its body (the password), then crashes the process from inside fetch.
    writeFileSync(
      crash,
      [
        'const real = globalThis.fetch;',
        'globalThis.fetch = async (...args) => {',
        '  const response = await real(...args);',
        "  process.nextTick(() => { throw new Error('simulated internal failure'); });",
        '  return response;',
        '};',
      ].join('\n'),
    );
    await tobira(['logout', 'sora']);
    for (const name of ['sora', 'idp', 'a0key']) {
      await tobira(['logout', name]);
      const result = await runTobira(['login', name], {
        home,
        env: { ...env, TOBIRA_DEBUG: '1', NODE_OPTIONS: `--import=${crash}` },
      });
      expect(result.code, result.stderr).not.toBe(0);
      expect(result.stderr).toContain('simulated internal failure');
      outputs.push({ what: `crash during login ${name}`, text: result.stdout + result.stderr });
    }
  });

  it('--debug logged the exchanges of every provider, so the scan below searched them', () => {
    const stderrOf = (what: string) => debugged.find((entry) => entry.what === what)?.text ?? '';
    const exchange = (method: string, path: string) =>
      new RegExp(`tobira debug \\[http\\] ← \\d{3} ${method} http://127\\.0\\.0\\.1:\\d+${path}`);
    // SORACOM: the password went out in a body that is logged with its fields redacted
    expect(stderrOf('login sora')).toMatch(exchange('POST', '/v1/auth'));
    expect(stderrOf('login sora')).toMatch(
      /body \{"email":"<redacted \d+ chars>","password":"<redacted \d+ chars>"/,
    );
    // AWS: the signed STS request (Authorization redacted) and its XML answer (keys and token redacted)
    expect(stderrOf('login carol')).toMatch(exchange('POST', '/'));
    expect(stderrOf('login carol')).toMatch(/"authorization":"<redacted \d+ chars>"/);
    expect(stderrOf('login carol')).toMatch(/<SecretAccessKey><redacted \d+ chars><\/SecretAccessKey>/);
    expect(stderrOf('login admin')).toMatch(/Action=AssumeRole/);
    // Auth0: the client-credentials grant and the Management API
    expect(stderrOf('apikey create a0admin --name canary --json')).toMatch(exchange('POST', '/oauth/token'));
    expect(stderrOf('apikey create a0admin --name canary --json')).toMatch(exchange('POST', '/api/v2/users'));
    expect(stderrOf('login a0key')).toMatch(/"access_token":"<redacted \d+ chars>"/);
    // idp-server: discovery and the token call through openid-client, the authorization API through fetch
    expect(stderrOf('login idp')).toMatch(exchange('GET', '/[\\w-]+/\\.well-known/openid-configuration'));
    expect(stderrOf('login idp')).toMatch(
      exchange('POST', '/[\\w-]+/v1/authorizations/[\\w-]+/password-authentication'),
    );
    expect(stderrOf('login idp')).toMatch(/"cookie":"<redacted \d+ chars>"/);
    expect(stderrOf('login idp')).toMatch(/"id_token":"<redacted \d+ chars>"/);
    // store and lock decisions
    expect(stderrOf('login sora')).toMatch(/tobira debug \[store\] file \(TOBIRA_SECRET_STORE=file\)/);
    expect(stderrOf('login sora')).toMatch(/tobira debug \[lock\] session-[\w-]+: acquired after \d+ ms/);
  });

  it('afterwards no secret is in any file, output line, argv or UI reply; sessions only in explicit exports', () => {
    const longLived = Object.entries(LONG_LIVED);
    const sessions = [...sessionSecrets];
    const problems: string[] = [];
    for (const dir of [home, userHome]) {
      for (const [what, secret] of [
        ...longLived,
        ...sessions.map((value, index) => [`session#${index}`, value] as const),
      ]) {
        for (const file of filesContaining(dir, secret)) problems.push(`${what} in file ${file}`);
      }
    }
    for (const { what, text } of outputs) {
      for (const [name, secret] of longLived) {
        if (text.includes(secret)) problems.push(`${name} in output of ${what}`);
        if (text.includes(Buffer.from(secret).toString('base64')))
          problems.push(`${name} (base64) in output of ${what}`);
        if (text.includes(encodeURIComponent(secret)))
          problems.push(`${name} (URL-encoded) in output of ${what}`);
      }
      for (const secret of sessions)
        if (text.includes(secret)) problems.push(`a session secret in output of ${what}`);
    }
    for (const { what, text } of exports) {
      // soracom-cli's profileCommand contract (docs/protocols/soracom.md) is the login credentials themselves: soracom-cli
      // signs in on its own. That export goes to soracom-cli's pipe, and is the only one a long-lived secret is in.
      const allowed = what.includes('--format soracom-profile') ? ['soracomPassword'] : [];
      for (const [name, secret] of longLived) {
        if (text.includes(secret) && !allowed.includes(name)) problems.push(`${name} in export ${what}`);
      }
    }
    expect(exports.find(({ what }) => what.includes('soracom-profile'))?.text).toContain(
      LONG_LIVED.soracomPassword,
    );
    for (const line of cmdlines) {
      for (const [name, secret] of longLived)
        if (line.includes(secret)) problems.push(`${name} in argv: ${line.slice(0, 80)}`);
      for (const secret of sessions)
        if (line.includes(secret)) problems.push(`a session secret in argv: ${line.slice(0, 80)}`);
    }
    expect(problems).toEqual([]);
    // The scans looked at real material: every kind of file and every kind of output is there.
    expect(readdirSync(home)).toEqual(expect.arrayContaining(['profiles.json', 'secrets.enc']));
    expect(readdirSync(userHome)).toEqual(expect.arrayContaining(['.aws', '.soracom']));
    expect(outputs.length).toBeGreaterThan(40);
    expect(cmdlines.length).toBeGreaterThan(50);
  });
});
