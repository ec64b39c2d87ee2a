import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { parse, quote } from 'shell-quote';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { launchChromium } from '../../../harness/chromium';
import { CLI_PATH, FILE_STORE_ENV, runTobira, tempHome } from '../../../harness/cli';
import { canDropPrivileges, watchProcAsNobody } from '../../../harness/other-user';
import { startFakeAlibaba, type FakeAlibaba, type FakeAlibabaOptions } from '../../../fakes/alibaba';
import { signInAndCaptureRedirect, startBrowserDriver, type BrowserDriver } from './browser-driver';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

let counter = 0;
/** A range of 5 loopback ports below the ephemeral range, different for each test and test process. */
function portRange(): number[] {
  counter += 1;
  const base = 20_000 + ((process.pid * 37 + counter * 5) % 12_000);
  return [base, base + 1, base + 2, base + 3, base + 4];
}

interface World {
  fake: FakeAlibaba;
  driver: BrowserDriver;
  home: string;
  /** HOME of the run: ~/.aliyun lives here. */
  userHome: string;
  ports: number[];
  env: Record<string, string>;
  run(args: string[], extraEnv?: Record<string, string>): ReturnType<typeof runTobira>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(options: FakeAlibabaOptions = {}): Promise<World> {
  const ports = portRange();
  const fake = await startFakeAlibaba({ allowedPorts: ports, ...options });
  const driver = await startBrowserDriver(browser);
  cleanups.push(
    () => fake.close(),
    () => driver.close(),
  );
  const home = tempHome('tobira-alibaba-');
  const userHome = dirname(home);
  const env: Record<string, string> = {
    ...FILE_STORE_ENV,
    HOME: userHome,
    TOBIRA_ENDPOINT_ALIBABA_SIGNIN: fake.origin,
    TOBIRA_ENDPOINT_ALIBABA_OAUTH: fake.origin,
    TOBIRA_OAUTH_PORTS: `${ports[0]}-${ports[4]}`,
    TOBIRA_OAUTH_TIMEOUT_SECONDS: '30',
    TOBIRA_BROWSER: driver.command,
  };
  const run = (args: string[], extraEnv: Record<string, string> = {}) =>
    runTobira(args, { home, env: { ...env, ...extraEnv } });
  const added = await run([
    'profile',
    'add',
    'ali',
    '--type',
    'alibaba',
    '--site',
    'cn',
    '--region',
    'cn-hangzhou',
  ]);
  expect(added.code, added.stderr).toBe(0);
  return { fake, driver, home, userHome, ports, env, run };
}

describe('tobira login (alibaba) through Chromium against oidc-provider', () => {
  it('signs in, caches STS, exports env/json/aliyun-external, exec and link; no token in files, output or argv', async () => {
    const w = await world({ stsSeconds: 3600 });
    const login = await w.run(['login', 'ali']);
    await w.driver.settled();
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain('Waiting for the browser… (up to 30 seconds; Ctrl-C to cancel)');
    expect(login.stdout).toContain('alice');
    expect(w.driver.opened).toHaveLength(1);
    expect(w.driver.visits[0]?.error).toBeUndefined();
    expect(w.driver.visits[0]?.finalText).toContain('You can close this tab');
    // The browser's argv held a launch file only; Chromium followed it to the authorization URL.
    expect(w.driver.opened[0]).toMatch(new RegExp(`^file://${w.home}/launch/[0-9a-f]{32}\\.html$`));
    const authorize = new URL(w.driver.targets[0] as string);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${w.fake.origin}/oauth2/v1/auth`);
    expect(w.driver.opened[0]).not.toContain(authorize.searchParams.get('state'));
    expect(authorize.searchParams.get('client_id')).toBe('4038181954557748008');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${w.ports[0]}/cli/callback`);
    expect(w.fake.grants).toEqual([{ grantType: 'authorization_code' }]);
    const sts = w.fake.issuedSts[0];
    expect(sts).toBeDefined();

    const json = JSON.parse((await w.run(['export', 'ali', '--format', 'json'])).stdout) as Record<
      string,
      string
    >;
    expect(json).toEqual({
      profile: 'ali',
      provider: 'alibaba',
      expiration: sts?.expiration,
      accessKeyId: sts?.accessKeyId,
      accessKeySecret: sts?.accessKeySecret,
      securityToken: sts?.securityToken,
    });
    const env = await w.run(['export', 'ali']);
    expect(env.stdout).toContain(`export ALIBABA_CLOUD_ACCESS_KEY_ID='${sts?.accessKeyId}'`);
    expect(env.stdout).toContain("export ALIBABA_CLOUD_REGION_ID='cn-hangzhou'");
    const external = JSON.parse(
      (await w.run(['export', 'ali', '--format', 'aliyun-external'])).stdout,
    ) as object;
    expect(external).toEqual({
      mode: 'StsToken',
      access_key_id: sts?.accessKeyId,
      access_key_secret: sts?.accessKeySecret,
      sts_token: sts?.securityToken,
      expiration: sts?.expiration,
    });
    const exec = await w.run([
      'exec',
      'ali',
      '--',
      process.execPath,
      '-e',
      'process.stdout.write(process.env.ALIBABA_CLOUD_SECURITY_TOKEN ?? "")',
    ]);
    expect(exec.stdout).toBe(sts?.securityToken);

    // link: the External profile's process_command, run the way the aliyun CLI runs it (no shell), prints STS.
    expect((await w.run(['link', 'ali'])).code).toBe(0);
    const config = JSON.parse(readFileSync(join(w.userHome, '.aliyun', 'config.json'), 'utf8')) as {
      profiles: Array<{ name: string; mode: string; process_command: string }>;
    };
    const linked = config.profiles.find((profile) => profile.name === 'ali');
    expect(linked?.mode).toBe('External');
    const [file, ...args] = parse(linked?.process_command ?? '') as string[];
    const helper = spawnSync(file as string, args, { env: { ...process.env, ...w.env }, encoding: 'utf8' });
    expect(JSON.parse(helper.stdout)).toEqual(external);
    expect(w.driver.opened).toHaveLength(1); // every later command used the cache

    const secrets = [...w.fake.issuedTokens, sts?.accessKeySecret ?? '', sts?.securityToken ?? ''];
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of secrets) {
      expect(filesContaining(w.userHome, secret), 'files').toEqual([]);
      expect(login.stdout + login.stderr, 'login output').not.toContain(secret);
      expect(w.driver.opened.join('\n'), 'browser argv').not.toContain(secret);
    }
    for (const token of w.fake.issuedTokens) {
      for (const output of [json, env.stdout, external, exec.stdout, helper.stdout]) {
        expect(JSON.stringify(output)).not.toContain(token);
      }
    }
  });

