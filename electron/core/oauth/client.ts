import type { Configuration, TokenEndpointResponse } from 'openid-client';
import * as z from 'zod';
import type { Lang, MessageKey, MessageParams } from '../../../shared/i18n';
import { ExitCode, TobiraError } from '../errors';
import { openIdBadResponse, rememberingFetch, type LastResponse } from '../bad-response';
import { listenLoopback, LOOPBACK_HOST, sameState } from './loopback';

type OpenidClient = typeof import('openid-client');

let loaded: Promise<OpenidClient> | undefined;
/** openid-client (and jose under it) is loaded only by the commands that sign in. */
function openidClient(): Promise<OpenidClient> {
  loaded ??= import('openid-client');
  return loaded;
}

export interface OAuthServer {
  /** The issuer, as the server names itself in `iss` (the callback's and the ID token's). */
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
}

/** A public native client (RFC 8252 §8.5): no secret, PKCE instead. */
export interface OAuthClient {
  server: OAuthServer;
  clientId: string;
  /** Service name in error messages, e.g. "Alibaba Cloud OAuth". */
  service: string;
}

export interface TokenResult {
  accessToken: string;
  tokenType: string;
  /** Seconds, as the server said. */
  expiresIn?: number;
  refreshToken?: string;
  /** Seconds; Alibaba sends it, the standard does not. */
  refreshExpiresIn?: number;
  /** `sub` of the ID token, when the server sent one. */
  subject?: string;
}

export interface AuthorizeIo {
  lang: Lang;
  notice(key: MessageKey, params?: MessageParams): void;
  /** Opens the system browser; throws when none can be opened. */
  openBrowser(url: string): Promise<void>;
  /** One visible line from the person (the pasted redirect address); undefined when nobody can answer. */
  askLine(label: MessageKey, params?: MessageParams): Promise<string | undefined>;
}

export interface AuthorizeOptions {
  client: OAuthClient;
  redirect: { ports: readonly number[]; path: string };
  /** Provider label in notices, e.g. "Alibaba Cloud (CN)". */
  provider: string;
  /** Profile name, for the "run tobira login NAME" hint. */
  profileName: string;
  /** Extra authorization request parameters (scope, prompt, …); PKCE, state and redirect_uri are added here. */
  params?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Skip the browser: print the URL and take the pasted redirect address (SSH, headless). */
  noBrowser?: boolean;
}

const PASTE_ATTEMPTS = 3;
const HTTP_TIMEOUT_SECONDS = 10;

/** The last answer each configuration's client got, for checks that fail after the exchange (ID token, JSON). */
const answers = new WeakMap<Configuration, () => LastResponse | undefined>();

function configuration(oc: OpenidClient, client: OAuthClient): Configuration {
  const { server } = client;
  const config = new oc.Configuration(
    {
      issuer: server.issuer,
      authorization_endpoint: server.authorizationEndpoint,
      token_endpoint: server.tokenEndpoint,
      ...(server.revocationEndpoint ? { revocation_endpoint: server.revocationEndpoint } : {}),
      code_challenge_methods_supported: ['S256'],
    },
    client.clientId,
    undefined,
    oc.None(),
  );
  config.timeout = HTTP_TIMEOUT_SECONDS;
  const memo = rememberingFetch();
  config[oc.customFetch] = memo.fetch;
  answers.set(config, memo.last);
  // Endpoint overrides allow http:// only on loopback (tests, local proxies): see the providers' endpoint schemas.
  const endpoints = [server.issuer, server.authorizationEndpoint, server.tokenEndpoint];
  if (endpoints.some((url) => url.startsWith('http://'))) oc.allowInsecureRequests(config);
  return config;
}

/**
 * The authorization code flow of a native app (RFC 8252 + PKCE S256): the system browser, a one-shot loopback
 * receiver, then the code exchange. Without a browser, the URL is printed and the redirect address is pasted back.
 */
