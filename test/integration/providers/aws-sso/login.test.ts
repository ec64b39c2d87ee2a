import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addSession, ssoWorld, type SsoWorld } from './world';

let world: SsoWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function cacheFile(w: SsoWorld, session: string): string {
  return join(w.userHome, '.aws', 'sso', 'cache', `${createHash('sha1').update(session).digest('hex')}.json`);
}

async function addRole(w: SsoWorld, name: string, accountId: string, roleName: string): Promise<void> {
  const added = await w.run([
    'profile',
    'add',
    name,
    '--type',
    'aws-sso',
    '--session',
    'org',
    '--account-id',
    accountId,
    '--role-name',
    roleName,
  ]);
  expect(added.code, added.stderr).toBe(0);
}

describe('aws-sso-session login', () => {
  it('signs in through the browser (auth code + PKCE) and writes the AWS CLI token cache, 0600', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    const login = await w.run(['login', 'org']);
    expect(login.code, login.stderr).toBe(0);
    const opened = readFileSync(w.browserLog, 'utf8').trim().split('\n');
    expect(opened).toHaveLength(1);
    const url = new URL(opened[0] ?? '');
    expect(url.pathname).toBe('/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    const registration = w.sso.clients[0];
    expect(registration?.grantTypes).toEqual(['authorization_code', 'refresh_token']);
    expect(registration?.issuerUrl).toBe(w.sso.startUrl);

    const path = cacheFile(w, 'org');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const cached = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    expect(cached).toMatchObject({ startUrl: w.sso.startUrl, region: w.sso.region });
    expect(cached.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(cached.accessToken).toBe(w.sso.tokens[0]?.accessToken);
    expect(Object.keys(cached).sort()).toEqual(
      [
        'accessToken',
        'clientId',
        'clientSecret',
        'expiresAt',
        'refreshToken',
        'region',
        'registrationExpiresAt',
        'startUrl',
      ].sort(),
    );
    // Secrets of the sign-in never reach profiles.json or the output.
    const profiles = readFileSync(join(w.home, 'profiles.json'), 'utf8');
    for (const secret of [cached.accessToken, cached.refreshToken, cached.clientSecret]) {
      expect(profiles).not.toContain(secret);
      expect(login.stdout + login.stderr).not.toContain(secret);
    }
  });

  it('with --no-browser prints the verification URL and code, and polls until the person approves', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    const child = w.spawn(['login', 'org', '--no-browser']);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const code = /user_code=([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1];
      if (code && w.sso.devices[0]?.state === 'pending') setTimeout(() => w.sso.approveDevice(code), 300);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`${w.sso.oidcOrigin}/device`);
    expect(w.sso.devices[0]?.state).toBe('used');
    expect(existsSync(cacheFile(w, 'org'))).toBe(true);
    expect(existsSync(w.browserLog)).toBe(false);
  });

  it('falls back to a code when no browser can be opened (SSH, a server)', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    const child = w.spawn(['login', 'org'], { TOBIRA_BROWSER: '/nonexistent/browser' });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const code = /user_code=([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1];
      if (code && w.sso.devices[0]?.state === 'pending') setTimeout(() => w.sso.approveDevice(code), 300);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('signing in with a code instead');
    expect(w.sso.devices[0]?.state).toBe('used');
  });

  it('uses a token the AWS CLI cached (aws sso login) without signing in, and refreshes an expired one', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    expect((await w.run(['login', 'org'])).code).toBe(0);
    const tokens = w.sso.tokens.length;
    // Another tobira home on this machine (or the AWS CLI) finds the token in ~/.aws/sso/cache.
    const other = `${w.home}-2`;
    const add = (home: string) => [
      '--home',
      home,
      'profile',
      'add',
      'org',
      '--type',
      'aws-sso-session',
      '--start-url',
      w.sso.startUrl,
      '--sso-region',
      w.sso.region,
    ];
    expect((await w.run(add(other))).code).toBe(0);
    const reuse = await w.run(['--home', other, 'login', 'org']);
    expect(reuse.code, reuse.stderr).toBe(0);
    expect(w.sso.tokens.length).toBe(tokens);
    expect(readFileSync(w.browserLog, 'utf8').trim().split('\n')).toHaveLength(1);

    // The cached token expired: the refresh token renews it without a browser, and the file gets the new tokens.
    const old = JSON.parse(readFileSync(cacheFile(w, 'org'), 'utf8')) as Record<string, string>;
    writeFileSync(cacheFile(w, 'org'), JSON.stringify({ ...old, expiresAt: '2020-01-01T00:00:00Z' }), {
      mode: 0o600,
    });
    // (a third home: the second one's own cache still holds the token, which the portal still accepts)
    const third = `${w.home}-3`;
    expect((await w.run(add(third))).code).toBe(0);
    const refreshed = await w.run(['--home', third, 'login', 'org']);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    const now = JSON.parse(readFileSync(cacheFile(w, 'org'), 'utf8')) as Record<string, string>;
    expect(now.accessToken).not.toBe(old.accessToken);
    expect(now.refreshToken).not.toBe(old.refreshToken);
    expect(now.clientSecret).toBe(old.clientSecret);
    expect(readFileSync(w.browserLog, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('logout ends the portal session and removes the cached token', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    expect((await w.run(['login', 'org'])).code).toBe(0);
    const out = await w.run(['logout', 'org']);
    expect(out.code, out.stderr).toBe(0);
    expect(w.sso.portalRequests.some((request) => request.path === '/logout')).toBe(true);
    expect(w.sso.tokens[0]?.revoked).toBe(true);
    expect(existsSync(cacheFile(w, 'org'))).toBe(false);
  });

  it('logout ends a sign-in only the AWS CLI holds (aws sso login), and says so', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    // A sign-in made elsewhere (here another tobira home), left in ~/.aws/sso/cache with the fields and only the
    // fields `aws sso login` writes; this home never held the session.
    const other = `${w.home}-cli`;
    const add = await w.run([
      '--home',
      other,
      'profile',
      'add',
      'org',
      '--type',
      'aws-sso-session',
      '--start-url',
      w.sso.startUrl,
      '--sso-region',
      w.sso.region,
    ]);
    expect(add.code, add.stderr).toBe(0);
    expect((await w.run(['--home', other, 'login', 'org'])).code).toBe(0);
    const written = JSON.parse(readFileSync(cacheFile(w, 'org'), 'utf8')) as Record<string, string>;
    const cliFields = [
      'startUrl',
      'region',
      'accessToken',
      'expiresAt',
      'clientId',
      'clientSecret',
      'registrationExpiresAt',
      'refreshToken',
    ];
    writeFileSync(
      cacheFile(w, 'org'),
      JSON.stringify(Object.fromEntries(cliFields.map((field) => [field, written[field]]))),
      { mode: 0o600 },
    );

    const out = await w.run(['logout', 'org']);
    expect(out.code, out.stderr).toBe(0);
    expect(w.sso.portalRequests.some((request) => request.path === '/logout')).toBe(true);
    expect(w.sso.tokens.find((token) => token.accessToken === written.accessToken)?.revoked).toBe(true);
    expect(existsSync(cacheFile(w, 'org'))).toBe(false);
    expect(out.stderr).toContain(cacheFile(w, 'org'));
    expect(out.stderr).not.toContain('had no session');
    expect(out.stderr).not.toContain(written.accessToken);

    // Nothing left: a second logout says there was no session, and calls nobody.
    const requests = w.sso.portalRequests.length;
    const again = await w.run(['logout', 'org']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('had no session');
    expect(w.sso.portalRequests.length).toBe(requests);
  });
});

describe('the aws-sso-session profile itself', () => {
  it('has no AWS credentials: export, exec, credential-process and console exit 2 naming its role profiles', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    expect((await w.run(['login', 'org'])).code).toBe(0);
    const commands = [
      ['export', 'org'],
      ['export', 'org', '--format', 'json'],
      ['export', 'org', '--format', 'fish'],
      ['export', 'org', '--format', 'powershell'],
      ['exec', 'org', '--', 'true'],
      ['exec', 'org', '--server', '--', 'true'],
      ['credential-process', 'org'],
      ['console', 'org', '--print'],
    ];
    for (const args of commands) {
      const out = await w.run(args);
      expect(out.code, `${args.join(' ')}: ${out.stderr}`).toBe(2);
      expect(out.stdout, args.join(' ')).toBe('');
      expect(out.stderr, args.join(' ')).toContain('no AWS credentials of its own');
      expect(out.stderr, args.join(' ')).toContain('tobira sso sync org');
    }
    const ja = await w.run(['--lang', 'ja', 'export', 'org']);
    expect(ja.code).toBe(2);
    expect(ja.stderr).toContain('tobira sso sync org');
    expect(ja.stderr).toContain('ロール');
  });
});

describe('aws-sso role profiles', () => {
  it('login, export, exec and credential-process give the role credentials, usable at STS', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    await addRole(w, 'prod-admin', '111111111111', 'AdministratorAccess');
    const login = await w.run(['login', 'prod-admin', '--json']);
    expect(login.code, login.stderr).toBe(0);
    const json = JSON.parse(login.stdout) as Record<string, string>;
    expect(json).toMatchObject({ profile: 'prod-admin', provider: 'aws', accountId: '111111111111' });
    expect(json.expiration).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(w.aws.sessions.some((session) => session.accessKeyId === json.accessKeyId)).toBe(true);

    const process = await w.run(['credential-process', 'prod-admin']);
    expect(process.code, process.stderr).toBe(0);
    expect(JSON.parse(process.stdout)).toMatchObject({ Version: 1, AccessKeyId: json.accessKeyId });

    const exec = await w.run([
      'exec',
      'prod-admin',
      '--',
      'sh',
      '-c',
      'echo "$AWS_ACCESS_KEY_ID $AWS_REGION"',
    ]);
    expect(exec.code, exec.stderr).toBe(0);
    expect(exec.stdout.trim()).toBe(`${json.accessKeyId} ${w.sso.region}`);
  });

  it('a role not assigned is exit 3 with what to do', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    await addRole(w, 'nope', '222222222222', 'AdministratorAccess');
    const login = await w.run(['login', 'nope']);
    expect(login.code).toBe(3);
    expect(login.stderr).toContain('AdministratorAccess');
    expect(login.stderr).toContain('222222222222');
  });

  it('a token revoked at the portal gets one fresh sign-in and the role still works', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    await addRole(w, 'stg', '222222222222', 'Developer');
    expect((await w.run(['login', 'org'])).code).toBe(0);
    for (const token of w.sso.tokens) token.revoked = true;
    const login = await w.run(['login', 'stg']);
    expect(login.code, login.stderr).toBe(0);
    expect(readFileSync(w.browserLog, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('console prints a federation sign-in URL for the role', async () => {
    const w = (world = await ssoWorld());
    await addSession(w);
    await addRole(w, 'prod-ro', '111111111111', 'ReadOnly');
    const out = await w.run(['console', 'prod-ro', '--print']);
    expect(out.code, out.stderr).toBe(0);
    const url = new URL(out.stdout.trim());
    expect(url.pathname).toBe('/federation');
    expect(url.searchParams.get('Action')).toBe('login');
    expect(url.searchParams.get('SigninToken')).toBeTruthy();
  });
});