  it('a consent the user denies is exit 3 with what to do', async () => {
    const w = await world();
    w.driver.mode = { kind: 'deny' };
    const login = await w.run(['login', 'ali']);
    await w.driver.settled();
    expect(login.code).toBe(3);
    expect(login.stderr).toContain('The sign-in was declined in the browser (access_denied');
    expect(w.driver.visits[0]?.finalText).toContain('Sign-in not completed');
    expect(w.fake.issuedSts).toEqual([]);
  });

  it('a forged callback (wrong state) is refused and the real sign-in still completes', async () => {
    const w = await world();
    w.driver.mode = { kind: 'forge-then-allow' };
    const login = await w.run(['login', 'ali']);
    await w.driver.settled();
    expect(w.driver.visits[0]?.forgedStatus).toBe(400);
    expect(login.code, login.stderr).toBe(0);
    expect(w.fake.grants).toEqual([{ grantType: 'authorization_code' }]);
  });

  it('times out with the Alibaba-specific guidance when the browser never comes back', async () => {
    const w = await world();
    w.driver.mode = { kind: 'ignore' };
    const started = Date.now();
    const login = await w.run(['login', 'ali'], { TOBIRA_OAUTH_TIMEOUT_SECONDS: '2' });
    expect(login.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(login.stderr).toContain('No sign-in came back from the browser within 2 seconds');
    expect(login.stderr).toContain(
      '/applications/4038181954557748008?appType=ThirdPartyApp&activeTab=Assignments',
    );
    // The listener is gone with the process; the redirect port is free again.
    await expect(fetch(`http://127.0.0.1:${w.ports[0]}/cli/callback`)).rejects.toThrow();
  });

  it('every port of the range busy: a clear error and no browser', async () => {
    const w = await world();
    const blockers: Server[] = [];
    for (const port of w.ports) {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      blockers.push(server);
    }
    cleanups.push(async () => {
      await Promise.all(blockers.map((server) => new Promise((resolve) => server.close(resolve))));
    });
    const login = await w.run(['login', 'ali']);
    expect(login.code).toBe(1);
    expect(login.stderr).toContain(`(${w.ports[0]}–${w.ports[4]}) on 127.0.0.1 is in use`);
    expect(w.driver.opened).toEqual([]);
  });

  it('renews STS with the refresh token without a browser; a revoked refresh token falls back to the browser', async () => {
    // STS shorter than the 5-minute cache margin and an access token under the 20-minute margin: every command renews.
    const w = await world({ stsSeconds: 120, accessTokenSeconds: 600 });
    expect((await w.run(['login', 'ali'])).code).toBe(0);
    await w.driver.settled();
    const first = w.fake.issuedSts[0];

    const renewed = await w.run(['export', 'ali', '--format', 'json']);
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(w.driver.opened).toHaveLength(1);
    expect(w.fake.grants.map((grant) => grant.grantType)).toEqual(['authorization_code', 'refresh_token']);
    const second = JSON.parse(renewed.stdout) as { accessKeyId: string };
    expect(second.accessKeyId).toBe(w.fake.issuedSts[1]?.accessKeyId);
    expect(second.accessKeyId).not.toBe(first?.accessKeyId);

    await w.fake.revokeRefreshTokens();
    const again = await w.run(['export', 'ali', '--format', 'json']);
    await w.driver.settled();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(
      'has expired or was revoked (invalid_grant); signing in again in the browser',
    );
    expect(w.driver.opened).toHaveLength(2);
    expect((JSON.parse(again.stdout) as { accessKeyId: string }).accessKeyId).toBe(
      w.fake.issuedSts[2]?.accessKeyId,
    );
  });

  it('without a browser or terminal: prints the URL to paste and exits 5 (also with --no-browser)', async () => {
    const w = await world();
    const noBrowser = await w.run(['login', 'ali'], { TOBIRA_BROWSER: '/nonexistent/browser' });
    expect(noBrowser.code).toBe(5);
    expect(noBrowser.stderr).toContain('Could not open a browser here');
    expect(noBrowser.stderr).toContain(`${w.fake.origin}/oauth2/v1/auth?`);
    expect(noBrowser.stderr).toContain('Run `tobira login ali` in a terminal');
    const flag = await w.run(['login', 'ali', '--no-browser']);
    expect(flag.code).toBe(5);
    expect(flag.stderr).toContain('Open this URL in a browser (on any computer) and sign in');
    expect(w.driver.opened).toEqual([]);
  });

  it('--no-browser in a terminal (SSH): sign in on another browser and paste the redirect address', async () => {
    const w = await world();
    // `script` gives the CLI a pseudo-terminal, as an SSH session would; the test types into it.
    const command = quote([process.execPath, CLI_PATH, 'login', 'ali', '--no-browser']);
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', ...w.env, TOBIRA_HOME: w.home },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const closed = once(child, 'close');
    let url: string | undefined;
    for (let waited = 0; waited < 15_000 && !(url && output.includes('Pasted address')); waited += 50) {
      url = /(http:\/\/127\.0\.0\.1:\d+\/oauth2\/v1\/auth\?[^\s]+)/.exec(output)?.[1];
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(url, output).toBeDefined();
    const redirect = await signInAndCaptureRedirect(browser, url as string);
    expect(redirect).toContain(`http://127.0.0.1:${w.ports[0]}/cli/callback?code=`);
    child.stdin.write(`${redirect}\r`);
    const [code] = (await closed) as [number | null];
    expect(code, output).toBe(0);
    expect(output).toContain('alice');
    expect(w.driver.opened).toEqual([]);
    expect(w.fake.issuedSts).toHaveLength(1);
  });
});

describe.runIf(canDropPrivileges)('tobira login (alibaba) watched by another local user (uid 65534)', () => {
  it('nothing in any command line nobody reads during the login gives the OAuth state or the PKCE challenge', async () => {
    const w = await world();
    const watch = await watchProcAsNobody();
    const login = await w.run(['login', 'ali']);
    await w.driver.settled();
    const seen = await watch.stop();
    expect(login.code, login.stderr).toBe(0);
    const authorize = new URL(w.driver.targets[0] as string);
    const state = authorize.searchParams.get('state') ?? '';
    const challenge = authorize.searchParams.get('code_challenge') ?? '';
    expect(state.length).toBeGreaterThan(20);
    expect(challenge.length).toBeGreaterThan(20);
    // The watcher saw the browser command (its launch file) but nothing that forwards to the sign-in.
    expect(seen.cmdlines.some((line) => line.includes(w.driver.opened[0] as string))).toBe(true);
    const leaks = [...seen.cmdlines, ...seen.environs].filter(
      (line) => line.includes(state) || line.includes(challenge),
    );
    expect(leaks).toEqual([]);
  });
});
