import { accessSync, closeSync, constants, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join, posix, win32 } from 'node:path';
import type { Env } from '../home';

/** The browsers `tobira console --browser` knows by name; each family gets its own kind of browser identity. */
export const BROWSER_KINDS = ['chrome', 'chromium', 'edge', 'brave', 'firefox'] as const;
export type BrowserKind = (typeof BROWSER_KINDS)[number];
export type BrowserFamily = 'chromium' | 'firefox';

export function familyOf(kind: BrowserKind): BrowserFamily {
  return kind === 'firefox' ? 'firefox' : 'chromium';
}

/** What detection may look at: injected so tests run every platform's rules against a fake filesystem. */
export interface BrowserProbe {
  platform: NodeJS.Platform;
  env: Env;
  /** True for an existing executable file. */
  isExecutable(path: string): boolean;
  /** The path with symlinks resolved (to tell a snap's /snap/bin entry); the path itself when it cannot. */
  realpath(path: string): string;
  /** The first bytes of a file as text ('' when unreadable): Ubuntu's /usr/bin/firefox is a script that runs the snap. */
  head?(path: string): string;
}

export function systemProbe(env: Env, platform: NodeJS.Platform = process.platform): BrowserProbe {
  return {
    platform,
    env,
    isExecutable(path) {
      try {
        if (!statSync(path).isFile()) return false;
        if (platform !== 'win32') accessSync(path, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    realpath(path) {
      try {
        return realpathSync(path);
      } catch {
        return path;
      }
    },
    head(path) {
      try {
        const fd = openSync(path, 'r');
        try {
          const buffer = Buffer.alloc(4096);
          return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('latin1');
        } finally {
          closeSync(fd);
        }
      } catch {
        return '';
      }
    },
  };
}

/** Command names looked up on PATH (Linux and other Unixes), most specific first. */
const PATH_NAMES: Record<BrowserKind, readonly string[]> = {
  chrome: ['google-chrome-stable', 'google-chrome'],
  chromium: ['chromium', 'chromium-browser'],
  edge: ['microsoft-edge-stable', 'microsoft-edge'],
  brave: ['brave-browser', 'brave'],
  firefox: ['firefox', 'firefox-esr'],
};

/** macOS application bundles, under /Applications and ~/Applications. */
const MAC_APPS: Record<BrowserKind, string> = {
  chrome: 'Google Chrome.app/Contents/MacOS/Google Chrome',
  chromium: 'Chromium.app/Contents/MacOS/Chromium',
  edge: 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  brave: 'Brave Browser.app/Contents/MacOS/Brave Browser',
  firefox: 'Firefox.app/Contents/MacOS/firefox',
};

/** Windows install locations below Program Files, Program Files (x86) or the user's LocalAppData (no registry). */
const WINDOWS_PATHS: Record<BrowserKind, readonly string[]> = {
  chrome: ['Google\\Chrome\\Application\\chrome.exe'],
  chromium: ['Chromium\\Application\\chrome.exe'],
  edge: ['Microsoft\\Edge\\Application\\msedge.exe'],
  brave: ['BraveSoftware\\Brave-Browser\\Application\\brave.exe'],
  firefox: ['Mozilla Firefox\\firefox.exe'],
};

export interface DetectedBrowser {
  kind: BrowserKind;
  path: string;
  /** A snap package (Ubuntu's chromium and firefox): confined, it cannot read the data folder's hidden files. */
  snap: boolean;
}

function candidates(kind: BrowserKind, probe: BrowserProbe): string[] {
  const { env } = probe;
  if (probe.platform === 'darwin') {
    const roots = ['/Applications', ...(env.HOME ? [posix.join(env.HOME, 'Applications')] : [])];
    return roots.map((root) => posix.join(root, MAC_APPS[kind]));
  }
  if (probe.platform === 'win32') {
    const roots = [
      env.ProgramFiles ?? env.PROGRAMFILES ?? 'C:\\Program Files',
      env['ProgramFiles(x86)'] ?? env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
      ...(env.LOCALAPPDATA ? [env.LOCALAPPDATA] : []),
    ];
    return roots.flatMap((root) => WINDOWS_PATHS[kind].map((rest) => win32.join(root, rest)));
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter((dir) => dir.length > 0);
  return PATH_NAMES[kind].flatMap((name) => dirs.map((dir) => join(dir, name)));
}

/** The first installed executable of a browser on this platform, or undefined. */
export function findBrowser(kind: BrowserKind, probe: BrowserProbe): DetectedBrowser | undefined {
  for (const path of candidates(kind, probe)) {
    if (!probe.isExecutable(path)) continue;
    return { kind, path, snap: isSnap(path, probe) };
  }
  return undefined;
}

/** Every browser of BROWSER_KINDS found here, in that order. */
export function detectBrowsers(probe: BrowserProbe): DetectedBrowser[] {
  return BROWSER_KINDS.flatMap((kind) => {
    const found = findBrowser(kind, probe);
    return found ? [found] : [];
  });
}

/**
 * A snap: under /snap, a link to snap's launcher, or a shell script that starts one (Ubuntu's transitional
 * /usr/bin/firefox and /usr/bin/chromium-browser packages).
 */
function isSnap(path: string, probe: BrowserProbe): boolean {
  if (probe.platform !== 'linux') return false;
  const real = probe.realpath(path);
  if (path.startsWith('/snap/') || real.startsWith('/snap/') || real === '/usr/bin/snap') return true;
  const head = probe.head?.(real) ?? '';
  return head.startsWith('#!') && /\/snap\/bin\/|\bsnap run\b/.test(head);
}

/** The browser kind a command's program name belongs to (`/usr/lib/chromium/chromium`, `msedge.exe`), if any. */
export function kindOfProgram(program: string): BrowserKind | undefined {
  const base = (program.split(/[\\/]/).pop() ?? '').toLowerCase().replace(/\.exe$/, '');
  if (/^(google-chrome(-stable|-beta|-unstable)?|chrome|google chrome)$/.test(base)) return 'chrome';
  if (/^(chromium(-browser)?)$/.test(base)) return 'chromium';
  if (/^(microsoft-edge(-stable|-beta|-dev)?|msedge|microsoft edge)$/.test(base)) return 'edge';
  if (/^(brave(-browser)?|brave browser)$/.test(base)) return 'brave';
  if (/^(firefox(-esr)?)$/.test(base)) return 'firefox';
  return undefined;
}
