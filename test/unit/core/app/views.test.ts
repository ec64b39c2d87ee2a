import { describe, expect, it } from 'vitest';
import { profileSummary, profileView, typeViews } from '../../../../electron/core/app/views';
import type { ProfileRecord } from '../../../../electron/core/vault/schema';
import { trayModel, type TrayItem } from '../../../../electron/main/tray-model';

const AT = '2026-01-01T00:00:00.000Z';

function record(
  name: string,
  type: string,
  fields: Record<string, unknown>,
  favourite = false,
): ProfileRecord {
  return {
    id: `00000000-0000-4000-8000-${String(name.length).padStart(12, '0')}`,
    name,
    type,
    fields,
    secrets: {},
    createdAt: AT,
    updatedAt: AT,
    ...(favourite ? { favourite: true } : {}),
  };
}

const SESSION = record('org', 'aws-sso-session', {
  startUrl: 'https://d-1234567890.awsapps.com/start',
  ssoRegion: 'ap-northeast-1',
});
const ROLES = [
  record('prod-Admin', 'aws-sso', {
    session: 'org',
    accountId: '111111111111',
    roleName: 'Admin',
    accountName: 'prod',
    managedBy: 'sso-sync',
  }),
  record(
    'staging-Dev',
    'aws-sso',
    { session: 'org', accountId: '222222222222', roleName: 'Dev', accountName: 'staging' },
    true,
  ),
];
const ALL = [SESSION, ...ROLES];

describe('IAM Identity Center in the app', () => {
  it("lists a session's roles under it, each with its account and role to search by", () => {
    const view = profileView(SESSION, ALL, undefined);
    expect(view.dependents).toEqual(['prod-Admin', 'staging-Dev']);
    const role = profileView(ROLES[0] as ProfileRecord, ALL, undefined);
    expect(Object.values(role.details)).toEqual(
      expect.arrayContaining(['111111111111', 'prod', 'Admin', 'org']),
    );
    expect(role.hasConsole).toBe(true);
  });

  it("the list's slim row still carries the account and role for the search, and no secret", () => {
    const row = profileSummary(ROLES[1] as ProfileRecord, undefined);
    expect(row.keywords.split('\n')).toEqual(expect.arrayContaining(['222222222222', 'staging', 'Dev']));
    expect(row).not.toHaveProperty('details');
  });

  it('a favourite role is at the top of the tray with its console', () => {
    const profiles = ALL.map((entry) => profileView(entry, ALL, undefined));
    const items = trayModel({ profiles, lang: 'en', now: Date.parse(AT), pendingPrompts: 0 });
    const first = items[0] as Extract<TrayItem, { kind: 'submenu' }>;
    expect(first.label).toBe('★ staging-Dev');
    expect(first.items.map((item) => (item.kind === 'separator' ? '-' : item.id))).toContain(
      'console:staging-Dev',
    );
  });

  it('the session offers no export (it has no AWS credentials); its roles offer every format', () => {
    const formats = new Map(typeViews().map((view) => [view.type, view.formats]));
    expect(formats.get('aws-sso-session')).toEqual([]);
    expect(formats.get('aws-sso')).toEqual(expect.arrayContaining(['env', 'json', 'credential-process']));
  });
});
