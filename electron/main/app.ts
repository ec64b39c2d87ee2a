import {
  app,
  BrowserWindow,
  clipboard,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  session,
  shell,
  Tray,
  type WebContents,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_EVENT_CHANNEL, type ProfileSummary } from '../../shared/ipc';
import { langFromLocale, translate } from '../../shared/i18n';
import { ensureHome, openBrowser, resolveHome } from '../core';
import { AppService, appHandlers, serveAgent, toUiError, type AppPlatform } from '../core/app';
import { setDebugSink } from '../core/debug';
import { autoClearingClipboard } from './clipboard';
import { doorIconPng } from './icon';
import { registerIpcHandlers, trustedSender } from './ipc';
import { menuTemplate } from './menu';
import { CONTENT_SECURITY_POLICY, secureWebPreferences } from './security';
import { expiringNotices, trayModel, type TrayAction } from './tray-model';

const RENDERER_URL = process.env.ELECTRON_RENDERER_URL;

/** Window hardening shared by the main window and the prompt window (docs/architecture.md §4.3–4.5). */
function harden(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
}

function loadRenderer(window: BrowserWindow, hash?: string): void {
  if (RENDERER_URL) void window.loadURL(hash ? `${RENDERER_URL}#${hash}` : RENDERER_URL);
  else void window.loadFile(join(__dirname, '../renderer/index.html'), hash ? { hash } : {});
}

/** What a tray click does; kept apart from Electron so it is unit-tested with a fake service. */
export function trayActionRunner(deps: {
  service: Pick<AppService, 'login' | 'logout' | 'console' | 'copyExport' | 'copyOtp'>;
  showWindow(): void;
  showPrompts(): void;
  quit(): void;
  fail(message: string): void;
  lang(): 'ja' | 'en';
}): (action: TrayAction) => Promise<void> {
  return async (action) => {
    try {
      switch (action.type) {
        case 'show':
        case 'select':
          return deps.showWindow();
        case 'prompts':
          return deps.showPrompts();
        case 'quit':
          return deps.quit();
        case 'login':
          await deps.service.login(action.profile);
          return;
        case 'logout':
          await deps.service.logout(action.profile);
          return;
        case 'console':
          await deps.service.console(action.profile, false);
          return;
        case 'copyEnv':
          await deps.service.copyExport(action.profile, 'env');
          return;
        case 'copyOtp':
          await deps.service.copyOtp(action.profile);
          return;
      }
    } catch (error) {
      const ui = toUiError(error);
      if (ui.key !== 'ui.cancelled') deps.fail(translate(deps.lang(), ui.key as never, ui.params));
    }
  };
}

