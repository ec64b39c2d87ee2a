import {
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
});
