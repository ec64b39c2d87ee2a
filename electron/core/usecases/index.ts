export { exportFormats, exportText, isSessionFormat, sessionJson, SESSION_FORMATS } from './export';
export type { ExportSource } from './export';
export { consoleTimeoutMs, consoleUrl, openConsole } from './console';
export type { OpenConsoleOptions } from './console';
export { rotateKey } from './rotate';
export type { RotateResult } from './rotate';
