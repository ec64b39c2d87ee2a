import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { browserCommand, openBrowser, writeLaunchFile } from '../../../electron/core/browser';
import { launchTarget } from '../../harness/launch-target.mjs';

describe('browserCommand', () => {
  it('splits TOBIRA_BROWSER like a shell would, without running one', () => {
    expect(browserCommand({ TOBIRA_BROWSER: `chromium --profile-directory='Work AWS'` }, 'linux')).toEqual([
      'chromium',
      '--profile-directory=Work AWS',
    ]);
  });

  it('falls back to the platform opener', () => {
    expect(browserCommand({}, 'linux')).toEqual(['xdg-open']);
    expect(browserCommand({}, 'darwin')).toEqual(['open']);
    expect(browserCommand({ TOBIRA_BROWSER: '  ' }, 'win32')[0]).toBe('rundll32');
  });

  it('refuses a TOBIRA_BROWSER with no command in it', () => {
    expect(() => browserCommand({ TOBIRA_BROWSER: '>' }, 'linux')).toThrow(/TOBIRA_BROWSER/);
  });
});

describe('launch files', () => {
  const target = 'http://127.0.0.1:4242/?token=abc&x="<y>"';

  it('hold the URL in a 0600 page inside a 0700 launch folder, forwarding with no script, and go away', () => {
    const home = mkdtempSync(join(tmpdir(), 'tobira-launch-'));
    const launch = writeLaunchFile(home, target);
    expect(launch.path.startsWith(join(home, 'launch'))).toBe(true);
    expect(launch.url).toBe(pathToFileURL(launch.path).href);
    expect(statSync(launch.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'launch')).mode & 0o777).toBe(0o700);
    const html = readFileSync(launch.path, 'utf8');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('"<y>"');
    expect(launchTarget(launch.url)).toBe(target);
    launch.remove();
    launch.remove();
    expect(existsSync(launch.path)).toBe(false);
  });

  it('remove themselves after their time to live, and stale ones are swept', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tobira-launch-'));
    const short = writeLaunchFile(home, target, 20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(existsSync(short.path)).toBe(false);
    const stale = join(home, 'launch', 'left-by-a-killed-process.html');
    writeFileSync(stale, 'x');
    utimesSync(stale, new Date(0), new Date(0));
    writeLaunchFile(home, target).remove();
    expect(existsSync(stale)).toBe(false);
  });

  it('openBrowser hands the browser only the launch file: TOBIRA_BROWSER, or the opener given (Electron)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tobira-launch-'));
    const argvFile = join(home, 'argv.json');
    const script = join(home, 'browser.cjs');
    writeFileSync(
      script,
      `require('node:fs').writeFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(2)))`,
    );
    const launch = await openBrowser(target, { TOBIRA_BROWSER: `${process.execPath} ${script}` }, home);
    await vi.waitFor(() => expect(existsSync(argvFile)).toBe(true));
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual([launch.url]);
    expect(launchTarget(launch.url)).toBe(target);

    const opened: string[] = [];
    const viaOpener = await openBrowser(target, {}, home, { opener: async (url) => void opened.push(url) });
    expect(opened).toEqual([viaOpener.url]);
    await expect(
      openBrowser(target, {}, home, {
        opener: async () => {
          throw new Error('no browser');
        },
      }),
    ).rejects.toThrow('no browser');
    await expect(openBrowser(target, { TOBIRA_BROWSER: '/nonexistent/browser' }, home)).rejects.toThrow(
      /nonexistent/,
    );
    // Failed launches leave nothing behind.
    expect(readdirSync(join(home, 'launch')).sort()).toEqual(
      [launch.path, viaOpener.path].map((path) => path.split('/').at(-1)).sort(),
    );
  });
});
