import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../../../../shared/ipc';
import {
  expiringNotices,
  timeLeftShort,
  trayModel,
  type TrayItem,
} from '../../../../electron/main/tray-model';

const NOW = Date.parse('2026-05-01T00:00:00Z');

function profile(name: string, extra: Partial<ProfileView> = {}): ProfileView {
  return {
    name,
    type: 'soracom',
    label: 'SORACOM',
    favourite: false,
    mfa: null,
    consolePageEditor: null,
    details: {},
    source: null,
    keywords: '',
    dependents: [],
    hasSessions: true,
    hasConsole: false,
    hasOtp: false,
    session: { state: 'none', expiration: null },
    ...extra,
  };
}

const labels = (items: TrayItem[]) => items.map((item) => (item.kind === 'separator' ? '---' : item.label));
const find = (items: TrayItem[], id: string): TrayItem | undefined => {
  for (const item of items) {
    if (item.kind !== 'separator' && item.id === id) return item;
    if (item.kind === 'submenu') {
      const inner = find(item.items, id);
      if (inner) return inner;
    }
  }
  return undefined;
};

describe('trayModel', () => {
  it('puts favourites first with their time left, then the others under "Other profiles", then Show and Quit', () => {
    const items = trayModel({
      lang: 'en',
      now: NOW,
      pendingPrompts: 0,
      profiles: [
        profile('b-other'),
        profile('a-fav', {
          favourite: true,
          session: { state: 'active', expiration: '2026-05-01T01:05:00Z' },
        }),
        profile('c-other'),
      ],
    });
    expect(labels(items)).toEqual([
      '★ a-fav — 1h05m left',
      'Other profiles',
      '---',
      'Show Tobira',
      'Quit Tobira',
    ]);
    const more = items[1];
    expect(more?.kind === 'submenu' && labels(more.items)).toEqual(['b-other', 'c-other']);
  });

  it('offers Open console only where the provider has one, Copy credentials as env and Log out for a live session', () => {
    const items = trayModel({
      lang: 'en',
      now: NOW,
      pendingPrompts: 0,
      profiles: [
        profile('aws', {
          label: 'AWS',
          hasConsole: true,
          session: { state: 'active', expiration: '2026-05-01T00:30:00Z' },
        }),
        profile('sora'),
      ],
    });
    const aws = find(items, 'profile:aws');
    expect(aws?.kind === 'submenu' && labels(aws.items)).toEqual([
      'Open console',
      'Copy credentials as env',
      'Log in',
      'Log out',
    ]);
    expect(find(items, 'console:aws')).toMatchObject({ action: { type: 'console', profile: 'aws' } });
    expect(find(items, 'copyEnv:aws')).toMatchObject({ action: { type: 'copyEnv', profile: 'aws' } });
    const sora = find(items, 'profile:sora');
    expect(sora?.kind === 'submenu' && labels(sora.items)).toEqual(['Copy credentials as env', 'Log in']);
  });

  it('a favourite that remembers a console page says where Open console goes', () => {
    const items = trayModel({
      lang: 'ja',
      now: NOW,
      pendingPrompts: 0,
      profiles: [profile('prod', { favourite: true, hasConsole: true, consolePage: 's3 (eu-west-1)' })],
    });
    expect(find(items, 'console:prod')).toMatchObject({
      label: 'コンソールを開く: s3 (eu-west-1)',
      action: { type: 'console', profile: 'prod' },
    });
  });

  it('groups profiles built on another under "Switch <provider> user", and lists TOTP codes to copy', () => {
    const items = trayModel({
      lang: 'ja',
      now: NOW,
      pendingPrompts: 2,
      profiles: [
        profile('root'),
        profile('deploy', {
          type: 'soracom-switch',
          source: 'root',
          session: { state: 'active', expiration: '2026-05-01T00:40:00Z' },
        }),
        profile('github', { type: 'totp', label: 'TOTP', hasSessions: false, hasOtp: true }),
      ],
    });
    expect(labels(items)).toEqual([
      'MFA の入力に答える (2)',
      '---',
      'root',
      '---',
      'SORACOM ユーザーを切り替え',
      '---',
      'MFA コード',
      '---',
      'Tobira を表示',
      'Tobira を終了',
    ]);
    expect(find(items, 'target:deploy')).toMatchObject({ label: 'deploy (root) — 残り 40m' });
    expect(find(items, 'login:deploy')).toMatchObject({ action: { type: 'login', profile: 'deploy' } });
    expect(find(items, 'copyOtp:github')).toMatchObject({
      label: 'github のコードをコピー',
      action: { type: 'copyOtp' },
    });
    expect(find(items, 'prompts')).toMatchObject({ action: { type: 'prompts' } });
  });

  it('says so when there are no profiles', () => {
    expect(labels(trayModel({ lang: 'en', now: NOW, pendingPrompts: 0, profiles: [] }))).toEqual([
      'No profiles yet',
      '---',
      'Show Tobira',
      'Quit Tobira',
    ]);
  });
});

describe('timeLeftShort and expiringNotices', () => {
  it('formats time left and nothing for the past', () => {
    expect(timeLeftShort('2026-05-01T02:03:00Z', NOW)).toBe('2h03m');
    expect(timeLeftShort('2026-05-01T00:00:20Z', NOW)).toBe('1m');
    expect(timeLeftShort('2026-04-30T23:00:00Z', NOW)).toBeUndefined();
    expect(timeLeftShort(null, NOW)).toBeUndefined();
  });

  it('notices a session in its last five minutes once per expiration', () => {
    const notified = new Set<string>();
    const soon = profile('soon', { session: { state: 'expiring', expiration: '2026-05-01T00:04:00Z' } });
    const later = profile('later', { session: { state: 'active', expiration: '2026-05-01T03:00:00Z' } });
    const gone = profile('gone', { session: { state: 'expired', expiration: '2026-04-30T00:00:00Z' } });
    const first = expiringNotices([soon, later, gone], notified, NOW, 'en');
    expect(first).toEqual([
      {
        profile: 'soon',
        expiration: '2026-05-01T00:04:00Z',
        title: 'Session expiring',
        body: 'soon expires in 4m. Log in again to keep working.',
      },
    ]);
    expect(expiringNotices([soon], notified, NOW + 1000, 'en')).toEqual([]);
    const renewed = profile('soon', { session: { state: 'expiring', expiration: '2026-05-01T00:04:30Z' } });
    expect(expiringNotices([renewed], notified, NOW, 'ja')[0]?.title).toBe(
      'セッションの期限が近づいています',
    );
  });
});
