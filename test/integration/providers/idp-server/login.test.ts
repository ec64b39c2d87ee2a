import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { runTobira, tempHome, type CliResult } from '../../../harness/cli';
import { internalOtpConfig, passwordAndOtpPolicy } from '../../../fakes/idp-server';
import {
  addProfile,
  codeCommand,
  EMAIL,
  parsed,
  PASSWORD,
  PHONE,
  runOnTty,
  setCommand,
  startWorld,
  type IdpWorld,
} from './fixture';

let world: IdpWorld;
const outputs: CliResult[] = [];
const homes: string[] = [];

async function tobira(args: string[], home: string, input?: string): Promise<CliResult> {
  const result = await runTobira(args, { home, env: world.env, ...(input !== undefined ? { input } : {}) });
  outputs.push(result);
  return result;
}

function newHome(): string {
  const home = tempHome('tobira-idp-');
  homes.push(home);
  return home;
}

const challenges = (method = 'sms') =>
  world.fake.requests.filter((request) => request.path.endsWith(`/${method}-authentication-challenge`))
    .length;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => world.close());
afterEach(() => {
  world.fake.resetClock();
  world.fake.failChallenges = undefined;
});

describe('idp-server login: password, then a one-time code', () => {
  it('SMS: logs in through an mfa --command, shows both methods, and caches the tokens', async () => {
    const home = newHome();
    await addProfile(world, home, 'idp');
    await setCommand(world, home, 'idp', codeCommand(world.fake, PHONE));
    const login = await tobira(['login', 'idp'], home);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain('sent a one-time code by SMS');
    expect(login.stdout).toMatch(
      /Logged in idp as alice @ http:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+, until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/,
    );
    expect(login.stdout).toMatch(/methods\s+password, sms/);

    const before = challenges();
    const json = await tobira(['login', 'idp', '--json'], home);
    expect(challenges()).toBe(before); // from the cache: no new code
    const body = parsed(json);
    expect(body).toMatchObject({ profile: 'idp', provider: 'idp-server', tokenType: 'Bearer' });
    expect(body.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(world.fake.accessTokens.get(body.accessToken)?.grant).toBe('authorization_code');
    const claims = JSON.parse(
      Buffer.from(body.idToken?.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims.amr).toEqual(['password', 'sms']);

    // The token request carried a PKCE verifier; the authorization request an S256 challenge and a state.
    const authorization = world.fake.requests
      .filter((request) => request.path.endsWith('/v1/authorizations'))
      .at(-1);
    expect(authorization?.query.get('code_challenge_method')).toBe('S256');
    expect(authorization?.query.get('state')).toMatch(/.{20,}/);
    const tokenRequest = world.fake.requests.filter((request) => request.path.endsWith('/v1/tokens')).at(-1);
    expect(new URLSearchParams(tokenRequest?.body).get('code_verifier')).toMatch(/^[\w-]{43,128}$/);
  });

  it('e-mail: --otp email sends the code to the registered address', async () => {
    const home = newHome();
    await addProfile(world, home, 'mail', ['--otp', 'email']);
    await setCommand(world, home, 'mail', codeCommand(world.fake, EMAIL));
    const login = await tobira(['login', 'mail', '--json'], home);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain('by e-mail');
    expect(world.fake.outbox.at(-1)).toMatchObject({ method: 'email', to: EMAIL });
    const claims = JSON.parse(
      Buffer.from(parsed(login).idToken?.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims.amr).toEqual(['password', 'email']);
  });

  it('export env, json and exec hand the tokens to tools', async () => {
    const home = newHome();
    await addProfile(world, home, 'idp');
    await setCommand(world, home, 'idp', codeCommand(world.fake, PHONE));
    const json = parsed(await tobira(['export', 'idp', '--format', 'json'], home));
    const env = await tobira(['export', 'idp', '--format', 'env'], home);
    const shell = spawnSync(
      'sh',
      [
        '-c',
        'eval "$1"; printf "%s|%s|%s" "$IDP_ACCESS_TOKEN" "$IDP_ID_TOKEN" "$IDP_TOKEN_TYPE"',
        'sh',
        env.stdout,
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(shell.stdout).toBe(`${json.accessToken}|${json.idToken}|Bearer`);
    const exec = await tobira(
      [
        'exec',
        'idp',
        '--',
        process.execPath,
        '-e',
        'process.stdout.write(process.env.IDP_ACCESS_TOKEN ?? "")',
      ],
      home,
    );
    expect(exec.code, exec.stderr).toBe(0);
    expect(exec.stdout).toBe(json.accessToken);
  });
});

describe('idp-server login errors', () => {
  it('a wrong password is exit 3 and sends no code', async () => {
    const home = newHome();
    await addProfile(world, home, 'bad', [], 'not-the-password');
    const before = challenges();
    const login = await tobira(['login', 'bad', '--mfa-code', '123456'], home);
    expect(login.code).toBe(3);
    expect(login.stderr).toContain('rejected the user name or password');
    expect(challenges()).toBe(before);
    expect(parsed(await tobira(['status', '--json'], home))).toEqual([
      { profile: 'bad', type: 'idp-server', state: 'none', expiration: null },
    ]);
  });

  it('a wrong code is exit 3 and says a new code makes old ones invalid', async () => {
    const home = newHome();
    await addProfile(world, home, 'idp');
    const code = await tobira(['login', 'idp', '--mfa-code', '00000000'], home);
    expect(code.code).toBe(3);
    expect(code.stderr).toMatch(
      /rejected the SMS code: it is not the code that was sent.*a new code makes earlier ones invalid/,
    );
  });

  it('an expired code is exit 3 and says to log in again', async () => {
    const home = newHome();
    await addProfile(world, home, 'idp');
    await setCommand(world, home, 'idp', codeCommand(world.fake, PHONE, 301));
    const login = await tobira(['login', 'idp'], home);
    expect(login.code).toBe(3);
    expect(login.stderr).toContain('The SMS code has expired. Run tobira login again');
  });

  it('no phone number registered, no configuration, a policy the profile cannot satisfy', async () => {
    const home = newHome();
    const noPhone = await runTobira(
      [
        'profile',
        'add',
        'np',
        '--type',
        'idp-server',
        '--issuer',
        world.fake.issuer(world.tenant),
        '--client-id',
        'tobira-cli',
        '--username',
        'nophone',
      ],
      { home, env: world.env, input: `${PASSWORD}\n` },
    );
    expect(noPhone.code).toBe(0);
    const np = await tobira(['login', 'np', '--mfa-code', '123456'], home);
    expect(np.code).toBe(1);
    expect(np.stderr).toContain('no phone number registered');

    const bare = world.fake.addTenant().id;
    world.fake.addClient(bare, { clientId: 'tobira-cli' });
    world.fake.addUser(bare, { username: 'alice', password: PASSWORD, phoneNumber: PHONE, email: EMAIL });
    world.fake.putPolicy(bare, passwordAndOtpPolicy('sms'));
    await addProfile(world, home, 'bare', [], PASSWORD, bare);
    const missing = await tobira(['login', 'bare', '--mfa-code', '123456'], home);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The tenant has no SMS authentication configuration');
    expect(missing.stderr).toContain('tobira idp-server mfa-setup');

    // The tenant demands SMS; a profile that answers by e-mail gets through the e-mail step but not authorize.
    world.fake.putAuthConfig(bare, internalOtpConfig('email'));
    await addProfile(world, home, 'wrongfactor', ['--otp', 'email'], PASSWORD, bare);
    await setCommand(world, home, 'wrongfactor', codeCommand(world.fake, EMAIL));
    const policy = await tobira(['login', 'wrongfactor'], home);
    expect(policy.code).toBe(3);
    expect(policy.stderr).toContain(
      'its authentication policy is not satisfied (authentication is required)',
    );
  });

  it('the SMS delivery service down is exit 4, with exactly one challenge and no retry', async () => {
    const home = newHome();
    await addProfile(world, home, 'idp');
    world.fake.failChallenges = {
      status: 502,
      body: {
        error: 'external_service_error',
        error_description: 'Failed to authenticate with the external service.',
      },
    };
    const before = challenges();
    const login = await tobira(['login', 'idp', '--mfa-code', '123456'], home);
    expect(login.code).toBe(4);
    expect(login.stderr).toContain('could not send the SMS code');
    expect(challenges() - before).toBe(1);
  });

  it('no way to get the code is exit 5 and says how to provide one', async () => {
    const home = newHome();
    await addProfile(world, home, 'idp');
    const login = await tobira(['login', 'idp'], home);
    expect(login.code).toBe(5);
    expect(login.stderr).toContain('tobira mfa set idp --command');
  });

  it('a stored TOTP secret is refused for idp-server (its codes come by SMS or e-mail)', async () => {
    const home = newHome();
    await addProfile(world, home, 'idp');
    await tobira(['mfa', 'set', 'idp'], home, 'JBSWY3DPEHPK3PXP\n');
    const login = await tobira(['login', 'idp'], home);
    expect(login.code).toBe(2);
    expect(login.stderr).toContain('tobira mfa remove idp');
  });

  it('unknown issuer and unregistered redirect URI', async () => {
    const home = newHome();
    const add = await runTobira(
      [
        'profile',
        'add',
        'nowhere',
        '--type',
        'idp-server',
        '--issuer',
        `${world.fake.origin}/no-such-tenant`,
        '--client-id',
        'x',
        '--username',
        'alice',
      ],
      { home, env: world.env, input: `${PASSWORD}\n` },
    );
    expect(add.code).toBe(0);
    const nowhere = await tobira(['login', 'nowhere'], home);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain('No OpenID Provider configuration at');
    await addProfile(world, home, 'redir', ['--redirect-uri', 'http://127.0.0.1:9/elsewhere']);
    const redirect = await tobira(['login', 'redir', '--mfa-code', '123456'], home);
    expect(redirect.code).toBe(3);
    expect(redirect.stderr).toContain(
      'refused the authorization request (invalid_request: redirect_uri is not registered)',
    );
  });

  it('profile add refuses plain http off loopback, a missing --username and an issuer without tenant', async () => {
    const home = newHome();
    const cases = [
      ['--issuer', 'http://idp.example.com/t', '--client-id', 'c', '--username', 'u'],
      ['--issuer', world.fake.issuer(world.tenant), '--client-id', 'c'],
      ['--issuer', 'https://idp.example.com', '--client-id', 'c', '--username', 'u'],
    ];
    for (const args of cases) {
      const result = await runTobira(['profile', 'add', 'x', '--type', 'idp-server', ...args], {
        home,
        env: world.env,
        input: `${PASSWORD}\n`,
      });
      expect(result.code, result.stderr).toBe(2);
    }
  });
});

describe('idp-server codes typed at a terminal', () => {
  it('"r" sends a new code that invalidates the first; a mistyped code may be typed again', async () => {
    const home = newHome();
    await addProfile(world, home, 'tty');
    let step = 0;
    let first = '';
    const result = await runOnTty(['login', 'tty'], home, world.env, (output) => {
      if (!output.includes('(or "r" to send a new code)')) return undefined;
      step += 1;
      if (step === 1) {
        first = world.fake.lastCode(PHONE) ?? '';
        return 'r';
      }
      if (step === 2) return first; // the old code: no longer valid
      return world.fake.lastCode(PHONE);
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('A new SMS code was sent. The previous code no longer works');
    if (first !== world.fake.lastCode(PHONE))
      expect(result.output).toContain('That SMS code is wrong. Type it again');
    expect(result.output).toContain('Logged in tty as alice');
  });

  it('the retry limit ends the login with exit 3', async () => {
    const home = newHome();
    await addProfile(world, home, 'tty');
    const result = await runOnTty(['login', 'tty'], home, world.env, (output) =>
      output.includes('(or "r" to send a new code)')
        ? world.fake.lastCode(PHONE) === '999999'
          ? '888888'
          : '999999'
        : undefined,
    );
    expect(result.code, result.output).toBe(3);
    expect(result.output).toContain('the limit of 5 attempts is reached');
  });
});

describe('idp-server refresh', () => {
  let short: IdpWorld;
  beforeAll(async () => {
    // Access tokens shorter than the cache's 5-minute margin: every later command refreshes.
    short = await startWorld({ accessTokenSeconds: 120 });
  });
  afterAll(async () => short.close());

  it('refreshes with the refresh token (no password, no code) and logs in again when it is refused', async () => {
    const home = newHome();
    await addProfile(short, home, 'idp');
    await setCommand(short, home, 'idp', codeCommand(short.fake, PHONE));
    const first = parsed(await runTobira(['login', 'idp', '--json'], { home, env: short.env }));
    const passwordsBefore = short.fake.requests.filter((request) =>
      request.path.endsWith('/password-authentication'),
    ).length;
    const second = await runTobira(['export', 'idp', '--format', 'json'], { home, env: short.env });
    outputs.push(second);
    expect(second.code, second.stderr).toBe(0);
    expect(short.fake.grants.refresh_token).toBe(1);
    expect(
      short.fake.requests.filter((request) => request.path.endsWith('/password-authentication')).length,
    ).toBe(passwordsBefore);
    const refreshed = parsed(second);
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(short.fake.accessTokens.get(refreshed.accessToken)?.grant).toBe('refresh_token');
    expect(refreshed.idToken).toBe(first.idToken); // kept from the login

    // Revoke the refresh token on the server side: the next command signs in fully again.
    short.fake.advance(3601);
    const third = await runTobira(['login', 'idp', '--json'], { home, env: short.env });
    short.fake.resetClock();
    outputs.push(third);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain('The refresh token is no longer accepted');
    expect(short.fake.accessTokens.get(parsed(third).accessToken)?.grant).toBe('authorization_code');
  });
});

describe('idp-server secrets', () => {
  it('the password and the tokens are never in files, logs or argv', () => {
    const tokens = [...world.fake.accessTokens.keys()];
    expect(tokens.length).toBeGreaterThan(3);
    for (const home of homes.filter((dir) => existsSync(dir))) {
      expect(filesContaining(home, PASSWORD)).toEqual([]);
      for (const token of tokens.slice(0, 20)) expect(filesContaining(home, token)).toEqual([]);
    }
    for (const result of outputs) {
      expect(result.stderr).not.toContain(PASSWORD);
      for (const token of tokens) expect(result.stderr).not.toContain(token);
    }
    // argv: the code command got the fake's origin and the phone number only; tobira got no secret flag.
    for (const request of world.fake.requests) expect(request.url).not.toContain(PASSWORD);
  });
});
