export { listenLoopback, sameState, portRange, LOOPBACK_HOST } from './loopback';
export type { LoopbackOptions, LoopbackServer, WaitOptions } from './loopback';
export { authorizeWithPkce, refreshTokens, revokeToken, isPermanentRejection } from './client';
export type { AuthorizeIo, AuthorizeOptions, OAuthClient, OAuthServer, TokenResult } from './client';
export { callbackPage } from './page';
export { oauthTimeoutMs, DEFAULT_OAUTH_TIMEOUT_MS, portsFromEnv } from './settings';
