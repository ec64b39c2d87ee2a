export { shellExports, posixQuote } from './shell';
export type { ShellFormat } from './shell';
