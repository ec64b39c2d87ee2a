export { shellExports, posixQuote } from './shell';
export type { ShellFormat } from './shell';
export { runChild } from './run-child';
export {
  credentialHandler,
  credentialSource,
  containerCredentialsJson,
  newServerToken,
  serverChildEnv,
  startCredentialServer,
  FAILURE_HOLD_MS,
  SERVER_MARGIN_MS,
  SERVER_SCRUB_ENV,
} from './credential-server';
export type { ObtainOptions, RunningCredentialServer, ServedCredentials } from './credential-server';
