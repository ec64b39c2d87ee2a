import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { BrowserKind } from './detect';

/** Where every profile's browser identities live: HOME/browser/<profile id>/<browser kind> (0700 each). */
export function identityRoot(home: string): string {
  return join(home, 'browser');
}

export function profileIdentityDir(home: string, profileId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(profileId)) throw new Error('not a profile id');
  return join(identityRoot(home), profileId);
}

export function identityDir(home: string, profileId: string, kind: BrowserKind): string {
  return join(profileIdentityDir(home, profileId), kind);
}

function makePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o700);
}

/** Distinct, saturated colours; a profile keeps its colour (chosen from its id) across launches and renames. */
const PALETTE = [0xd32f2f, 0x1565c0, 0x2e7d32, 0xef6c00, 0x6a1b9a, 0x00838f, 0xad1457, 0x4e342e] as const;

export function identityColour(profileId: string): number {
  const index = createHash('sha256').update(profileId).digest()[0] ?? 0;
  return PALETTE[index % PALETTE.length] ?? PALETTE[0];
}

/** Chromium keeps colours as signed 32-bit ARGB integers in its preferences. */
function skColor(rgb: number): number {
  return (0xff000000 | rgb) >> 0;
}

/**
 * A new Chromium-family user-data-dir that says whose it is: the browser theme colour (Default/Preferences
 * browser.theme.user_color, as "Customize Chromium → colour" writes it; the frame and tab strip take it) and the
 * profile's name in Local State (profile menu). Written only when the folder is new: a running browser owns these
 * files, and the user may change them afterwards. Nothing Tobira needs is stored here.
 */
export function prepareChromiumIdentity(dir: string, label: string, colour: number): void {
  makePrivateDir(dir);
  const defaultDir = join(dir, 'Default');
  if (existsSync(join(defaultDir, 'Preferences'))) return;
  makePrivateDir(defaultDir);
  const color = skColor(colour);
  const theme = { user_color: color, user_color2: color, color_variant: 3, color_variant2: 3 };
  writeFileSync(join(defaultDir, 'Preferences'), JSON.stringify({ browser: { theme } }), { mode: 0o600 });
  const localState = {
    profile: { info_cache: { Default: { name: label, is_using_default_name: false } } },
  };
  writeFileSync(join(dir, 'Local State'), JSON.stringify(localState), { mode: 0o600 });
}

/** A Firefox profile folder of its own (Firefox fills it on first start). */
export function prepareFirefoxIdentity(dir: string): void {
  makePrivateDir(dir);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a browser has this identity open (Linux, macOS): Chromium's SingletonLock symlink ("host-pid") or
 * Firefox's `lock` symlink ("ip:+pid"). A lock left by a dead process on this host is stale. On Windows the removal
 * itself tells: the running browser holds its files open.
 */
export function identityInUse(dir: string): boolean {
  for (const name of ['SingletonLock', 'lock']) {
    const path = join(dir, name);
    let target: string;
    try {
      if (!lstatSync(path).isSymbolicLink()) return true;
      target = readlinkSync(path);
    } catch {
      continue;
    }
    const match = /^(.*?)[-:]\+?(\d+)$/.exec(target);
    if (!match) return true;
    const [, host, pid] = match;
    if (name === 'SingletonLock' && host !== hostname()) return true;
    if (pidAlive(Number(pid))) return true;
  }
  return false;
}

export type IdentityRemoval = 'removed' | 'none' | 'in-use';

/**
 * Removes all browser identities of a profile (cookies, history, everything) unless a browser has one open: then
 * nothing is removed and 'in-use' tells the caller to ask the user to close that window first.
 */
export function removeProfileIdentity(home: string, profileId: string): IdentityRemoval {
  const dir = profileIdentityDir(home, profileId);
  if (!existsSync(dir)) return 'none';
  const kinds = readdirSync(dir).map((name) => join(dir, name));
  if (kinds.some((kindDir) => identityInUse(kindDir))) return 'in-use';
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch (error) {
    // Windows: a running browser holds its files open.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EBUSY' || code === 'EPERM') return 'in-use';
    throw error;
  }
  return 'removed';
}

/** Whether the profile has any browser identity on disk. */
export function hasProfileIdentity(home: string, profileId: string): boolean {
  return existsSync(profileIdentityDir(home, profileId));
}
