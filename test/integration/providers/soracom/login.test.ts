import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { closedPort, runTobira, spawnTobira, tempHome, type CliResult } from '../../../harness/cli';
import { startFakeSoracom, trustPolicyFor, type FakeSoracom } from '../../../fakes/soracom';

const ROOT_PASSWORD = 'canary-root-password-5a1c';
const SAM_PASSWORD = 'canary-sam-password-77e0';

let fake: FakeSoracom;
let env: Record<string, string>;
let operatorId: string;

beforeAll(async () => {
  fake = await startFakeSoracom();
  env = { TOBIRA_SECRET_STORE: 'keychain', TOBIRA_ENDPOINT_SORACOM: fake.endpoint };
  operatorId = fake.addOperator({ email: 'root@example.com', password: ROOT_PASSWORD }).operatorId;
  fake.addSamUser({ operatorId, userName: 'alice', password: SAM_PASSWORD, permissions: ['*'] });
  // One MFA user per test: the fake, like a careful server, refuses a code already used in its 30 s step.
  for (const userName of ['mfa-stored', 'mfa-flag', 'mfa-command', 'mfa-export']) {
    fake.addSamUser({ operatorId, userName, password: SAM_PASSWORD, permissions: ['*'] });
    fake.enableMfa({ operatorId, userName });
  }
});
afterAll(async () => fake.close());

async function addProfile(home: string, name: string, args: string[], secret: string): Promise<CliResult> {
  const result = await runTobira(['profile', 'add', name, '--type', 'soracom', ...args], {
    home,
    env,
    input: `${secret}\n`,
  });
  expect(result.code, result.stderr).toBe(0);
  return result;
}

const json = (result: CliResult) => JSON.parse(result.stdout) as Record<string, string>;

describe('SORACOM login without MFA', () => {
  it('root user: logs in, prints operator, coverage and expiry, and caches the session', async () => {
    const home = tempHome();
    await addProfile(home, 'root', ['--email', 'root@example.com'], ROOT_PASSWORD);
    const login = await runTobira(['login', 'root'], { home, env });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`Logged in root as ${operatorId}`);
    expect(login.stdout).toMatch(/coverage\s+jp/);
    expect(login.stdout).toMatch(/until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    const before = fake.sessionsIssued;
    const again = await runTobira(['login', 'root', '--json'], { home, env });
    expect(fake.sessionsIssued).toBe(before);
    expect(json(again)).toMatchObject({ profile: 'root', provider: 'soracom', operatorId });
    expect(json(again).apiKey).toMatch(/^api-/);
    const body = JSON.parse(
      fake.requests.filter((request) => request.path === '/v1/auth').at(-1)?.body ?? '{}',
    );
    expect(body).toEqual({ email: 'root@example.com', password: ROOT_PASSWORD, tokenTimeoutSeconds: 86400 });
  });

  it('SAM user and both kinds of AuthKey', async () => {
    const home = tempHome();
    await addProfile(
      home,
      'sam',
      ['--operator-id', operatorId, '--user', 'alice', '--coverage', 'g'],
      SAM_PASSWORD,
    );
    const rootKey = fake.addAuthKey({ operatorId });
    const samKey = fake.addAuthKey({ operatorId, userName: 'alice' });
    await addProfile(home, 'rootkey', ['--auth-key-id', rootKey.authKeyId], rootKey.authKey);
    await addProfile(home, 'samkey', ['--auth-key-id', samKey.authKeyId], samKey.authKey);
    expect(json(await runTobira(['login', 'sam', '--json'], { home, env }))).toMatchObject({
      userName: 'alice',
    });
    expect(json(await runTobira(['login', 'rootkey', '--json'], { home, env })).userName).toBeUndefined();
    expect(json(await runTobira(['login', 'samkey', '--json'], { home, env }))).toMatchObject({
      userName: 'alice',
    });
  });

  it('a wrong password is exit 3 with the server code, and nothing is cached', async () => {
    const home = tempHome();
    await addProfile(home, 'bad', ['--email', 'root@example.com'], 'not-the-password');
    const login = await runTobira(['login', 'bad'], { home, env });
    expect(login.code).toBe(3);
    expect(login.stderr).toMatch(/AUM0002/);
    expect(login.stderr).not.toContain('not-the-password');
    expect(json(await runTobira(['status', '--json'], { home, env }))).toEqual([
      { profile: 'bad', type: 'soracom', state: 'none', expiration: null },
    ]);
  });
});

