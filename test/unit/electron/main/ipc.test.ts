import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { registerIpcHandlers, type Handlers } from '../../../../electron/main/ipc';

type Listener = (event: IpcMainInvokeEvent, raw: unknown) => Promise<unknown>;

function fakeIpcMain() {
  const listeners = new Map<string, Listener>();
  return {
    handle: vi.fn((channel: string, listener: Listener) => listeners.set(channel, listener)),
    listeners,
  };
}

const handlers: Handlers = {
  'app:info': async () => ({ version: '1.2.3', home: '/h', lang: 'en' }),
  'profiles:list': async () => [
    {
      name: 'a',
      type: 'totp',
      mfa: null,
      fields: {},
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    },
  ],
};

const event = (trusted: boolean) => ({ trusted }) as unknown as IpcMainInvokeEvent;
const isTrusted = (candidate: IpcMainInvokeEvent) => (candidate as unknown as { trusted: boolean }).trusted;

describe('registerIpcHandlers', () => {
  it('registers every contract channel and answers a trusted sender', async () => {
    const ipcMain = fakeIpcMain();
    registerIpcHandlers(ipcMain, handlers, isTrusted);
    expect([...ipcMain.listeners.keys()].sort()).toEqual(['app:info', 'profiles:list']);
    await expect(ipcMain.listeners.get('app:info')?.(event(true), {})).resolves.toEqual({
      version: '1.2.3',
      home: '/h',
      lang: 'en',
    });
  });

  it('refuses an untrusted sender before the handler runs', async () => {
    const ipcMain = fakeIpcMain();
    const spy = vi.fn(handlers['profiles:list']);
    registerIpcHandlers(ipcMain, { ...handlers, 'profiles:list': spy }, isTrusted);
    await expect(ipcMain.listeners.get('profiles:list')?.(event(false), {})).rejects.toThrow(
      /untrusted sender/,
    );
    expect(spy).not.toHaveBeenCalled();
  });

  it('validates requests and replies with the shared schemas', async () => {
    const ipcMain = fakeIpcMain();
    registerIpcHandlers(
      ipcMain,
      { ...handlers, 'app:info': async () => ({ version: 1 }) as never },
      isTrusted,
    );
    await expect(ipcMain.listeners.get('profiles:list')?.(event(true), { extra: 'field' })).rejects.toThrow();
    await expect(ipcMain.listeners.get('app:info')?.(event(true), {})).rejects.toThrow();
  });
});
