import { describe, expect, it, vi } from 'vitest';
import { exportFormats, exportText } from '../../../../electron/core/usecases';
import type { ActiveSession, LoginServices, ProviderSessions } from '../../../../electron/core/providers';
import type { ProfileRecord } from '../../../../electron/core/vault';

const profile = { name: 'work', type: 'fake', fields: {} } as unknown as ProfileRecord;
const session: ActiveSession = { profile, expiration: '2026-05-01T01:00:00Z', data: {}, fromCache: false };
const sessions = {
  provider: 'fake',
  exportEnv: () => ({ FAKE_TOKEN: "it's" }),
  exportJson: () => ({ token: 'tok' }),
  formats: { 'fake-profile': async () => 'from the provider' },
} as unknown as ProviderSessions;
const services = {} as LoginServices;

describe('export text, the one use case behind `tobira export` and the app', () => {
  it('prints shell exports quoted for the shell and the JSON shape of the contract', async () => {
    const source = { sessions, services: () => services, session: async () => session };
    expect(await exportText(profile, 'env', source)).toBe("export FAKE_TOKEN='it'\\''s'");
    expect(JSON.parse(await exportText(profile, 'json', source))).toEqual({
      profile: 'work',
      provider: 'fake',
      expiration: '2026-05-01T01:00:00Z',
      token: 'tok',
    });
  });

  it("hands a provider's own format to the provider without logging in", async () => {
    const login = vi.fn(async () => session);
    expect(
      await exportText(profile, 'fake-profile', { sessions, services: () => services, session: login }),
    ).toBe('from the provider');
    expect(login).not.toHaveBeenCalled();
  });

  it('refuses an unknown format (exit 2) before any login, and types without sessions offer none', async () => {
    const login = vi.fn(async () => session);
    await expect(
      exportText(profile, 'yaml', { sessions, services: () => services, session: login }),
    ).rejects.toMatchObject({
      key: 'cli.export.badFormat',
      exitCode: 2,
    });
    expect(login).not.toHaveBeenCalled();
    expect(exportFormats(sessions)).toEqual(['env', 'fish', 'powershell', 'json', 'fake-profile']);
    expect(exportFormats(undefined)).toEqual([]);
  });
});
