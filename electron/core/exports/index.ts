export { shellExports, posixQuote } from './shell';
export type { ShellFormat } from './shell';
export { runChild } from './run-child';
