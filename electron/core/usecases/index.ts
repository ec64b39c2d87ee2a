export {
  exportFormats,
  exportText,
  isSessionFormat,
  requireCredentials,
  sessionJson,
  SESSION_FORMATS,
} from './export';
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
export { execWithServer } from './exec-server';
export type { ExecServerRequest } from './exec-server';
export {
  addBuiltProfile,
  allDependents,
  checkEdit,
  editProfile,
  removeProfile,
  renameProfile,
} from './profiles';
export type { EditResult } from './profiles';
export { rotateKey } from './rotate';
export { learnKeyAge } from '../providers/aws/key-age';
export type { RotateResult } from './rotate';
