import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  identityColour,
  identityDir,
  identityInUse,
  removeProfileIdentity,
} from '../../../../electron/core/console-browser';

const ID = '6f1c1b6e-7d1e-4b53-9d86-3a7c2a0d1f00';
const children: Array<{ kill(): boolean }> = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

function identity(kind: 'chromium' | 'firefox'): { home: string; dir: string } {
  const home = mkdtempSync(join(tmpdir(), 'tobira-identity-'));
  const dir = identityDir(home, ID, kind);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Cookies'), 'console cookies');
  return { home, dir };
}

function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid ?? 0;
}

describe('browser identities', () => {
  it('logout/remove takes the whole identity (cookies included) when no browser has it open', () => {
    const { home, dir } = identity('chromium');
    expect(removeProfileIdentity(home, ID)).toBe('removed');
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(home, 'browser', ID))).toBe(false);
    expect(removeProfileIdentity(home, ID)).toBe('none');
  });

  it('a running Chromium (SingletonLock host-pid of a live process) keeps it: nothing is removed', () => {
    const { home, dir } = identity('chromium');
    symlinkSync(`${hostname()}-${livePid()}`, join(dir, 'SingletonLock'));
    expect(identityInUse(dir)).toBe(true);
    expect(removeProfileIdentity(home, ID)).toBe('in-use');
    expect(existsSync(join(dir, 'Cookies'))).toBe(true);
  });

  it('a running Firefox (lock → ip:+pid) keeps it too', () => {
    const { home, dir } = identity('firefox');
    symlinkSync(`127.0.1.1:+${livePid()}`, join(dir, 'lock'));
    expect(removeProfileIdentity(home, ID)).toBe('in-use');
  });

  it('a lock left by a dead process is stale; a lock of another host is respected', () => {
    const { home, dir } = identity('chromium');
    symlinkSync(`${hostname()}-999999999`, join(dir, 'SingletonLock'));
    expect(identityInUse(dir)).toBe(false);
    const other = identity('chromium');
    symlinkSync(`some-other-host-${process.pid}`, join(other.dir, 'SingletonLock'));
    expect(identityInUse(other.dir)).toBe(true);
    expect(removeProfileIdentity(home, ID)).toBe('removed');
  });

  it('each profile keeps one colour, and profiles get different ones while the palette lasts', () => {
    const home = mkdtempSync(join(tmpdir(), 'tobira-identity-'));
    const first = identityColour(home, ID);
    expect(identityColour(home, ID)).toBe(first);
    const ids = Array.from(
      { length: 7 },
      (_, n) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`,
    );
    const colours = [first, ...ids.map((id) => identityColour(home, id))];
    expect(new Set(colours).size).toBe(8);
    // Kept across launches: asked again in any order, each gets its own colour back.
    expect([...ids].reverse().map((id) => identityColour(home, id))).toEqual(colours.slice(1).reverse());
  });
});
