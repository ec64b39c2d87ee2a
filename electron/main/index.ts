import { app, BrowserWindow, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { resolveHome, TOBIRA_VERSION } from '../core';
import { profileSummary, Vault } from '../core/vault';
import { langFromLocale } from '../../shared/i18n';
import { registerIpcHandlers } from './ipc';
import { CONTENT_SECURITY_POLICY, secureWebPreferences } from './security';

const RENDERER_URL = process.env.ELECTRON_RENDERER_URL;

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  if (event.senderFrame?.parent) return false;
  return RENDERER_URL ? url.startsWith(RENDERER_URL) : url.startsWith('file://');
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1040,
    height: 720,
    show: false,
    title: 'Tobira',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  if (RENDERER_URL) void window.loadURL(RENDERER_URL);
  else void window.loadFile(join(__dirname, '../renderer/index.html'));
  return window;
}

function start(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const vault = new Vault({
    home: resolveHome(undefined, process.env),
    env: process.env,
    passphrase: async () => process.env.TOBIRA_PASSPHRASE ?? '',
  });
  let mainWindow: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      });
    });
    registerIpcHandlers(
      ipcMain,
      {
        'app:info': async () => ({
          version: TOBIRA_VERSION,
          home: vault.home,
          lang: langFromLocale({ LANG: app.getLocale() }),
        }),
        'profiles:list': async () => vault.list().map(profileSummary),
      },
      isTrustedSender,
    );
    mainWindow = createMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

start();