describe('SORACOM login with MFA', () => {
  it('a stored TOTP secret answers MFA on its own', async () => {
    const home = tempHome();
    await addProfile(home, 'm', ['--operator-id', operatorId, '--user', 'mfa-stored'], SAM_PASSWORD);
    const secret = fake.samUser(operatorId, 'mfa-stored')?.mfa.secret as string;
    expect(
      (
        await runTobira(['mfa', 'set', 'm'], {
          home,
          env,
          input: `otpauth://totp/SORACOM:x?secret=${secret}\n`,
        })
      ).code,
    ).toBe(0);
    const login = await runTobira(['login', 'm', '--json'], { home, env });
    expect(login.code, login.stderr).toBe(0);
    const body = JSON.parse(
      fake.requests.filter((request) => request.path === '/v1/auth').at(-1)?.body ?? '{}',
    );
    expect(body.mfaOTPCode).toMatch(/^\d{6}$/);
  });

  it('--mfa-code works; a wrong code is exit 3; no way to get a code is exit 5 and says how', async () => {
    const home = tempHome();
    await addProfile(home, 'm', ['--operator-id', operatorId, '--user', 'mfa-flag'], SAM_PASSWORD);

    const wrong = await runTobira(['login', 'm', '--mfa-code', '000000'], { home, env });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/wrong password or MFA code \(AUM0064/);

    const none = await runTobira(['login', 'm'], { home, env });
    expect(none.code).toBe(5);
    expect(none.stderr).toMatch(/--mfa-code/);
    expect(none.stderr).toMatch(/tobira mfa set m/);

    const right = await runTobira(
      ['login', 'm', '--mfa-code', fake.totp({ operatorId, userName: 'mfa-flag' })],
      { home, env },
    );
    expect(right.code, right.stderr).toBe(0);
  });

  it('a configured command (like 1Password op) supplies the code, run without a shell', async () => {
    const home = tempHome();
    await addProfile(home, 'm', ['--operator-id', operatorId, '--user', 'mfa-command'], SAM_PASSWORD);
    const secret = fake.samUser(operatorId, 'mfa-command')?.mfa.secret as string;
    // The command prints the code of a totp profile holding the same secret, the way `op item get X --otp` would.
    const helper = `process.stdout.write(require('node:child_process').execFileSync(process.execPath,[${JSON.stringify(
      new URL('../../../../out/cli/tobira.mjs', import.meta.url).pathname,
    )},'otp','otpsrc','--home',${JSON.stringify(home)}]).toString())`;
    await runTobira(['profile', 'add', 'otpsrc', '--type', 'totp'], { home, env, input: `${secret}\n` });
    const set = await runTobira(
      ['mfa', 'set', 'm', '--command', `${process.execPath} -e "${helper.replace(/"/g, '\\"')}"`],
      {
        home,
        env,
      },
    );
    expect(set.code, set.stderr).toBe(0);
    const login = await runTobira(['login', 'm'], { home, env });
    expect(login.code, login.stderr).toBe(0);
  });
});

