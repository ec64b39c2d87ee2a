export { exportFormats, exportText, isSessionFormat, sessionJson, SESSION_FORMATS } from './export';
export type { ExportSource } from './export';
export {
  chooseConsoleBrowser,
  clearConsoleIdentity,
  consoleBrowserSetting,
  consoleTimeoutMs,
  hasConsoleIdentity,
  consoleUrl,
  openConsole,
  profileConsoleBrowser,
} from './console';
export type { ConsoleBrowserFlags, OpenConsoleOptions } from './console';
