import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../../../../shared/ipc';
import { registerIpcHandlers, trustedSender, type Handlers } from '../../../../electron/main/ipc';
import { TobiraError } from '../../../../electron/core';

type Listener = (event: IpcMainInvokeEvent, raw: unknown) => Promise<unknown>;

function fakeIpcMain() {
  const listeners = new Map<string, Listener>();
  return {
    handle: vi.fn((channel: string, listener: Listener) => listeners.set(channel, listener)),
    listeners,
  };
}

const info = {
  version: '1.2.3',
  home: '/h',
  lang: 'en' as const,
  mode: 'electron' as const,
  capabilities: { clipboard: true, startAtLogin: true, agent: true },
};

/** Every channel fails loudly unless a test gives it a handler. */
function handlers(overrides: Partial<Handlers>): Handlers {
  const base = Object.fromEntries(
    IPC_CHANNELS.map((channel) => [channel, async () => Promise.reject(new Error(`unexpected ${channel}`))]),
  );
  return { ...base, ...overrides } as Handlers;
}

const event = (trusted: boolean) => ({ trusted }) as unknown as IpcMainInvokeEvent;
const isTrusted = (candidate: IpcMainInvokeEvent) => (candidate as unknown as { trusted: boolean }).trusted;

describe('registerIpcHandlers', () => {
  it('registers every contract channel and answers a trusted sender with an envelope', async () => {
    const ipcMain = fakeIpcMain();
    registerIpcHandlers(ipcMain, handlers({ 'app:info': async () => info }), isTrusted);
    expect([...ipcMain.listeners.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    await expect(ipcMain.listeners.get('app:info')?.(event(true), {})).resolves.toEqual({
      ok: true,
      value: info,
    });
  });

  it('refuses an untrusted sender before the handler runs', async () => {
    const ipcMain = fakeIpcMain();
    const spy = vi.fn(async () => []);
    registerIpcHandlers(ipcMain, handlers({ 'profiles:list': spy }), isTrusted);
    await expect(ipcMain.listeners.get('profiles:list')?.(event(false), {})).rejects.toThrow(
      /untrusted sender/,
    );
    expect(spy).not.toHaveBeenCalled();
  });

  it('validates requests with the shared schemas: extra fields, a reveal without confirm, a bad reply', async () => {
    const ipcMain = fakeIpcMain();
    const reveal = vi.fn(async () => ({ text: 'secret' }));
    registerIpcHandlers(
      ipcMain,
      handlers({
        'app:info': async () => ({ version: 1 }) as never,
        'export:reveal': reveal,
        'profiles:list': async () => [],
      }),
      isTrusted,
    );
    const extra = await ipcMain.listeners.get('profiles:list')?.(event(true), { extra: 'field' });
    expect(extra).toMatchObject({ ok: false, error: { key: 'ui.error.badRequest', exitCode: 2 } });
    const unconfirmed = await ipcMain.listeners.get('export:reveal')?.(event(true), {
      name: 'a',
      format: 'env',
    });
    expect(unconfirmed).toMatchObject({ ok: false, error: { key: 'ui.error.badRequest' } });
    expect(reveal).not.toHaveBeenCalled();
    expect(await ipcMain.listeners.get('app:info')?.(event(true), {})).toMatchObject({ ok: false });
  });

  it('turns a TobiraError into its message key and params, and nothing else of the exception', async () => {
    const ipcMain = fakeIpcMain();
    registerIpcHandlers(
      ipcMain,
      handlers({
        'session:login': async () => {
          throw new TobiraError('profile.notFound', 1, { name: 'x' });
        },
      }),
      isTrusted,
    );
    expect(await ipcMain.listeners.get('session:login')?.(event(true), { name: 'x' })).toEqual({
      ok: false,
      error: { key: 'profile.notFound', params: { name: 'x' }, exitCode: 1 },
    });
  });
});

describe('trustedSender', () => {
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as never;

  it('accepts only the packaged renderer main frame', () => {
    const check = trustedSender(undefined);
    expect(check(frame('file:///opt/Tobira/resources/app.asar/out/renderer/index.html#prompt'))).toBe(true);
    expect(check(frame('file:///tmp/evil.html'))).toBe(false);
    expect(check(frame('https://example.com/out/renderer/index.html'))).toBe(false);
    expect(check(frame('file:///opt/Tobira/out/renderer/index.html', {}))).toBe(false);
    expect(check({ senderFrame: null } as never)).toBe(false);
  });

  it('accepts the dev server origin only, in development', () => {
    const check = trustedSender('http://localhost:5173');
    expect(check(frame('http://localhost:5173/'))).toBe(true);
    expect(check(frame('http://localhost:5174/'))).toBe(false);
    expect(check(frame('http://localhost.evil.com:5173/'))).toBe(false);
  });
});