describe('SORACOM sessions across commands and terminals', () => {
  it('concurrent exports share one login', async () => {
    const home = tempHome();
    await addProfile(home, 'root', ['--email', 'root@example.com'], ROOT_PASSWORD);
    const before = fake.sessionsIssued;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => runTobira(['export', 'root', '--format', 'json'], { home, env })),
    );
    expect(results.map((result) => result.code)).toEqual(Array(8).fill(0));
    expect(fake.sessionsIssued - before).toBe(1);
    expect(new Set(results.map((result) => json(result).apiKey)).size).toBe(1);
  });

  it('export --format env evaluates in sh; logout revokes and forgets the session', async () => {
    const home = tempHome();
    await addProfile(home, 'root', ['--email', 'root@example.com'], ROOT_PASSWORD);
    const exported = await runTobira(['export', 'root'], { home, env });
    const shell = spawnSync(
      'sh',
      [
        '-c',
        `eval "$1"; printf '%s %s %s' "$SORACOM_API_KEY" "$SORACOM_OPERATOR_ID" "$SORACOM_ENDPOINT"`,
        'sh',
        exported.stdout,
      ],
      {
        encoding: 'utf8',
      },
    );
    const [apiKey, op, endpoint] = shell.stdout.split(' ');
    expect(apiKey).toMatch(/^api-/);
    expect(op).toBe(operatorId);
    expect(endpoint).toBe(fake.endpoint);

    const logout = await runTobira(['logout', 'root'], { home, env });
    expect(logout.code).toBe(0);
    expect(fake.session(apiKey as string)?.revoked).toBe(true);
    expect(json(await runTobira(['status', '--json'], { home, env }))).toEqual([
      { profile: 'root', type: 'soracom', state: 'none', expiration: null },
    ]);
  });

  it('a session near its end is refreshed with the same API key; an expired one logs in again', async () => {
    const home = tempHome();
    await addProfile(home, 'root', ['--email', 'root@example.com'], ROOT_PASSWORD);
    const realNow = Math.floor(Date.now() / 1000);
    fake.setNow(realNow - 86400 + 120); // the token will expire in 2 minutes of real time
    const first = json(await runTobira(['login', 'root', '--json'], { home, env }));
    const sessions = fake.sessionsIssued;
    const tokens = fake.tokensIssued;
    const refreshed = json(await runTobira(['login', 'root', '--json'], { home, env }));
    expect(refreshed.apiKey).toBe(first.apiKey);
    expect(refreshed.token).not.toBe(first.token);
    expect(fake.sessionsIssued).toBe(sessions);
    expect(fake.tokensIssued).toBe(tokens + 1);

    fake.setNow(realNow - 86400 - 60); // tokens from now on are already expired
    await runTobira(['login', 'root', '--force'], { home, env });
    fake.setNow(undefined);
    const relogged = json(await runTobira(['login', 'root', '--json'], { home, env }));
    expect(relogged.apiKey).not.toBe(first.apiKey);
    expect(Date.parse(String(relogged.expiration))).toBeGreaterThan(Date.now() + 86000_000);
  });
});

describe('SORACOM unreachable or overloaded', () => {
  it('retries 5xx/429 with backoff and succeeds when the service recovers', async () => {
    const home = tempHome();
    await addProfile(home, 'root', ['--email', 'root@example.com'], ROOT_PASSWORD);
    fake.failNext(2, 429);
    expect((await runTobira(['login', 'root'], { home, env })).code).toBe(0);
  });

  it('gives up after the retry limit with exit 4', async () => {
    const home = tempHome();
    await addProfile(home, 'root', ['--email', 'root@example.com'], ROOT_PASSWORD);
    fake.failNext(3, 503);
    const login = await runTobira(['login', 'root'], { home, env });
    expect(login.code).toBe(4);
    expect(login.stderr).toMatch(/SORACOM API cannot be reached \(HTTP 503, after 3 attempts\)/);
    const down = await runTobira(['login', 'root'], {
      home,
      env: { ...env, TOBIRA_ENDPOINT_SORACOM: `http://127.0.0.1:${await closedPort()}` },
    });
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(/ECONNREFUSED/);
  });
});

