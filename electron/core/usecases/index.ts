export { exportFormats, exportText, isSessionFormat, sessionJson, SESSION_FORMATS } from './export';
export type { ExportSource } from './export';
