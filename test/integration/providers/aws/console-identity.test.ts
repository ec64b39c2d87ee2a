import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { screenshotPath } from '../../../harness/chromium';
import { startXvfb, type XvfbServer } from '../../../harness/xvfb';
import { xwdToPng } from '../../../harness/xwd';
import { addProfiles, awsWorld, type AwsWorld } from './fixture';

/** Debian's Chromium itself (not the wrapper script), as a user would name it in --browser. */
const CHROMIUM = '/usr/lib/chromium/chromium';
const HEADLESS = `${CHROMIUM} --headless --no-sandbox --disable-gpu --password-store=basic --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage --remote-debugging-port=0`;

const worlds: AwsWorld[] = [];
const browsers: Browser[] = [];
const groups = new Set<number>();
let xvfb: XvfbServer | undefined;

afterEach(async () => {
  for (const browser of browsers.splice(0)) await browser.close().catch(() => undefined);
  for (const pid of groups) killGroup(pid);
  groups.clear();
  for (const created of worlds.splice(0)) await created.fake.close();
  await xvfb?.stop();
  xvfb = undefined;
});

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

async function world(): Promise<AwsWorld> {
  const created = await awsWorld({ mfa: false });
  worlds.push(created);
  await addProfiles(created, { mfa: false });
  return created;
}

function profileId(w: AwsWorld, name: string): string {
  const file = JSON.parse(readFileSync(join(w.home, 'profiles.json'), 'utf8')) as {
    profiles: Array<{ id: string; name: string }>;
  };
  const id = file.profiles.find((profile) => profile.name === name)?.id;
  if (!id) throw new Error(`no profile ${name}`);
  return id;
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The pid of the Chromium that holds a user-data-dir (its SingletonLock says "host-pid"); it leads its group. */
async function browserPid(dir: string): Promise<number> {
  const pid = await waitFor('SingletonLock', () => {
    try {
      return Number(/-(\d+)$/.exec(readlinkSync(join(dir, 'SingletonLock')))?.[1]);
    } catch {
      return undefined;
    }
  });
  groups.add(pid);
  return pid;
}

/** Drives the Chromium of a user-data-dir through its DevTools port (--remote-debugging-port=0 writes it there). */
async function attach(dir: string): Promise<Browser> {
  const port = await waitFor('DevToolsActivePort', () => {
    try {
      return readFileSync(join(dir, 'DevToolsActivePort'), 'utf8').split('\n')[0] || undefined;
    } catch {
      return undefined;
    }
  });
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  browsers.push(browser);
  return browser;
}

/** Who the console page of this browser says is signed in, after a reload (the cookie decides). */
async function signedInAs(browser: Browser): Promise<string> {
  const page = await waitFor('the console page', () =>
    browser
      .contexts()
      .flatMap((context) => context.pages())
      .find((candidate) => candidate.url().includes('/console?')),
  );
  await page.reload();
  return page.locator('body').innerText();
}

/** Every process's argv, sampled until stopped: the sign-in token must never be in one. */
function sampleArgv(): { stop(): string[] } {
  const seen: string[] = [];
  const timer = setInterval(() => {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        seen.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '));
      } catch {
        // exited meanwhile
      }
    }
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return seen;
    },
  };
}

