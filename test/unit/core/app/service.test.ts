import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppService, PromptCenter } from '../../../../electron/core/app';
import { isTobiraError } from '../../../../electron/core';
import { RFC6238_SEEDS } from '../../../harness/rfc6238';

const SEED = RFC6238_SEEDS.SHA1;

function service(options: { clipboard?: boolean; env?: Record<string, string> } = {}) {
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-app-')), 'h');
  const copied: Array<{ text: string; ms: number }> = [];
  const app = new AppService({
    home,
    env: options.env ?? { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'pass-1' },
    platform: {
      mode: options.clipboard ? 'electron' : 'browser',
      systemLang: 'en',
      ...(options.clipboard ? { clipboard: { write: (text, ms) => copied.push({ text, ms }) } } : {}),
    },
    now: () => 59_000,
  });
  return { app, home, copied };
}

describe('AppService profiles', () => {
  it('validates an add form field by field with the provider’s own errors', async () => {
    const { app } = service();
    const base = {
      type: 'soracom',
      name: 'work',
      options: { operatorId: 'OP12', user: 'alice' },
      secret: '',
    };
    expect(app.validate(base)).toMatchObject({
      ok: false,
      field: 'operatorId',
      error: { key: 'profile.invalidField' },
    });
    expect(app.validate({ ...base, options: { operatorId: 'OP0012345678', user: 'alice' } })).toMatchObject({
      ok: false,
      field: 'secret',
    });
    expect(
      app.validate({
        ...base,
        name: 'bad name',
        options: { operatorId: 'OP0012345678', user: 'alice' },
        secret: 'pw',
      }),
    ).toMatchObject({
      field: 'name',
      error: { key: 'profile.badName' },
    });
    expect(
      app.validate({ ...base, options: { email: 'a@example.com', user: 'alice' }, secret: 'pw' }),
    ).toMatchObject({
      field: null,
      error: { key: 'soracom.mode.exactlyOne' },
    });
    expect(
      app.validate({
        ...base,
        options: { operatorId: 'OP0012345678', user: 'alice', nope: 'x' },
        secret: 'pw',
      }),
    ).toMatchObject({
      error: { key: 'profile.badOption' },
    });
    expect(
      app.validate({ ...base, options: { operatorId: 'OP0012345678', user: 'alice' }, secret: 'pw' }),
    ).toEqual({
      ok: true,
      field: null,
      error: null,
    });
  });

  it('adds, favourites, renames and removes; views never carry the secret', async () => {
    const { app, home } = service();
    const events: string[] = [];
    app.onEvent((event) => events.push(event.kind === 'changed' ? event.topics.join(',') : 'notice'));
    const view = await app.add({ type: 'totp', name: 'github', options: {}, secret: SEED });
    expect(view).toMatchObject({ name: 'github', label: 'TOTP', hasOtp: true, hasSessions: false });
    expect(JSON.stringify(await app.profiles())).not.toContain(SEED);
    expect(readFileSync(join(home, 'profiles.json'), 'utf8')).not.toContain(SEED);
    expect((await app.favourite('github', true)).favourite).toBe(true);
    expect((await app.rename('github', 'gh')).name).toBe('gh');
    await app.remove('gh');
    expect(await app.profiles()).toEqual([]);
    expect(events).toContain('profiles');
  });

  it('shows a TOTP code on an explicit reveal and copies it with a clearing delay', async () => {
    const { app, copied } = service({ clipboard: true });
    await app.add({
      type: 'totp',
      name: 'rfc',
      options: {},
      secret: `otpauth://totp/x?secret=${SEED}&digits=8`,
    });
    expect(await app.revealOtp('rfc')).toEqual({ code: '94287082', secondsLeft: 1 });
    expect(await app.copyOtp('rfc')).toBe(30);
    expect(copied).toEqual([{ text: '94287082', ms: 30_000 }]);
  });

  it('refuses clipboard actions where there is no clipboard (browser mode)', async () => {
    const { app } = service();
    await app.add({ type: 'totp', name: 'rfc', options: {}, secret: SEED });
    const error = await app.copyOtp('rfc').catch((caught: unknown) => caught);
    expect(isTobiraError(error) && error.key).toBe('ui.clipboard.unavailable');
  });

  it('applies the secret-store setting, and fixes it once secrets exist', async () => {
    const { app, home } = service({ env: { TOBIRA_PASSPHRASE: 'pass-1' } });
    expect(app.settingsView()).toMatchObject({
      secretStore: 'auto',
      secretStoreInUse: null,
      secretStoreFromEnv: false,
    });
    expect(app.setSettings({ secretStore: 'file', language: 'ja', theme: 'dark' })).toMatchObject({
      secretStore: 'file',
      language: 'ja',
      theme: 'dark',
    });
    expect(app.lang()).toBe('ja');
    await app.add({ type: 'totp', name: 'x', options: {}, secret: SEED });
    expect(readFileSync(join(home, 'secrets.enc'), 'utf8')).not.toContain(SEED);
    expect(app.settingsView().secretStoreInUse).toBe('file');
    const locked = (() => {
      try {
        app.setSettings({ secretStore: 'keychain' });
      } catch (error) {
        return error;
      }
    })();
    expect(isTobiraError(locked) && locked.key).toBe('ui.settings.storeLocked');
    const noLoginItem = (() => {
      try {
        app.setSettings({ startAtLogin: true });
      } catch (error) {
        return error;
      }
    })();
    expect(isTobiraError(noLoginItem) && noLoginItem.key).toBe('ui.startAtLogin.unavailable');
  });
});

describe('PromptCenter', () => {
  it('queues prompts, answers one by id, cancels, and times out on its own', async () => {
    const center = new PromptCenter({ timeoutMs: 50 });
    const input = {
      kind: 'code' as const,
      profile: 'p',
      provider: 'SORACOM',
      label: { key: 'mfa.prompt.label' },
      requester: null,
    };
    const answered = center.ask(input);
    const cancelled = center.ask(input);
    const [first, second] = center.list();
    center.answer(first?.id ?? '', '123456');
    center.cancel(second?.id ?? '');
    expect(await answered).toEqual({ value: '123456' });
    expect(await cancelled).toEqual({ error: 'cancelled' });
    expect(await center.ask(input)).toEqual({ error: 'timeout' });
    expect(center.list()).toEqual([]);
    const gone = (() => {
      try {
        center.answer('nope', '1');
      } catch (error) {
        return error;
      }
    })();
    expect(isTobiraError(gone) && gone.key).toBe('ui.prompt.gone');
    const required = await center.require(input).catch((error: unknown) => error);
    expect(isTobiraError(required) && required.exitCode).toBe(5);
  });
});