export async function authorizeWithPkce(options: AuthorizeOptions, io: AuthorizeIo): Promise<TokenResult> {
  const oc = await openidClient();
  const config = configuration(oc, options.client);
  const verifier = oc.randomPKCECodeVerifier();
  const challenge = await oc.calculatePKCECodeChallenge(verifier);
  const state = oc.randomState();

  const server = options.noBrowser
    ? undefined
    : await listenLoopback({
        ports: options.redirect.ports,
        path: options.redirect.path,
        expectedState: state,
        lang: io.lang,
      });
  try {
    const redirectUri =
      server?.redirectUri ?? `http://${LOOPBACK_HOST}:${options.redirect.ports[0]}${options.redirect.path}`;
    const url = oc
      .buildAuthorizationUrl(config, {
        ...options.params,
        redirect_uri: redirectUri,
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })
      .toString();

    let callback: URL | undefined;
    if (server) {
      io.notice('oauth.browser.opening', { provider: options.provider });
      try {
        await io.openBrowser(url);
      } catch (error) {
        io.notice('oauth.browser.failed', {
          detail: error instanceof TobiraError ? error.render(io.lang) : 'error',
        });
        await server.close();
      }
      if (!server.closed) {
        io.notice('oauth.browser.url', { url });
        io.notice('oauth.browser.waiting', { seconds: Math.round(options.timeoutMs / 1000) });
        callback = await server.waitForCallback({
          timeoutMs: options.timeoutMs,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      }
    }
    callback ??= await pastedCallback(options, io, url, redirectUri, state);
    return await exchangeCode(oc, config, options.client, callback, verifier, state);
  } finally {
    await server?.close();
  }
}

async function pastedCallback(
  options: AuthorizeOptions,
  io: AuthorizeIo,
  url: string,
  redirectUri: string,
  state: string,
): Promise<URL> {
  io.notice('oauth.paste.instructions', { url, redirect: redirectUri });
  for (let attempt = 0; attempt < PASTE_ATTEMPTS; attempt += 1) {
    const line = await io.askLine('oauth.paste.prompt', { provider: options.provider });
    if (line === undefined)
      throw new TobiraError('oauth.paste.noTerminal', ExitCode.mfaUnavailable, { name: options.profileName });
    let pasted: URL;
    try {
      pasted = new URL(line.trim());
    } catch {
      io.notice('oauth.paste.notRedirect', { redirect: redirectUri });
      continue;
    }
    if (`${pasted.origin}${pasted.pathname}` !== redirectUri) {
      io.notice('oauth.paste.notRedirect', { redirect: redirectUri });
      continue;
    }
    if (!sameState(pasted.searchParams.get('state') ?? '', state)) {
      io.notice('oauth.paste.wrongState');
      continue;
    }
    return pasted;
  }
  throw new TobiraError('oauth.paste.gaveUp', ExitCode.error);
}

const ExtraTokenFields = z.object({ refresh_expires_in: z.coerce.number().int().positive().optional() });

function toResult(tokens: TokenEndpointResponse & { claims(): { sub: string } | undefined }): TokenResult {
  const extra = ExtraTokenFields.safeParse(tokens);
  const subject = tokens.claims()?.sub;
  return {
    accessToken: tokens.access_token,
    tokenType: tokens.token_type,
    ...(typeof tokens.expires_in === 'number' ? { expiresIn: tokens.expires_in } : {}),
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    ...(extra.success && extra.data.refresh_expires_in !== undefined
      ? { refreshExpiresIn: extra.data.refresh_expires_in }
      : {}),
    ...(subject ? { subject } : {}),
  };
}

async function exchangeCode(
  oc: OpenidClient,
  config: Configuration,
  client: OAuthClient,
  callback: URL,
  verifier: string,
  state: string,
): Promise<TokenResult> {
  try {
    const tokens = await oc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    return toResult(tokens);
  } catch (error) {
    if (error instanceof oc.AuthorizationResponseError) {
      const params = { error: error.error, description: error.error_description ?? '' };
      throw new TobiraError(
        error.error === 'access_denied' ? 'oauth.denied' : 'oauth.callbackError',
        ExitCode.rejected,
        params,
      );
    }
    throw mapTokenError(oc, client, error, 'oauth.tokenRejected', answers.get(config)?.());
  }
}

/** A refresh-token grant; the server may rotate the refresh token (the new one is in the result). */
export async function refreshTokens(client: OAuthClient, refreshToken: string): Promise<TokenResult> {
  const oc = await openidClient();
  const config = configuration(oc, client);
  try {
    return toResult(await oc.refreshTokenGrant(config, refreshToken));
  } catch (error) {
    throw mapTokenError(oc, client, error, 'oauth.refreshRejected', answers.get(config)?.());
  }
}

/** RFC 7009 revocation, best effort (logout): a failure is ignored, the local copy is dropped anyway. */
export async function revokeToken(client: OAuthClient, token: string, hint: string): Promise<boolean> {
  if (!client.server.revocationEndpoint) return false;
  const oc = await openidClient();
  try {
    await oc.tokenRevocation(configuration(oc, client), token, { token_type_hint: hint });
    return true;
  } catch {
    return false;
  }
}

/** Is this a refusal that another try cannot fix (RFC 6749 §5.2 codes Alibaba treats as permanent)? */
export function isPermanentRejection(error: unknown): boolean {
  return (
    error instanceof TobiraError &&
    (error.key === 'oauth.refreshRejected' || error.key === 'oauth.tokenRejected')
  );
}

function mapTokenError(
  oc: OpenidClient,
  client: OAuthClient,
  error: unknown,
  key: MessageKey,
  last: LastResponse | undefined,
): TobiraError {
  if (error instanceof TobiraError) return error;
  if (error instanceof oc.ResponseBodyError) {
    if (error.status >= 500) {
      return new TobiraError('provider.unreachable', ExitCode.unreachable, {
        service: client.service,
        detail: `HTTP ${error.status} ${error.error}`,
        attempts: 1,
      });
    }
    return new TobiraError(key, ExitCode.rejected, {
      error: error.error,
      description: error.error_description ?? '',
    });
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new TobiraError('provider.unreachable', ExitCode.unreachable, {
      service: client.service,
      detail: 'timeout',
      attempts: 1,
    });
  }
  if (error instanceof TypeError) {
    const cause = error.cause as NodeJS.ErrnoException | undefined;
    return new TobiraError('provider.unreachable', ExitCode.unreachable, {
      service: client.service,
      detail: cause?.code ?? error.message,
      attempts: 1,
    });
  }
  // openid-client's own checks (non-JSON answer, unexpected status, missing token_type, …): the check, no value.
  return openIdBadResponse(
    client.service,
    key === 'oauth.refreshRejected' ? 'refresh' : 'token',
    error,
    last,
  );
}
