export { exportFormats, exportText, isSessionFormat, sessionJson, SESSION_FORMATS } from './export';
export type { ExportSource } from './export';
export { consoleTimeoutMs, consoleUrl, openConsole } from './console';
export type { OpenConsoleOptions } from './console';
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
export type { RotateResult } from './rotate';
