import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../../shared/ipc';

/**
 * Loads the real main process (electron/main/app.ts → startApp) with `electron` replaced by a recorder, then checks
 * what it configured: window preferences, CSP, navigation, popups, webviews, permissions and IPC sender checks.
 */
type Listener = (...args: unknown[]) => unknown;

const recorded = vi.hoisted(() => {
  const on = () => {
    const listeners = new Map<string, Listener[]>();
    return {
      listeners,
      on(event: string, listener: Listener) {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
        return this;
      },
      once(event: string, listener: Listener) {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
        return this;
      },
    };
  };
  return {
    on,
    windows: [] as Array<{
      options: Record<string, unknown>;
      contents: ReturnType<typeof on> & Record<string, unknown>;
    }>,
    app: { ...on(), quit: vi.fn(), singleInstance: true },
    ipc: new Map<string, Listener>(),
    permissionRequest: undefined as Listener | undefined,
    permissionCheck: undefined as Listener | undefined,
    headers: undefined as Listener | undefined,
    openExternal: vi.fn(async () => undefined),
    exposed: new Map<string, unknown>(),
    ready: undefined as undefined | (() => void),
  };
});

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const contents = {
        ...recorded.on(),
        windowOpenHandler: undefined as Listener | undefined,
        setWindowOpenHandler(handler: Listener) {
          contents.windowOpenHandler = handler;
        },
        send: vi.fn(),
      };
      this.webContents = contents;
      recorded.windows.push({ options, contents });
    }
    once() {}
    on() {}
    show() {}
    focus() {}
    hide() {}
    close() {}
    restore() {}
    isMinimized = () => false;
    isFocused = () => false;
    isVisible = () => false;
    isDestroyed = () => false;
    setAlwaysOnTop() {}
    loadURL = vi.fn(async () => undefined);
    loadFile = vi.fn(async () => undefined);
  }
  const app = Object.assign(recorded.app, {
    requestSingleInstanceLock: () => recorded.app.singleInstance,
    getLocale: () => 'en-US',
    getLoginItemSettings: () => ({ openAtLogin: false }),
    setLoginItemSettings: vi.fn(),
    whenReady: () => new Promise<void>((resolveReady) => (recorded.ready = resolveReady)),
  });
  return {
    app,
    BrowserWindow,
    clipboard: { writeText: vi.fn(), readText: () => '', clear: vi.fn() },
    ipcMain: { handle: (channel: string, listener: Listener) => recorded.ipc.set(channel, listener) },
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: { createFromBuffer: () => ({ setTemplateImage: vi.fn() }) },
    Notification: class {
      on() {}
      show() {}
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => (recorded.permissionRequest = handler),
        setPermissionCheckHandler: (handler: Listener) => (recorded.permissionCheck = handler),
        webRequest: { onHeadersReceived: (handler: Listener) => (recorded.headers = handler) },
      },
    },
    shell: { openExternal: recorded.openExternal },
    Tray: class {
      setToolTip() {}
      on() {}
      setContextMenu() {}
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => recorded.exposed.set(key, api) },
    ipcRenderer: { invoke: vi.fn(async () => ({ ok: true })), on: vi.fn(), removeListener: vi.fn() },
  };
});

const home = mkdtempSync(join(tmpdir(), 'tobira-electron-'));
const packagedPage = pathToFileURL(
  resolve(import.meta.dirname, '../../../electron/renderer/index.html'),
).href;