describe('tobira console: each profile in its own browser identity (real Chromium)', () => {
  it('two profiles stay signed in side by side; one shared browser would have replaced the first', async () => {
    const w = await world();
    const env = { DISPLAY: '' };
    const argv = sampleArgv();
    const admin = await w.run(['console', 'admin', '--browser', HEADLESS], '', env);
    expect(admin.stderr).toContain('in its own browser identity');
    expect(admin.code).toBe(0);
    const alice = await w.run(['console', 'alice', '--browser', HEADLESS, '--service', 's3'], '', env);
    expect(alice.code).toBe(0);
    const adminDir = join(w.home, 'browser', profileId(w, 'admin'), 'chromium');
    const aliceDir = join(w.home, 'browser', profileId(w, 'alice'), 'chromium');
    await browserPid(adminDir);
    await browserPid(aliceDir);
    const adminBrowser = await attach(adminDir);
    const aliceBrowser = await attach(aliceDir);
    expect(await signedInAs(aliceBrowser)).toContain(':federated-user/alice');
    // admin's console is still admin's after alice signed in: separate cookie jars.
    expect(await signedInAs(adminBrowser)).toContain(':assumed-role/Admin/');
    const seen = argv.stop();

    const tokens = w.fake.signins.map((signin) => signin.token);
    expect(tokens).toHaveLength(2);
    const chromiumArgv = seen.filter((line) => line.includes(`--user-data-dir=${adminDir}`));
    expect(chromiumArgv.length).toBeGreaterThan(0);
    expect(chromiumArgv[0]).toMatch(/--window-name=Tobira: admin/);
    for (const line of seen) {
      for (const token of tokens) expect(line).not.toContain(token);
      expect(line).not.toMatch(/http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}/);
    }
    // The --service landed alice on S3 in her region.
    expect(
      w.fake.requests.some((r) => r.url.includes(encodeURIComponent('/s3/home?region=ap-northeast-1'))),
    ).toBe(true);
    // 0700 identity folders that name the profile in Chromium's own profile list.
    expect(readFileSync(join(adminDir, 'Local State'), 'utf8')).toContain('Tobira: admin');

    // Logout while the window is open: the cookies cannot go, and tobira says so.
    const busy = await w.run(['logout', 'admin']);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('still open');
    expect(existsSync(adminDir)).toBe(true);
    for (const browser of browsers.splice(0)) await browser.close().catch(() => undefined);
    // Killed, it leaves its SingletonLock behind: a lock of a dead process does not count as open.
    const pid = await browserPid(adminDir);
    killGroup(pid);
    await waitFor('admin browser gone', () => {
      try {
        process.kill(pid, 0);
        return undefined;
      } catch {
        return true;
      }
    });
    const out = await w.run(['logout', 'admin']);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('Removed the browser identity of admin');
    expect(existsSync(join(w.home, 'browser', profileId(w, 'admin')))).toBe(false);
  }, 120_000);

  it('control: two profiles in ONE browser profile replace each other (what --same-window users live with)', async () => {
    const w = await world();
    const shared = mkdtempSync(join(tmpdir(), 'tobira-shared-browser-'));
    // A command that names its own user-data-dir keeps it: Tobira makes no identity of its own.
    const command = `${HEADLESS} --user-data-dir=${shared}`;
    expect((await w.run(['console', 'admin', '--browser', command], '', { DISPLAY: '' })).code).toBe(0);
    expect(existsSync(join(w.home, 'browser'))).toBe(false);
    await browserPid(shared);
    const browser = await attach(shared);
    expect(await signedInAs(browser)).toContain(':assumed-role/Admin/');
    // alice's console in the same browser (a new tab, as a second link would open).
    const link = await w.run(['console', 'alice', '--print']);
    const context = browser.contexts()[0];
    if (!context) throw new Error('no browser context');
    const second = await context.newPage();
    await second.goto(link.stdout.trim());
    expect(await second.locator('body').innerText()).toContain(':federated-user/alice');
    // ...and admin's tab is now alice's: the first sign-in was replaced.
    expect(await signedInAs(browser)).toContain(':federated-user/alice');
  }, 120_000);

  it('each identity window is marked: titled after the profile and in its own colour (screenshot)', async () => {
    const w = await world();
    const fb = mkdtempSync(join(tmpdir(), 'tobira-fb-'));
    xvfb = await startXvfb({ screen: '1280x400x24', fbdir: fb });
    const headful = (x: number) =>
      `${CHROMIUM} --no-sandbox --test-type --disable-gpu --password-store=basic --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage --window-position=${x},0 --window-size=640,400`;
    const env = { DISPLAY: xvfb.display };
    expect((await w.run(['console', 'admin', '--browser', headful(0)], '', env)).code).toBe(0);
    expect((await w.run(['console', 'alice', '--browser', headful(640)], '', env)).code).toBe(0);
    await browserPid(join(w.home, 'browser', profileId(w, 'admin'), 'chromium'));
    await browserPid(join(w.home, 'browser', profileId(w, 'alice'), 'chromium'));
    const titles = await waitFor('both windows', () => {
      const tree = execFileSync('xwininfo', ['-root', '-tree'], {
        env: { ...process.env, ...env },
      }).toString();
      return tree.includes('"Tobira: admin"') && tree.includes('"Tobira: alice"') ? tree : undefined;
    });
    expect(titles).toMatch(/"Tobira: admin": \("chromium/);
    // Let both pages paint, then take the whole screen: browser frames included.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // test-output/screenshots/console-identities-en.png (docs/screenshots keeps a copy for docs/consoles.md).
    const shot = screenshotPath('console-identities-en');
    const screen = xwdToPng(join(fb, 'Xvfb_screen0'), shot);
    // The tab strips (top-right of each window, past the tab) carry each identity's colour: not the same, not grey.
    const left = screen.pixel(600, 8);
    const right = screen.pixel(1240, 8);
    const grey = (rgb: number) => {
      const [r, g, b] = [(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255];
      return Math.max(r, g, b) - Math.min(r, g, b) < 12;
    };
    expect(left).not.toBe(right);
    expect(grey(left)).toBe(false);
    expect(grey(right)).toBe(false);
  }, 120_000);

  it('says when a choice cannot work, before signing in; --service and --destination are exclusive', async () => {
    const w = await world();
    const missing = await w.run(['console', 'admin', '--browser', 'brave'], '', { PATH: '/nonexistent' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('brave is not installed here');
    const conflict = await w.run(['console', 'admin', '--same-window', '--browser', 'chrome']);
    expect(conflict.code).toBe(2);
    const both = await w.run([
      'console',
      'admin',
      '--print',
      '--service',
      's3',
      '--destination',
      'https://console.aws.amazon.com/',
    ]);
    expect(both.code).toBe(2);
    const ja = await w.run(['console', 'admin', '--browser', 'edge', '--lang', 'ja'], '', {
      PATH: '/nonexistent',
    });
    expect(ja.stderr).toContain('インストールされていません');
    // Nothing was signed in for any of them.
    expect(w.fake.signins).toHaveLength(0);
    const service = await w.run(['console', 'admin', '--print', '--service', 'ec2', '--region', 'us-west-2']);
    expect(new URL(service.stdout.trim()).searchParams.get('Destination')).toBe(
      'https://us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2',
    );
  }, 60_000);

  it('profile remove takes the browser identity with it, unless its window is open', async () => {
    const w = await world();
    const dir = join(w.home, 'browser', profileId(w, 'admin'), 'chromium');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Cookies'), 'cookies');
    symlinkSync(`${hostname()}-${process.pid}`, join(dir, 'SingletonLock'));
    const open = await w.run(['profile', 'remove', 'admin', '--yes']);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain('close it first');
    expect((await w.run(['profile', 'show', 'admin'])).code).toBe(0);
    rmSync(join(dir, 'SingletonLock'));
    const removed = await w.run(['profile', 'remove', 'admin', '--yes']);
    expect(removed.code).toBe(0);
    expect(existsSync(join(w.home, 'browser'))).toBe(true);
    expect(readdirSync(join(w.home, 'browser'))).toEqual([]);
    const logout = await w.run(['logout', 'alice', '--json']);
    expect(JSON.parse(logout.stdout)).toMatchObject({ profile: 'alice', browserIdentity: 'none' });
  }, 60_000);

  it('--remember keeps a page for later consoles and the tray; --remember alone forgets it', async () => {
    const w = await world();
    const destination = async (...args: string[]) => {
      const result = await w.run(['console', 'admin', '--print', ...args]);
      expect(result.code).toBe(0);
      return new URL(result.stdout.trim()).searchParams.get('Destination');
    };
    const s3 = 'https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1';
    expect(await destination('--service', 's3', '--region', 'eu-west-1', '--remember')).toBe(s3);
    expect(await destination()).toBe(s3);
    const file = JSON.parse(readFileSync(join(w.home, 'profiles.json'), 'utf8')) as {
      profiles: Array<{ name: string; console?: unknown }>;
    };
    expect(file.profiles.find((p) => p.name === 'admin')?.console).toEqual({
      service: 's3',
      region: 'eu-west-1',
    });
    // A page the provider refuses is not remembered.
    const bad = await w.run([
      'console',
      'admin',
      '--print',
      '--destination',
      'https://evil.example.com/',
      '--remember',
    ]);
    expect(bad.code).toBe(2);
    expect(await destination()).toBe(s3);
    await destination('--remember');
    expect(await destination()).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/console/home?region=ap-northeast-1',
    );
  }, 60_000);
});
