import { describe, expect, it } from 'vitest';
import {
  detectBrowsers,
  findBrowser,
  kindOfProgram,
  type BrowserProbe,
} from '../../../../electron/core/console-browser';

/** A filesystem of executables (and symlinks) that exists only in the test. */
function probe(
  platform: NodeJS.Platform,
  files: string[],
  env: Record<string, string> = {},
  links: Record<string, string> = {},
): BrowserProbe {
  const executables = new Set(files);
  return {
    platform,
    env,
    isExecutable: (path) => executables.has(path),
    realpath: (path) => links[path] ?? path,
  };
}

describe('browser detection', () => {
  it('Linux: looks up the PATH names, most specific first, in PATH order', () => {
    const linux = probe(
      'linux',
      [
        '/usr/bin/chromium',
        '/opt/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
        '/usr/bin/firefox-esr',
      ],
      { PATH: '/opt/bin:/usr/bin' },
    );
    expect(findBrowser('chrome', linux)?.path).toBe('/usr/bin/google-chrome-stable');
    expect(findBrowser('chromium', linux)?.path).toBe('/usr/bin/chromium');
    expect(findBrowser('firefox', linux)?.path).toBe('/usr/bin/firefox-esr');
    expect(findBrowser('edge', linux)).toBeUndefined();
    expect(detectBrowsers(linux).map((found) => found.kind)).toEqual(['chrome', 'chromium', 'firefox']);
  });

  it('Linux: knows Edge, Brave and chromium-browser; an empty PATH finds nothing', () => {
    const linux = probe(
      'linux',
      ['/usr/bin/microsoft-edge', '/usr/bin/brave-browser', '/usr/bin/chromium-browser'],
      { PATH: '/usr/bin' },
    );
    expect(findBrowser('edge', linux)?.path).toBe('/usr/bin/microsoft-edge');
    expect(findBrowser('brave', linux)?.path).toBe('/usr/bin/brave-browser');
    expect(findBrowser('chromium', linux)?.path).toBe('/usr/bin/chromium-browser');
    expect(detectBrowsers(probe('linux', ['/usr/bin/chromium'], {}))).toEqual([]);
  });

  it('Linux: a snap (Ubuntu chromium-browser / firefox) is found and flagged', () => {
    const ubuntu = probe(
      'linux',
      ['/snap/bin/chromium', '/usr/bin/firefox'],
      { PATH: '/usr/bin:/snap/bin' },
      { '/usr/bin/firefox': '/usr/bin/snap' },
    );
    expect(findBrowser('chromium', ubuntu)).toEqual({
      kind: 'chromium',
      path: '/snap/bin/chromium',
      snap: true,
    });
    expect(findBrowser('firefox', ubuntu)?.snap).toBe(true);
  });

  it('Linux: Ubuntu’s transitional /usr/bin/firefox script that starts the snap counts as a snap; Debian’s wrapper does not', () => {
    const scripts: Record<string, string> = {
      '/usr/bin/firefox': '#!/bin/sh\n# transitional package\nexec /snap/bin/firefox "$@"\n',
      '/usr/bin/chromium': '#!/bin/sh\n# Debian wrapper\nexec /usr/lib/chromium/chromium "$@"\n',
    };
    const ubuntu: BrowserProbe = {
      ...probe('linux', Object.keys(scripts), { PATH: '/usr/bin' }),
      head: (path) => scripts[path] ?? '',
    };
    expect(findBrowser('firefox', ubuntu)?.snap).toBe(true);
    expect(findBrowser('chromium', ubuntu)?.snap).toBe(false);
  });

  it('macOS: application bundles in /Applications, then ~/Applications', () => {
    const mac = probe(
      'darwin',
      [
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Users/kim/Applications/Firefox.app/Contents/MacOS/firefox',
        '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      ],
      { HOME: '/Users/kim', PATH: '/usr/bin' },
    );
    expect(detectBrowsers(mac)).toEqual([
      { kind: 'chrome', path: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', snap: false },
      { kind: 'edge', path: '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge', snap: false },
      { kind: 'firefox', path: '/Users/kim/Applications/Firefox.app/Contents/MacOS/firefox', snap: false },
    ]);
  });

  it('Windows: Program Files, Program Files (x86) and LocalAppData, without the registry', () => {
    const windows = probe(
      'win32',
      [
        'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
        'C:\\Users\\kim\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
        'D:\\Apps\\Mozilla Firefox\\firefox.exe',
      ],
      {
        ProgramFiles: 'D:\\Apps',
        'ProgramFiles(x86)': 'C:\\Program Files (x86)',
        LOCALAPPDATA: 'C:\\Users\\kim\\AppData\\Local',
      },
    );
    expect(findBrowser('edge', windows)?.path).toBe(
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    );
    expect(findBrowser('chrome', windows)?.path).toBe(
      'C:\\Users\\kim\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
    );
    expect(findBrowser('firefox', windows)?.path).toBe('D:\\Apps\\Mozilla Firefox\\firefox.exe');
    expect(findBrowser('brave', windows)).toBeUndefined();
  });

  it('tells the family of a custom command by its program name', () => {
    expect(kindOfProgram('/usr/lib/chromium/chromium')).toBe('chromium');
    expect(kindOfProgram('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe')).toBe('chrome');
    expect(kindOfProgram('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge')).toBe('edge');
    expect(kindOfProgram('brave-browser')).toBe('brave');
    expect(kindOfProgram('firefox-esr')).toBe('firefox');
    expect(kindOfProgram('open')).toBeUndefined();
    expect(kindOfProgram('/usr/bin/xdg-open')).toBeUndefined();
  });
});
