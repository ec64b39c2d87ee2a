import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppService, appHandlers, dispatch } from '../../../../electron/core/app';
import { trayModel } from '../../../../electron/main/tray-model';

function app() {
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-app-page-')), 'h');
  const service = new AppService({
    home,
    env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'pass-1' },
    platform: { mode: 'browser', systemLang: 'en' },
  });
  return { handlers: appHandlers(service), home };
}

const stored = (home: string, name: string): unknown =>
  (
    JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')) as {
      profiles: Array<{ name: string; console?: unknown }>;
    }
  ).profiles.find((profile) => profile.name === name)?.console;

describe("the app's Console page editor (profiles:consolePage)", () => {
  it('remembers a service and region for the tray favourite, offers the known services, and forgets on empty', async () => {
    const { handlers, home } = app();
    await dispatch(handlers, 'profiles:add', {
      type: 'aws-iam-user',
      name: 'prod',
      options: { accessKeyId: 'AKIAPAGE000000000001' },
      secret: 'canaryPageSecret/0123456789abcdefghijklmn',
    });
    const before = await dispatch(handlers, 'profiles:get', { name: 'prod' });
    expect(before).toMatchObject({ ok: true, value: { consolePageEditor: { page: {} } } });
    if (!before.ok) throw new Error('no view');
    expect(before.value.consolePageEditor?.services).toEqual(expect.arrayContaining(['s3', 'ec2', 'iam']));

    const saved = await dispatch(handlers, 'profiles:consolePage', {
      name: 'prod',
      page: { service: ' s3 ', region: 'eu-west-1', destination: '' },
    });
    expect(saved).toMatchObject({
      ok: true,
      value: {
        consolePage: 's3 (eu-west-1)',
        consolePageEditor: { page: { service: 's3', region: 'eu-west-1' } },
      },
    });
    expect(stored(home, 'prod')).toEqual({ service: 's3', region: 'eu-west-1' });
    // The tray's favourite names the page it opens.
    await dispatch(handlers, 'profiles:favourite', { name: 'prod', favourite: true });
    const list = await dispatch(handlers, 'profiles:list', {});
    if (!list.ok) throw new Error('no list');
    const labels = JSON.stringify(
      trayModel({ profiles: list.value, pendingPrompts: 0, lang: 'en', now: Date.now() }),
    );
    expect(labels).toContain('Open console: s3 (eu-west-1)');

    expect(await dispatch(handlers, 'profiles:consolePage', { name: 'prod', page: {} })).toMatchObject({
      ok: true,
      value: { consolePageEditor: { page: {} } },
    });
    expect(stored(home, 'prod')).toBeUndefined();
  });

  it('refuses what tobira console refuses, and keeps the page it had', async () => {
    const { handlers, home } = app();
    await dispatch(handlers, 'profiles:add', {
      type: 'aws-iam-user',
      name: 'prod',
      options: { accessKeyId: 'AKIAPAGE000000000001' },
      secret: 'canaryPageSecret/0123456789abcdefghijklmn',
    });
    await dispatch(handlers, 'profiles:consolePage', { name: 'prod', page: { service: 'ec2' } });
    const refused = async (page: Record<string, string>) => {
      const reply = await dispatch(handlers, 'profiles:consolePage', { name: 'prod', page });
      return reply.ok ? 'accepted' : reply.error.key;
    };
    expect(await refused({ service: 's3', destination: 'https://console.aws.amazon.com/s3/' })).toBe(
      'aws.console.serviceAndDestination',
    );
    expect(await refused({ service: '../evil' })).toBe('aws.console.badService');
    expect(await refused({ service: 's3', region: 'evil.example.com/' })).toBe('aws.console.badRegion');
    expect(await refused({ destination: 'https://evil.example.com/console.aws.amazon.com' })).toBe(
      'aws.console.badDestination',
    );
    expect(await refused({ destination: 'http://console.aws.amazon.com/s3/' })).toBe(
      'aws.console.badDestination',
    );
    expect(await refused({ service: 's3', extra: 'x' })).toBe('ui.error.badRequest');
    expect(stored(home, 'prod')).toEqual({ service: 'ec2' });
    expect(await refused({ destination: 'https://us-east-1.console.aws.amazon.com/s3/buckets/logs' })).toBe(
      'accepted',
    );
  });

  it('a console that takes no page, or no console at all, refuses a page', async () => {
    const { handlers } = app();
    await dispatch(handlers, 'profiles:add', {
      type: 'soracom',
      name: 'sc',
      options: { email: 'a@example.com' },
      secret: 'pw',
    });
    expect(await dispatch(handlers, 'profiles:get', { name: 'sc' })).toMatchObject({
      value: { consolePageEditor: null },
    });
    expect(
      await dispatch(handlers, 'profiles:consolePage', { name: 'sc', page: { service: 's3' } }),
    ).toMatchObject({ ok: false, error: { key: 'cli.console.unsupported' } });
  });
});
