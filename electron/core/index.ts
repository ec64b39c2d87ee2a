export { ExitCode, TobiraError, isTobiraError, describeUnknown } from './errors';
export type { ExitCode as ExitCodeValue } from './errors';
export { resolveHome, defaultHome, ensureHome } from './home';
export type { Env } from './home';
export { TOBIRA_VERSION } from './version';
export { openBrowser, browserCommand } from './browser';
export { startConsoleRedirect } from './console-redirect';
export type { ConsoleRedirect } from './console-redirect';
export * as auth0Keys from './providers/auth0/apikeys';