describe('SORACOM switch user', () => {
  it('switches with the source session, reusing it, and a denial is exit 3', async () => {
    const home = tempHome();
    const target = fake.addOperator({ email: 'other@example.com', password: 'x' }).operatorId;
    fake.addSamUser({ operatorId: target, userName: 'ops', trustPolicy: trustPolicyFor([{ operatorId }]) });
    fake.addSamUser({ operatorId: target, userName: 'closed' });
    await addProfile(home, 'root', ['--email', 'root@example.com'], ROOT_PASSWORD);
    for (const [name, user] of [
      ['ops', 'ops'],
      ['closed', 'closed'],
    ]) {
      const add = await runTobira(
        [
          'profile',
          'add',
          name as string,
          '--type',
          'soracom-switch',
          '--source',
          'root',
          '--operator-id',
          target,
          '--user',
          user as string,
          '--ttl',
          '900',
        ],
        { home, env },
      );
      expect(add.code, add.stderr).toBe(0);
    }
    const before = fake.sessionsIssued;
    const ops = await runTobira(['login', 'ops', '--json'], { home, env });
    expect(ops.code, ops.stderr).toBe(0);
    expect(json(ops)).toMatchObject({ operatorId: target, userName: 'ops' });
    expect(Date.parse(String(json(ops).expiration)) - Date.now()).toBeLessThanOrEqual(900_000);
    const switchBody = JSON.parse(
      fake.requests.filter((request) => request.path === '/v1/auth/switch_user').at(-1)?.body ?? '{}',
    );
    expect(switchBody).toEqual({ operatorId: target, userName: 'ops', tokenTimeoutSeconds: 900 });
    expect(fake.sessionsIssued - before).toBe(2); // the source login + the switched session

    const denied = await runTobira(['login', 'closed'], { home, env });
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(/refused to switch from root to closed@/);
    expect(fake.sessionsIssued - before).toBe(2); // the source session was reused, not logged in again
  });
});

describe('soracom-profile export (soracom-cli profileCommand)', () => {
  it('prints only the JSON object, with a fresh code for MFA users, and never reads stdin', async () => {
    const home = tempHome();
    await addProfile(home, 'm', ['--operator-id', operatorId, '--user', 'mfa-export'], SAM_PASSWORD);
    const secret = fake.samUser(operatorId, 'mfa-export')?.mfa.secret as string;
    await runTobira(['mfa', 'set', 'm'], { home, env, input: `${secret}\n` });
    // stdin stays open: a command that read it would hang here.
    const child = spawnTobira(['export', 'm', '--format', 'soracom-profile'], { home, env, input: null });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const object = JSON.parse(stdout) as Record<string, string>;
    expect(Object.keys(object).sort()).toEqual(['mfaOTPCode', 'operatorId', 'password', 'username']);
    expect(object.mfaOTPCode).toMatch(/^\d{6}$/);
  });
});

describe('secrets stay secret', () => {
  it('the canary passwords appear in no file of TOBIRA_HOME and no output', async () => {
    const home = tempHome();
    const outputs: string[] = [];
    const run = async (args: string[], input?: string) => {
      const result = await runTobira(args, { home, env, ...(input !== undefined ? { input } : {}) });
      outputs.push(result.stdout, result.stderr);
    };
    await run(
      ['profile', 'add', 'root', '--type', 'soracom', '--email', 'root@example.com'],
      `${ROOT_PASSWORD}\n`,
    );
    await run(
      ['profile', 'add', 'sam', '--type', 'soracom', '--operator-id', operatorId, '--user', 'alice'],
      `${SAM_PASSWORD}\n`,
    );
    await run(
      ['profile', 'add', 'wrong', '--type', 'soracom', '--email', 'root@example.com'],
      `${SAM_PASSWORD}\n`,
    );
    for (const name of ['root', 'sam', 'wrong']) {
      await run(['login', name]);
      await run(['login', name, '--json']);
      await run(['export', name]);
      await run(['profile', 'show', name, '--json']);
    }
    await run(['status']);
    await run(['profile', 'list', '--json']);
    expect(filesContaining(home, ROOT_PASSWORD)).toEqual([]);
    expect(filesContaining(home, SAM_PASSWORD)).toEqual([]);
    for (const output of outputs) {
      expect(output).not.toContain(ROOT_PASSWORD);
      expect(output).not.toContain(SAM_PASSWORD);
    }
  });
});
