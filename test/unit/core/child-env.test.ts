import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv, openBrowser } from '../../../electron/core';

const USER_ENV = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/alice',
  DISPLAY: ':0',
  OP_SESSION_my: 'password-manager-session',
  TOBIRA_PASSPHRASE: 'file-store-passphrase',
  Tobira_Passphrase: 'any-case',
  TOBIRA_SECRET_STORE: 'file',
  TOBIRA_HOME: '/home/alice/.tobira',
  TOBIRA_BROWSER: 'chromium',
  TOBIRA_ENDPOINT_AWS_STS: 'http://127.0.0.1:9',
  TOBIRA_DEBUG: '1',
  UNSET: undefined,
};

describe('childEnv', () => {
  it('keeps the user environment and drops every Tobira variable, whatever its case', () => {
    for (const purpose of ['code-command', 'browser', 'tool'] as const) {
      expect(childEnv(purpose, USER_ENV)).toEqual({
        PATH: '/usr/bin:/bin',
        HOME: '/home/alice',
        DISPLAY: ':0',
        OP_SESSION_my: 'password-manager-session',
      });
    }
  });

  it('an exec child keeps TOBIRA_HOME, so a tobira inside it finds the same profiles, and nothing else of ours', () => {
    const env = childEnv('exec', USER_ENV);
    expect(Object.keys(env).filter((name) => /^tobira_/i.test(name))).toEqual(['TOBIRA_HOME']);
    expect(Object.values(env)).not.toContain('file-store-passphrase');
    expect(env.OP_SESSION_my).toBe('password-manager-session');
  });
});

describe('openBrowser', () => {
  it('starts the browser without TOBIRA_PASSPHRASE or any other Tobira variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tobira-browser-env-'));
    const out = join(dir, 'env.json');
    const script = join(dir, 'browser.cjs');
    // Written aside, then renamed: the test never reads half a file.
    const write = `const fs = require('node:fs'); fs.writeFileSync(${JSON.stringify(`${out}.tmp`)}, JSON.stringify(process.env)); fs.renameSync(${JSON.stringify(`${out}.tmp`)}, ${JSON.stringify(out)});`;
    writeFileSync(script, write);
    await openBrowser(
      'http://127.0.0.1:1/',
      {
        ...USER_ENV,
        PATH: process.env.PATH,
        TOBIRA_BROWSER: `${process.execPath} ${script}`,
      },
      dir,
    );
    const deadline = Date.now() + 5000;
    while (!existsSync(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const env = JSON.parse(readFileSync(out, 'utf8')) as Record<string, string>;
    expect(Object.keys(env).filter((name) => /^tobira_/i.test(name))).toEqual([]);
    expect(Object.values(env)).not.toContain('file-store-passphrase');
    expect(env.DISPLAY).toBe(':0');
  });
});