/** Parses "a b; c d" into { a: ['b'], c: ['d'] }. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

function expectStrictCsp(policy: string) {
  const csp = directives(policy);
  expect(csp['default-src']).toEqual(["'none'"]);
  expect(csp['script-src']).toEqual(["'self'"]);
  expect(csp['base-uri']).toEqual(["'none'"]);
  expect(csp['form-action']).toEqual(["'none'"]);
  for (const values of Object.values(csp)) {
    for (const value of values) {
      expect(value).not.toMatch(/unsafe-|^\*$|^https?:$|^http:\/\//);
    }
  }
}

let CONTENT_SECURITY_POLICY = '';
let agentClose: (() => void) | undefined;

beforeAll(async () => {
  process.env.TOBIRA_HOME = home;
  process.env.TOBIRA_PASSPHRASE = 'canary-passphrase-main';
  delete process.env.ELECTRON_RENDERER_URL;
  const { startApp } = await import('../../../electron/main/app');
  ({ CONTENT_SECURITY_POLICY } = await import('../../../electron/main/security'));
  startApp();
  recorded.ready?.();
  await vi.waitFor(() => expect(recorded.windows.length).toBeGreaterThan(0), { timeout: 5000 });
  agentClose = () => {
    for (const listener of recorded.app.listeners.get('will-quit') ?? []) listener();
  };
});

afterAll(() => {
  agentClose?.();
  for (const listener of recorded.app.listeners.get('before-quit') ?? []) listener();
  rmSync(home, { recursive: true, force: true });
  delete process.env.TOBIRA_HOME;
});

describe('Electron main process configuration (electron mocked, real startApp)', () => {
  it('every window: contextIsolation, sandbox, no Node, no webview tag, web security, the packaged preload', () => {
    for (const { options } of recorded.windows) {
      const prefs = options.webPreferences as Record<string, unknown>;
      expect(prefs).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
      });
      expect(prefs).not.toHaveProperty('enableBlinkFeatures');
      expect(prefs).not.toHaveProperty('experimentalFeatures');
      expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/);
    }
  });

  it('the prompt window (opened by a CLI ask over the agent socket) is hardened the same way', async () => {
    const { askViaAgent } = await import('../../../electron/core/agent');
    const before = recorded.windows.length;
    const pending = askViaAgent(
      home,
      {
        kind: 'code',
        profile: 'p',
        provider: 'aws-iam-user',
        label: { key: 'mfa.prompt' },
        requester: { pid: 1, command: 'sh', tobira: 'tobira login p' },
      },
      { answerTimeoutMs: 300 },
    );
    await vi.waitFor(() => expect(recorded.windows.length).toBe(before + 1), { timeout: 3000 });
    const prompt = recorded.windows.at(-1);
    expect(prompt?.options.alwaysOnTop).toBe(true);
    expect(prompt?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(prompt?.contents.windowOpenHandler).toBeTypeOf('function');
    expect(prompt?.contents.listeners.get('will-navigate')).toHaveLength(1);
    await pending;
  });

  it('TOBIRA_PASSPHRASE leaves the process environment at start, so nothing Electron launches inherits it', () => {
    expect(process.env.TOBIRA_PASSPHRASE).toBeUndefined();
    expect(process.env.TOBIRA_HOME).toBe(home);
  });

  it('a strict CSP: as a response header on every response, and as the meta tag of the renderer page', () => {
    expectStrictCsp(CONTENT_SECURITY_POLICY);
    expect(directives(CONTENT_SECURITY_POLICY)['frame-ancestors']).toEqual(["'none'"]);
    const callback = vi.fn();
    recorded.headers?.({ url: 'file:///x', responseHeaders: { 'X-Other': ['kept'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['kept'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    const html = readFileSync(resolve(import.meta.dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expectStrictCsp(meta as string);
  });

  it('navigation and redirects are prevented; window.open is denied (https links go to the system browser)', () => {
    for (const { contents } of recorded.windows) {
      for (const event of ['will-navigate', 'will-redirect']) {
        const preventDefault = vi.fn();
        for (const listener of contents.listeners.get(event) ?? [])
          listener({ preventDefault }, 'https://evil.example/');
        expect(preventDefault, event).toHaveBeenCalled();
      }
      const open = contents.windowOpenHandler as Listener;
      recorded.openExternal.mockClear();
      expect(open({ url: 'https://console.aws.amazon.com/' })).toEqual({ action: 'deny' });
      expect(recorded.openExternal).toHaveBeenCalledWith('https://console.aws.amazon.com/');
      for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'http://evil.example/', 'smb://x/y']) {
        recorded.openExternal.mockClear();
        expect(open({ url })).toEqual({ action: 'deny' });
        expect(recorded.openExternal, url).not.toHaveBeenCalled();
      }
    }
  });

  it('webview attachment is prevented for any web contents the app ever creates', () => {
    const contents = recorded.on();
    for (const listener of recorded.app.listeners.get('web-contents-created') ?? []) listener({}, contents);
    const preventDefault = vi.fn();
    for (const listener of contents.listeners.get('will-attach-webview') ?? []) {
      listener({ preventDefault }, {}, { src: 'https://evil.example/' });
    }
    expect(preventDefault).toHaveBeenCalled();
  });

  it('every permission request and permission check is denied', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'hid',
    ]) {
      const callback = vi.fn();
      recorded.permissionRequest?.({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(recorded.permissionCheck?.({}, permission, 'file://', {}), permission).toBe(false);
    }
  });

  it('IPC: every channel is registered and refuses foreign frames, subframes and other local files', async () => {
    expect([...recorded.ipc.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    const call = (frame: unknown) =>
      recorded.ipc.get('app:info')?.({ senderFrame: frame }, {}) as Promise<unknown>;
    await expect(call({ url: `${packagedPage}#prompt`, parent: null })).resolves.toMatchObject({ ok: true });
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: packagedPage, parent: { url: packagedPage } },
      { url: 'file:///tmp/evil/renderer/index.html', parent: null },
      { url: 'about:blank', parent: null },
      null,
    ]) {
      await expect(call(frame), JSON.stringify(frame)).rejects.toThrow(/untrusted sender/);
    }
    for (const channel of IPC_CHANNELS) {
      await expect(
        recorded.ipc.get(channel)?.(
          { senderFrame: { url: 'https://evil.example/', parent: null } },
          {},
        ) as Promise<unknown>,
        channel,
      ).rejects.toThrow(/untrusted sender/);
    }
  });

  it('the preload exposes exactly window.tobira, and only contract channels cross it', async () => {
    await import('../../../electron/preload/index');
    expect([...recorded.exposed.keys()]).toEqual(['tobira']);
    const api = recorded.exposed.get('tobira') as {
      invoke(channel: string, request: unknown): Promise<unknown>;
    };
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onEvent']);
    await expect(api.invoke('shell:openExternal', {})).rejects.toThrow(/unknown channel/);
    await expect(api.invoke('app:info', {})).resolves.toEqual({ ok: true });
  });

  it('a second instance quits at once and opens no window', async () => {
    vi.resetModules();
    const before = recorded.windows.length;
    recorded.app.singleInstance = false;
    recorded.app.quit.mockClear();
    const { startApp } = await import('../../../electron/main/app');
    startApp();
    expect(recorded.app.quit).toHaveBeenCalledOnce();
    expect(recorded.windows.length).toBe(before);
  });
});
