import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppService, appHandlers, dispatch, typeViews } from '../../../../electron/core/app';
import { providerAction, providerCommands, profileTypes } from '../../../../electron/core/providers';
import { knownProvider } from '../../../../electron/core/providers/registry';
import type { ProviderActionId } from '../../../../electron/core/providers';
import { auth0KeyActions } from '../../../../electron/core/providers/auth0/actions';
import { kryptonActions } from '../../../../electron/core/providers/krypton/actions';

const ACTIONS: readonly ProviderActionId[] = [
  'apikeys:list',
  'apikeys:create',
  'apikeys:rotate',
  'apikeys:revoke',
  'apikeys:permissions',
  'aws:key',
  'aws:rotate',
  'sim:status',
];

describe('provider extras declared in the registry', () => {
  it('give the app a type’s panels: auth0-admin shows the key panel, a type without extras shows none', () => {
    const panels = new Map(typeViews().map((view) => [view.type, view.panels]));
    expect(panels.get('auth0-admin')).toEqual(['apiKeys']);
    expect(panels.get('auth0-apikey')).toEqual([]);
    expect(panels.get('aws-iam-user')).toEqual(['accessKey']);
    expect(panels.get('aws-role')).toEqual([]);
    expect(panels.get('soracom')).toEqual([]);
    expect(panels.get('totp')).toEqual([]);
    // Every panel shown comes from a declaration, nothing from the type's name.
    for (const type of profileTypes()) {
      expect(panels.get(type)).toEqual([...(knownProvider(type)?.extras?.panels ?? [])]);
    }
  });

  it('give the CLI the command groups to register, each once, from the types that declare them', () => {
    expect(providerCommands()).toEqual(['idp-server', 'sim', 'apikey', 'sso']);
    expect(knownProvider('idp-server-admin')?.extras?.commands).toEqual(['idp-server']);
    expect(knownProvider('aws-krypton')?.extras?.commands).toEqual(['sim']);
    expect(knownProvider('auth0-admin')?.extras?.commands).toEqual(['apikey']);
    expect(knownProvider('aws-sso-session')?.extras?.commands).toEqual(['sso']);
    expect(knownProvider('soracom')?.extras).toBeUndefined();
  });

  it('serve each app action from exactly one provider', () => {
    for (const id of ACTIONS) {
      const serving = profileTypes().filter((type) => knownProvider(type)?.extras?.actions?.[id]);
      expect({ id, serving: serving.length }).toEqual({ id, serving: 1 });
    }
    expect(providerAction('apikeys:list')).toBe(auth0KeyActions['apikeys:list']);
    expect(providerAction('sim:status')).toBe(kryptonActions['sim:status']);
  });

  it('route the app’s apikeys channels to the provider’s action, which refuses a profile of another type', async () => {
    const home = join(mkdtempSync(join(tmpdir(), 'tobira-extras-')), 'h');
    const app = new AppService({
      home,
      env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'pass-1' },
      platform: { mode: 'browser', systemLang: 'en' },
    });
    const handlers = appHandlers(app);
    await dispatch(handlers, 'profiles:add', {
      type: 'totp',
      name: 'codes',
      options: {},
      secret: 'JBSWY3DPEHPK3PXP',
    });
    expect(await dispatch(handlers, 'apikeys:list', { name: 'codes' })).toMatchObject({
      ok: false,
      error: { key: 'auth0.admin.wrongType', params: { name: 'codes', type: 'totp' }, exitCode: 2 },
    });
    expect(await dispatch(handlers, 'apikeys:list', { name: 'missing' })).toMatchObject({
      ok: false,
      error: { key: 'profile.notFound' },
    });
  });
});
