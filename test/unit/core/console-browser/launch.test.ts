import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  consoleBrowser,
  identityCommand,
  parseBrowserChoice,
  type BrowserProbe,
} from '../../../../electron/core/console-browser';
import { chooseConsoleBrowser } from '../../../../electron/core/usecases';
import { isTobiraError } from '../../../../electron/core';

const ID = '2b7e1516-28ae-4d2a-a6f7-1588cf4f3c3e';
const OWNER = { id: ID, name: 'prod' };

function errorOf(run: () => unknown): { key: string; exitCode: number } {
  try {
    run();
  } catch (error) {
    if (isTobiraError(error)) return { key: error.key, exitCode: error.exitCode };
    throw error;
  }
  throw new Error('no error');
}

describe('--browser choices', () => {
  it('names, default, or a command split like a shell without running one', () => {
    expect(parseBrowserChoice('default')).toEqual({ kind: 'default' });
    expect(parseBrowserChoice('firefox')).toEqual({ kind: 'named', browser: 'firefox' });
    expect(parseBrowserChoice(' edge ')).toEqual({ kind: 'named', browser: 'edge' });
    expect(parseBrowserChoice('"/opt/My Chrome/chrome" --incognito; rm -rf ~')).toEqual({
      kind: 'custom',
      argv: ['/opt/My Chrome/chrome', '--incognito', 'rm', '-rf', '~'],
    });
    expect(errorOf(() => parseBrowserChoice('  '))).toEqual({
      key: 'console.browser.badCommand',
      exitCode: 2,
    });
  });

  it("--same-window is today's system browser; --browser beats the setting, the setting beats the default", () => {
    expect(chooseConsoleBrowser({ sameWindow: true }, 'chrome')).toEqual({ kind: 'default' });
    expect(chooseConsoleBrowser({ browser: 'firefox' }, 'chrome')).toEqual({
      kind: 'named',
      browser: 'firefox',
    });
    expect(chooseConsoleBrowser({}, 'chrome')).toEqual({ kind: 'named', browser: 'chrome' });
    expect(chooseConsoleBrowser({}, undefined)).toEqual({ kind: 'default' });
    // TOBIRA_BROWSER (the environment) beats the settings file, not --browser.
    expect(chooseConsoleBrowser({}, 'chrome', { TOBIRA_BROWSER: 'my-browser' })).toEqual({ kind: 'default' });
    expect(chooseConsoleBrowser({ browser: 'edge' }, 'chrome', { TOBIRA_BROWSER: 'x' })).toEqual({
      kind: 'named',
      browser: 'edge',
    });
    expect(errorOf(() => chooseConsoleBrowser({ sameWindow: true, browser: 'chrome' }, undefined))).toEqual({
      key: 'cli.console.sameWindowConflict',
      exitCode: 2,
    });
  });
});

describe('identity command lines (no URL: the launch file is appended by openBrowser)', () => {
  it('Chromium family: its own user-data-dir, no first-run pages, the window named after the profile', () => {
    const command = identityCommand(['/usr/bin/google-chrome'], 'chrome', '/home/kim/.config/tobira', OWNER);
    expect(command).toEqual({
      argv: [
        '/usr/bin/google-chrome',
        `--user-data-dir=/home/kim/.config/tobira/browser/${ID}/chrome`,
        '--no-first-run',
        '--no-default-browser-check',
        '--window-name=Tobira: prod',
      ],
      dir: `/home/kim/.config/tobira/browser/${ID}/chrome`,
    });
    // Edge and Chrome never share a folder: each browser kind has its own.
    expect(identityCommand(['msedge'], 'edge', '/h', OWNER).dir).toBe(`/h/browser/${ID}/edge`);
  });

  it('Firefox: a profile folder of its own, a new tab in its window when it already runs', () => {
    expect(identityCommand(['/usr/bin/firefox'], 'firefox', '/h', OWNER)).toEqual({
      argv: ['/usr/bin/firefox', '-profile', `/h/browser/${ID}/firefox`, '-new-tab'],
      dir: `/h/browser/${ID}/firefox`,
    });
  });

  it('a custom command that names its own profile keeps it; an unknown program runs as it is', () => {
    expect(identityCommand(['chromium', '--user-data-dir=/mine'], 'chromium', '/h', OWNER)).toEqual({
      argv: ['chromium', '--user-data-dir=/mine'],
      dir: undefined,
    });
    expect(identityCommand(['firefox', '-P', 'work'], 'firefox', '/h', OWNER).dir).toBeUndefined();
    expect(identityCommand(['my-opener', '--x'], undefined, '/h', OWNER)).toEqual({
      argv: ['my-opener', '--x'],
      dir: undefined,
    });
  });

  it('a profile id that is not a UUID never becomes a path', () => {
    expect(() => identityCommand(['chromium'], 'chromium', '/h', { id: '../../etc', name: 'x' })).toThrow();
  });
});

