import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppService } from '../../../../electron/core/app';
import { consolePageLabel } from '../../../../electron/core/app/views';
import { startFakeAws } from '../../../fakes/aws';
import { LAUNCH_TARGET_MODULE } from '../../../harness/launch-target.mjs';

function service() {
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-app-')), 'h');
  const app = new AppService({
    home,
    env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'pass-1' },
    platform: { mode: 'browser', systemLang: 'en' },
    now: () => 59_000,
  });
  return { app, home };
}

function identityOf(home: string, name: string): string {
  const file = JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')) as {
    profiles: Array<{ id: string; name: string }>;
  };
  const id = file.profiles.find((profile) => profile.name === name)?.id ?? '';
  const dir = join(home, 'browser', id, 'chromium');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Cookies'), 'console cookies');
  return join(home, 'browser', id);
}

describe('the app and browser identities', () => {
  it('the console browser setting: default until chosen, a name or a command, never empty', () => {
    const { app } = service();
    expect(app.settingsView().consoleBrowser).toBe('default');
    expect(app.setSettings({ consoleBrowser: 'chromium' }).consoleBrowser).toBe('chromium');
    expect(app.setSettings({ consoleBrowser: '/opt/chrome/chrome --incognito' }).consoleBrowser).toBe(
      '/opt/chrome/chrome --incognito',
    );
    expect(() => app.setSettings({ consoleBrowser: '""' })).toThrow(/browser command is empty/);
    expect(app.settingsView().consoleBrowser).toBe('/opt/chrome/chrome --incognito');
  });

  it('logout and remove take the profile’s browser identity; an open window stops the removal', async () => {
    const { app, home } = service();
    await app.add({ type: 'soracom', name: 'gh', options: { email: 'a@example.com' }, secret: 'pw' });
    const dir = identityOf(home, 'gh');
    await app.logout('gh');
    expect(existsSync(dir)).toBe(false);
    identityOf(home, 'gh');
    const lock = join(dir, 'chromium', 'SingletonLock');
    symlinkSync(`${hostname()}-${process.pid}`, lock);
    await expect(app.remove('gh')).rejects.toMatchObject({ key: 'console.identity.removeInUse' });
    expect((await app.profiles()).map((profile) => profile.name)).toEqual(['gh']);
    unlinkSync(lock);
    await app.remove('gh');
    expect(existsSync(dir)).toBe(false);
    expect(await app.profiles()).toEqual([]);
  });

  it('names the remembered console page: the service or the destination, and the region', () => {
    expect(consolePageLabel({ service: 's3', region: 'eu-west-1' })).toBe('s3 (eu-west-1)');
    expect(consolePageLabel({ region: 'us-east-1' })).toBe('(us-east-1)');
    expect(
      consolePageLabel({
        destination: 'https://console.aws.amazon.com/s3/buckets/logs?region=us-east-1&tab=objects',
      }),
    ).toBe('console.aws.amazon.com/s3/buckets/logs');
  });

  it('with a console browser chosen, the app opens the profile’s own identity, given only a launch page', async () => {
    const secret = 'canaryAppConsoleKey/0123456789abcdefghijk';
    const aws = await startFakeAws({
      users: [
        {
          userName: 'alice',
          accountId: '123456789012',
          accessKeyId: 'AKIAAPPTEST000000002',
          secretAccessKey: secret,
        },
      ],
    });
    try {
      const home = join(mkdtempSync(join(tmpdir(), 'tobira-app-')), 'h');
      // A stand-in "chromium": records its argv, then follows the launch page's link as a browser would.
      const bin = mkdtempSync(join(tmpdir(), 'tobira-fake-browser-'));
      const report = join(bin, 'report.json');
      const browser = join(bin, 'chromium');
      writeFileSync(
        browser,
        `#!${process.execPath}
import { writeFileSync } from 'node:fs';
import { launchTarget } from ${JSON.stringify(LAUNCH_TARGET_MODULE)};
const response = await fetch(launchTarget(process.argv.at(-1)), { redirect: 'manual' });
writeFileSync(${JSON.stringify(report)}, JSON.stringify({ argv: process.argv.slice(2), status: response.status }));
`,
      );
      chmodSync(browser, 0o755);
      const app = new AppService({
        home,
        env: {
          TOBIRA_SECRET_STORE: 'file',
          TOBIRA_PASSPHRASE: 'pass-1',
          TOBIRA_ENDPOINT_AWS_STS: aws.origin,
          TOBIRA_ENDPOINT_AWS_SIGNIN: aws.origin,
        },
        platform: {
          mode: 'browser',
          systemLang: 'en',
          openBrowser: () => Promise.reject(new Error('the system browser must not be used')),
        },
      });
      await app.add({
        type: 'aws-iam-user',
        name: 'alice',
        options: { accessKeyId: 'AKIAAPPTEST000000002', region: 'ap-northeast-1' },
        secret,
      });
      app.setSettings({ consoleBrowser: browser });
      expect(await app.console('alice', false)).toEqual({ done: 'opened' });
      const id = (
        JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')) as { profiles: Array<{ id: string }> }
      ).profiles[0]?.id;
      const seen = await (async () => {
        for (let waited = 0; waited < 10_000; waited += 50) {
          if (existsSync(report))
            return JSON.parse(readFileSync(report, 'utf8')) as { argv: string[]; status: number };
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error('the browser never reported');
      })();
      expect(seen.status).toBe(302);
      expect(seen.argv.slice(0, 4)).toEqual([
        `--user-data-dir=${join(home, 'browser', id ?? '', 'chromium')}`,
        '--no-first-run',
        '--no-default-browser-check',
        '--window-name=Tobira: alice',
      ]);
      expect(seen.argv.at(-1)).toMatch(/^file:\/\/.*\/launch\/[0-9a-f]{32}\.html$/);
      expect(JSON.stringify(seen.argv)).not.toContain(aws.signins.at(-1)?.token ?? '-');
    } finally {
      await aws.close();
    }
  }, 30_000);
});
