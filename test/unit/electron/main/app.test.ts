import { describe, expect, it, vi } from 'vitest';

// The Electron binary cannot run here: the main process is loaded under Node with `electron` mocked.
vi.mock('electron', () => ({
  app: {},
  BrowserWindow: vi.fn(),
  clipboard: {},
  ipcMain: { handle: vi.fn() },
  Menu: { buildFromTemplate: vi.fn((template: unknown) => template) },
  nativeImage: { createFromBuffer: vi.fn() },
  Notification: vi.fn(),
  session: {},
  shell: { openExternal: vi.fn() },
  Tray: vi.fn(),
}));

const { trayActionRunner } = await import('../../../../electron/main/app');
const { menuTemplate } = await import('../../../../electron/main/menu');
const { autoClearingClipboard } = await import('../../../../electron/main/clipboard');
const { doorIconPng } = await import('../../../../electron/main/icon');
const { TobiraError } = await import('../../../../electron/core');

function runner() {
  const service = {
    login: vi.fn(async () => ({ identity: 'x', details: {}, expiration: '', fromCache: false })),
    logout: vi.fn(async () => ({ hadSession: true })),
    console: vi.fn(async () => ({ done: 'opened' as const })),
    copyExport: vi.fn(async () => ({ clearsInSeconds: 60 })),
    copyOtp: vi.fn(async () => ({ clearsInSeconds: 30 })),
  };
  const deps = {
    service,
    showWindow: vi.fn(),
    showPrompts: vi.fn(),
    quit: vi.fn(),
    fail: vi.fn(),
    lang: () => 'en' as const,
  };
  return { run: trayActionRunner(deps), ...deps };
}

describe('tray actions', () => {
  it('runs each menu action on the service: console, copy env, copy code, login, logout, show, quit', async () => {
    const { run, service, showWindow, quit, showPrompts } = runner();
    await run({ type: 'console', profile: 'p' });
    await run({ type: 'copyEnv', profile: 'p' });
    await run({ type: 'copyOtp', profile: 'g' });
    await run({ type: 'login', profile: 'p' });
    await run({ type: 'logout', profile: 'p' });
    await run({ type: 'show' });
    await run({ type: 'prompts' });
    await run({ type: 'quit' });
    expect(service.console).toHaveBeenCalledWith('p', false);
    expect(service.copyExport).toHaveBeenCalledWith('p', 'env');
    expect(service.copyOtp).toHaveBeenCalledWith('g');
    expect(service.login).toHaveBeenCalledWith('p');
    expect(service.logout).toHaveBeenCalledWith('p');
    expect(showWindow).toHaveBeenCalledOnce();
    expect(showPrompts).toHaveBeenCalledOnce();
    expect(quit).toHaveBeenCalledOnce();
  });

  it('reports a failure in the user language, and stays quiet about a cancel', async () => {
    const { run, service, fail } = runner();
    service.login.mockRejectedValueOnce(new TobiraError('profile.notFound', 1, { name: 'gone' }));
    await run({ type: 'login', profile: 'gone' });
    expect(fail).toHaveBeenCalledWith('No profile named gone. See tobira profile list.');
    service.login.mockRejectedValueOnce(new TobiraError('ui.cancelled', 1, { name: 'p' }));
    await run({ type: 'login', profile: 'p' });
    expect(fail).toHaveBeenCalledOnce();
  });
});

describe('menuTemplate', () => {
  it('maps items, submenus and separators, and clicks run the action', () => {
    const run = vi.fn();
    const template = menuTemplate(
      [
        {
          kind: 'submenu',
          id: 'profile:p',
          label: 'p',
          items: [
            {
              kind: 'item',
              id: 'login:p',
              label: 'Log in',
              enabled: true,
              action: { type: 'login', profile: 'p' },
            },
          ],
        },
        { kind: 'separator' },
        { kind: 'item', id: 'none', label: 'No profiles yet', enabled: false },
      ],
      run,
    );
    expect(template[1]).toEqual({ type: 'separator' });
    expect(template[2]).toEqual({ id: 'none', label: 'No profiles yet', enabled: false });
    const submenu = template[0]?.submenu as Array<{ click?: () => void }>;
    submenu[0]?.click?.();
    expect(run).toHaveBeenCalledWith({ type: 'login', profile: 'p' });
  });
});

describe('autoClearingClipboard', () => {
  it('clears the clipboard after the delay only if it still holds what was copied', () => {
    let content = '';
    const clipboard = {
      writeText: (text: string) => void (content = text),
      readText: () => content,
      clear: () => void (content = ''),
    };
    const timers: Array<() => void> = [];
    const board = autoClearingClipboard(clipboard, (run, ms) => {
      expect(ms).toBe(30_000);
      timers.push(run);
    });
    board.write('123456', 30_000);
    expect(content).toBe('123456');
    timers.shift()?.();
    expect(content).toBe('');
    board.write('654321', 30_000);
    content = 'something the user copied since';
    timers.shift()?.();
    expect(content).toBe('something the user copied since');
  });
});

describe('doorIconPng', () => {
  it('draws a valid RGBA PNG of the asked size', () => {
    const png = doorIconPng(22);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(22);
    expect(png.readUInt32BE(20)).toBe(22);
  });
});