describe('choosing a browser that cannot work fails before signing in', () => {
  const none: BrowserProbe = {
    platform: 'linux',
    env: { PATH: '/usr/bin' },
    isExecutable: () => false,
    realpath: (p) => p,
  };
  const snap: BrowserProbe = {
    platform: 'linux',
    env: { PATH: '/snap/bin' },
    isExecutable: (path) => path === '/snap/bin/chromium',
    realpath: (p) => p,
  };

  it('not installed: exit 1, says how to choose another', () => {
    expect(
      errorOf(() =>
        consoleBrowser({
          home: '/h',
          env: {},
          owner: OWNER,
          choice: { kind: 'named', browser: 'brave' },
          probe: none,
        }),
      ),
    ).toEqual({ key: 'console.browser.notFound', exitCode: 1 });
  });

  it('a snap with the data folder hidden in the home folder: exit 1; elsewhere it is allowed', () => {
    const choice = { kind: 'named', browser: 'chromium' } as const;
    expect(
      errorOf(() =>
        consoleBrowser({ home: '/home/kim/.config/tobira', env: {}, owner: OWNER, choice, probe: snap }),
      ),
    ).toEqual({ key: 'console.browser.snap', exitCode: 1 });
    expect(consoleBrowser({ home: '/home/kim/tobira', env: {}, owner: OWNER, choice, probe: snap }).dir).toBe(
      `/home/kim/tobira/browser/${ID}/chromium`,
    );
  });

  it('opening seeds a new Chromium identity: 0700, theme colour and the profile name; no URL written there', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tobira-identity-'));
    const browser = consoleBrowser({
      home,
      env: {},
      owner: OWNER,
      choice: { kind: 'custom', argv: ['/bin/true-chromium-does-not-exist/chromium'] },
    });
    await expect(browser.open('http://127.0.0.1:1/secret-nonce')).rejects.toMatchObject({
      key: 'browser.launchFailed',
    });
    const dir = browser.dir ?? '';
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const preferences = JSON.parse(readFileSync(join(dir, 'Default', 'Preferences'), 'utf8')) as {
      browser: { theme: { user_color: number } };
    };
    expect(preferences.browser.theme.user_color).toBeLessThan(0); // opaque ARGB as a signed int
    expect(readFileSync(join(dir, 'Local State'), 'utf8')).toContain('Tobira: prod');
    expect(readFileSync(join(dir, 'Local State'), 'utf8') + JSON.stringify(preferences)).not.toContain(
      'secret-nonce',
    );
  });

  it('opening seeds a new Firefox profile with a user.js that skips the first-run pages', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tobira-identity-'));
    const browser = consoleBrowser({
      home,
      env: {},
      owner: OWNER,
      choice: { kind: 'custom', argv: ['/nonexistent/firefox'] },
    });
    await expect(browser.open('http://127.0.0.1:1/x')).rejects.toMatchObject({ key: 'browser.launchFailed' });
    expect(browser.dir).toBe(join(home, 'browser', ID, 'firefox'));
    const userJs = readFileSync(join(browser.dir ?? '', 'user.js'), 'utf8');
    expect(userJs).toContain('user_pref("browser.shell.checkDefaultBrowser", false);');
    expect(userJs).toContain('user_pref("browser.aboutwelcome.enabled", false);');
    expect(statSync(browser.dir ?? '').mode & 0o777).toBe(0o700);
  });
});