export function startApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // The app started from a terminal with TOBIRA_DEBUG=1 logs like `tobira --debug` (redacted) on its stderr.
  if (process.env.TOBIRA_DEBUG === '1') setDebugSink((line) => process.stderr.write(`${line}\n`));
  const home = resolveHome(undefined, process.env);
  ensureHome(home);
  // The service keeps its own copy; shell.openExternal and anything else Electron starts inherits process.env, so the
  // passphrase leaves it (T11: no child sees TOBIRA_PASSPHRASE).
  const env = { ...process.env };
  delete process.env.TOBIRA_PASSPHRASE;
  let agentRunning = false;
  const platform: AppPlatform = {
    mode: 'electron',
    systemLang: langFromLocale({ LANG: app.getLocale() }),
    clipboard: autoClearingClipboard(clipboard),
    startAtLogin: {
      get: () => app.getLoginItemSettings().openAtLogin,
      set: (enabled) =>
        app.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true, args: ['--hidden'] }),
    },
    // Through a launch file either way: xdg-open, which shell.openExternal runs on Linux, would show the URL in argv.
    openBrowser: async (url) => {
      await openBrowser(
        url,
        process.env,
        home,
        process.env.TOBIRA_BROWSER ? {} : { opener: (fileUrl) => shell.openExternal(fileUrl) },
      );
    },
    agent: () => agentRunning,
  };
  const service = new AppService({ home, env, platform });
  let mainWindow: BrowserWindow | undefined;
  let promptWindow: BrowserWindow | undefined;
  let tray: Tray | undefined;
  let quitting = false;
  const notified = new Set<string>();

  const showWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createMainWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  function createMainWindow(): BrowserWindow {
    const window = new BrowserWindow({
      width: 1100,
      height: 720,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'Tobira',
      webPreferences: {
        ...secureWebPreferences(join(__dirname, '../preload/index.cjs')),
        // Repeated at the construction site so static scanners (npm run scan:electron) can see them.
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
      },
    });
    harden(window.webContents);
    window.once('ready-to-show', () => {
      if (!process.argv.includes('--hidden')) window.show();
    });
    // Closing the window keeps Tobira in the tray, answering terminal prompts.
    window.on('close', (event) => {
      if (!quitting && tray) {
        event.preventDefault();
        window.hide();
      }
    });
    loadRenderer(window);
    return window;
  }

  /** The small always-on-top MFA window, for prompts while the main window is not in front. */
  function showPromptWindow(): void {
    if (mainWindow?.isFocused()) return;
    if (promptWindow && !promptWindow.isDestroyed()) {
      promptWindow.show();
      promptWindow.focus();
      return;
    }
    promptWindow = new BrowserWindow({
      width: 440,
      height: 480,
      resizable: false,
      minimizable: false,
      maximizable: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      title: 'Tobira',
      show: false,
      webPreferences: {
        ...secureWebPreferences(join(__dirname, '../preload/index.cjs')),
        // Repeated at the construction site so static scanners (npm run scan:electron) can see them.
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
      },
    });
    promptWindow.setAlwaysOnTop(true, 'floating');
    harden(promptWindow.webContents);
    promptWindow.once('ready-to-show', () => {
      promptWindow?.show();
      promptWindow?.focus();
    });
    loadRenderer(promptWindow, 'prompt');
  }

  const broadcast = (payload: unknown) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, payload);
    }
  };

  let profilesCache: ProfileSummary[] = [];
  const runTray = trayActionRunner({
    service,
    showWindow,
    showPrompts: () => (mainWindow?.isVisible() ? showWindow() : showPromptWindow()),
    quit: () => {
      quitting = true;
      app.quit();
    },
    fail: (message) => new Notification({ title: 'Tobira', body: message }).show(),
    lang: () => service.lang(),
  });

  async function refreshTray(): Promise<void> {
    try {
      profilesCache = await service.profiles();
    } catch {
      // the vault may be locked (file store waiting for its passphrase); keep the last menu
    }
    const items = trayModel({
      profiles: profilesCache,
      pendingPrompts: service.prompts.list().length,
      lang: service.lang(),
      now: Date.now(),
    });
    tray?.setContextMenu(Menu.buildFromTemplate(menuTemplate(items, (action) => void runTray(action))));
    for (const notice of expiringNotices(profilesCache, notified, Date.now(), service.lang())) {
      const notification = new Notification({ title: notice.title, body: notice.body });
      notification.on('click', showWindow);
      notification.show();
    }
  }

  let lastPromptCount = 0;
  service.onEvent((event) => {
    broadcast(event);
    if (event.kind !== 'changed') return;
    if (event.topics.includes('prompts')) {
      const prompts = service.prompts.list();
      const newest = prompts.at(-1);
      if (prompts.length > lastPromptCount && newest) {
        showPromptWindow();
        if (newest.requester) {
          const lang = service.lang();
          new Notification({
            title: translate(lang, 'ui.notify.prompt.title'),
            body: translate(lang, 'ui.notify.prompt.body', {
              profile: newest.profile,
              provider: newest.provider,
            }),
          }).show();
        }
      }
      if (prompts.length === 0 && promptWindow && !promptWindow.isDestroyed()) promptWindow.close();
      lastPromptCount = prompts.length;
    }
    void refreshTray();
  });

  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('before-quit', () => {
    quitting = true;
    service.close();
  });

  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      });
    });
    registerIpcHandlers(
      ipcMain,
      appHandlers(service),
      trustedSender(RENDERER_URL, pathToFileURL(join(__dirname, '../renderer/index.html')).href),
    );
    try {
      const agent = await serveAgent(
        home,
        service.prompts,
        (message) => service.emit({ kind: 'notice', message }),
        { store: service.agentStore() }, // the app is the agent: cache hits and logins for the CLI
      );
      agentRunning = true;
      app.on('will-quit', () => void agent.close());
    } catch {
      agentRunning = false; // another Tobira (or tobira ui) already answers the CLI
    }
    const icon = nativeImage.createFromBuffer(doorIconPng(process.platform === 'darwin' ? 22 : 32));
    if (process.platform === 'darwin') icon.setTemplateImage(true);
    tray = new Tray(icon);
    tray.setToolTip('Tobira');
    tray.on('click', showWindow);
    await refreshTray();
    setInterval(() => void refreshTray(), 30_000).unref();
    mainWindow = createMainWindow();
  });

  app.on('window-all-closed', () => {
    if (!tray && process.platform !== 'darwin') app.quit();
  });
}
