export { exportFormats, exportText, isSessionFormat, sessionJson, SESSION_FORMATS } from './export';
export type { ExportSource } from './export';
export {
  chooseConsoleBrowser,
  clearConsoleIdentity,
  consoleBrowserSetting,
  consolePage,
  consoleTimeoutMs,
  hasConsoleIdentity,
  consoleUrl,
  openConsole,
  profileConsoleBrowser,
  rememberConsolePage,
} from './console';
export type { ConsoleBrowserFlags, ConsolePage, OpenConsoleOptions } from './console';
