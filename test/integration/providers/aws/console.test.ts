import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LAUNCH_TARGET_MODULE } from '../../../harness/launch-target.mjs';
import { addProfiles, adminRoleArgs, awsWorld, CANARY_SECRET, type AwsWorld } from './fixture';

const worlds: AwsWorld[] = [];
afterEach(async () => {
  for (const created of worlds.splice(0)) await created.fake.close();
});
async function world(): Promise<AwsWorld> {
  const created = await awsWorld({ mfa: false });
  worlds.push(created);
  await addProfiles(created, { mfa: false });
  return created;
}

function signinCalls(w: AwsWorld) {
  return w.fake.requests
    .filter((r) => r.path === '/federation' && r.method === 'POST')
    .map((r) => new URLSearchParams(r.body));
}

describe('tobira console (AWS)', () => {
  it('--print prints exactly the federation login URL for a chained role, without SessionDuration', async () => {
    const w = await world();
    const result = await w.run(['console', 'admin', '--print']);
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const url = new URL(result.stdout.trim());
    expect(url.origin + url.pathname).toBe(`${w.fake.origin}/federation`);
    expect(url.searchParams.get('Action')).toBe('login');
    expect(url.searchParams.get('Issuer')).toBe('tobira');
    expect(url.searchParams.get('Destination')).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/console/home?region=ap-northeast-1',
    );
    expect(url.searchParams.get('SigninToken')).toBe(w.fake.signins[0]?.token);
    const [post] = signinCalls(w);
    expect(post?.get('Action')).toBe('getSigninToken');
    expect(post?.has('SessionDuration')).toBe(false); // GetSessionToken → AssumeRole is role chaining
    expect(Object.keys(JSON.parse(post?.get('Session') ?? '{}') as object)).toEqual([
      'sessionId',
      'sessionKey',
      'sessionToken',
    ]);
    // The token was never sent in a URL.
    expect(w.fake.requests.some((r) => r.path === '/federation' && r.url.includes('Session='))).toBe(false);
    expect(result.stderr).not.toContain(url.searchParams.get('SigninToken') ?? '-');

    const region = await w.run(['console', 'admin', '--print', '--region', 'eu-west-1', '--logout-first']);
    const hop = new URL(region.stdout.trim());
    expect(hop.pathname).toBe('/oauth');
    expect(hop.searchParams.get('Action')).toBe('logout');
    const inner = new URL(hop.searchParams.get('redirect_uri') ?? '');
    expect(inner.searchParams.get('Destination')).toBe(
      'https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1',
    );
    const bad = await w.run(['console', 'admin', '--print', '--destination', 'https://evil.example.com/']);
    expect(bad.code).toBe(2);
  });

  it('a role assumed from long-term keys asks for a 12-hour console; an IAM user goes through GetFederationToken', async () => {
    const w = await world();
    const add = await w.run(adminRoleArgs('long', '--duration', '14400'));
    expect(add.code).toBe(0);
    expect((await w.run(['console', 'long', '--print'])).code).toBe(0);
    expect(signinCalls(w).at(-1)?.get('SessionDuration')).toBe('43200');

    const user = await w.run([
      'console',
      'alice',
      '--print',
      '--destination',
      'https://console.aws.amazon.com/s3/home',
    ]);
    expect(user.code).toBe(0);
    const federation = w.fake.calls.find((call) => call.action === 'GetFederationToken');
    expect(federation?.accessKeyId).toBe(w.user.accessKeyId);
    expect(federation?.params.Name).toBe('alice');
    expect(JSON.parse(federation?.params.Policy ?? '{}')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(signinCalls(w).at(-1)?.has('SessionDuration')).toBe(false);
    expect(new URL(user.stdout.trim()).searchParams.get('Destination')).toBe(
      'https://console.aws.amazon.com/s3/home',
    );
    expect(w.fake.signins.at(-1)?.session.kind).toBe('federation-token');
    expect(user.stdout + user.stderr).not.toContain(CANARY_SECRET);
  });

  it('opens the browser on a one-shot loopback URL that 302s to the login URL; the token is never in argv', async () => {
    const w = await world();
    const report = join(w.userHome, 'browser.json');
    const browser = join(w.userHome, 'browser.mjs');
    writeFileSync(
      browser,
      `import { writeFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchTarget } from ${JSON.stringify(LAUNCH_TARGET_MODULE)};
const launch = process.argv.at(-1);
const url = launchTarget(launch);
const mode = statSync(fileURLToPath(launch)).mode & 0o777;
const folderMode = statSync(fileURLToPath(new URL('.', launch))).mode & 0o777;
const first = await fetch(url, { redirect: 'manual' });
const location = first.headers.get('location');
const second = await fetch(url, { redirect: 'manual' }).then((r) => r.status, () => 0);
const login = await fetch(location, { redirect: 'manual' });
writeFileSync(${JSON.stringify(report)}, JSON.stringify({
  argv: process.argv.slice(2), url, mode, folderMode,
  cmdline: (await import('node:fs')).readFileSync('/proc/self/cmdline', 'utf8'),
  status: first.status, location,
  cacheControl: first.headers.get('cache-control'), referrerPolicy: first.headers.get('referrer-policy'),
  second, login: login.status, console: login.headers.get('location'),
}));
`,
    );
    const result = await w.run(['console', 'admin'], '', {
      TOBIRA_BROWSER: `${process.execPath} ${browser}`,
    });
    expect(result.stderr).toContain('Opened the console for admin');
    expect(result.code).toBe(0);
    // The browser is detached: tobira is done once it was redirected, the script may still be writing its report.
    for (let waited = 0; !existsSync(report) && waited < 10_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    const seen = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown> & {
      argv: string[];
      url: string;
      location: string;
    };
    const token = w.fake.signins[0]?.token ?? '';
    expect(token.length).toBeGreaterThan(20);
    // The browser's argv holds only a launch file (0600 in a 0700 folder of the data folder), which forwards to the
    // one-shot loopback URL; the file is gone once tobira is done.
    expect(seen.argv).toHaveLength(1);
    expect(seen.argv[0]).toMatch(new RegExp(`^file://${w.home}/launch/[0-9a-f]{32}\\.html$`));
    expect(seen.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}$/);
    expect(JSON.stringify(seen.argv) + String(seen.cmdline)).not.toContain(token);
    expect(JSON.stringify(seen.argv) + String(seen.cmdline)).not.toContain(seen.url);
    expect([seen.mode, seen.folderMode]).toEqual([0o600, 0o700]);
    expect(existsSync(fileURLToPath(seen.argv[0] ?? ''))).toBe(false);
    expect(seen.status).toBe(302);
    expect(seen.cacheControl).toBe('no-store');
    expect(seen.referrerPolicy).toBe('no-referrer');
    expect(new URL(seen.location).searchParams.get('SigninToken')).toBe(token);
    expect(seen.location.startsWith(`${w.fake.origin}/federation?Action=login`)).toBe(true);
    // One shot: the second request finds nothing (the server is gone or answers 404).
    expect([0, 404]).toContain(seen.second);
    expect(seen.login).toBe(302);
    expect(String(seen.console)).toContain(`/console?`);
    expect(result.stdout).toBe('');
  });

  it('times out (exit 1) when the browser never asks, and says how to print the URL instead', async () => {
    const w = await world();
    const result = await w.run(['console', 'admin'], '', {
      TOBIRA_BROWSER: 'true',
      TOBIRA_CONSOLE_REDIRECT_TIMEOUT_MS: '300',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--print');
  });
});
