import { TobiraError } from '../../errors';
import {
  authorizeWithPkce,
  isPermanentRejection,
  oauthTimeoutMs,
  refreshTokens,
  revokeToken,
  type AuthorizeIo,
  type TokenResult,
} from '../../oauth';
import type { FreshSession } from '../../vault/credential-cache';
import type { ProfileRecord } from '../../vault/schema';
import { isoSeconds } from '../common/time';
import type { ActiveSession, LoginRequest, LoginServices } from '../types';
import { ExchangeRejection, exchangeForSts } from './api';
import { ALIBABA_CALLBACK_PATH, alibabaTarget, type AlibabaTarget } from './endpoint';
import { exchangeRejected, explainAuthorizeError } from './errors';
import { AlibabaFields } from './profile';
import { AlibabaSession } from './session';

/** Refresh the access token when it has this little left (credentials-go/-nodejs use 20 minutes, spec §2.3). */
export const ACCESS_TOKEN_MARGIN_MS = 20 * 60 * 1000;
/** Used when the token response has no expires_in: assume the token is good for the exchange right after. */
const UNKNOWN_ACCESS_TOKEN_LIFETIME_S = 600;

interface OAuthState {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken?: string;
  refreshTokenExpiresAt?: string;
  subject?: string;
}

export async function loginAlibaba(services: LoginServices, request: LoginRequest): Promise<FreshSession> {
  const { profile } = request;
  const fields = AlibabaFields.parse(profile.fields);
  const target = alibabaTarget(fields, services.env);

  if (request.stale) {
    const renewed = await renew(services, profile, target, fields, request.stale.data);
    if (renewed) return renewed;
  }

  const label = `Alibaba Cloud (${fields.site.toUpperCase()})`;
  const io: AuthorizeIo = {
    lang: services.lang,
    notice: (key, params) => services.notice(key, params),
    openBrowser: (url) => services.openBrowser(url),
    askLine: (labelKey, params) =>
      services.askLine({ profile, provider: label, label: labelKey, ...(params ? { params } : {}) }),
  };
  let tokens: TokenResult;
  try {
    tokens = await authorizeWithPkce(
      {
        client: target.client,
        redirect: { ports: target.ports, path: ALIBABA_CALLBACK_PATH },
        provider: label,
        profileName: profile.name,
        // No scope, exactly like the official CLI: the server applies the app's registered scopes (spec §1.2).
        timeoutMs: oauthTimeoutMs(services.env),
        ...(request.noBrowser ? { noBrowser: true } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      },
      io,
    );
  } catch (error) {
    throw explainAuthorizeError(error, target, profile.name);
  }
  return exchange(target, fields, oauthState(tokens, undefined));
}

/**
 * Renews a cached session without a browser: the access token is exchanged again while it is fresh, otherwise the
 * refresh token (rotated by the server) gets a new one. A refresh token the server refuses means a browser login.
 */
async function renew(
  services: LoginServices,
  profile: ProfileRecord,
  target: AlibabaTarget,
  fields: AlibabaFields,
  staleData: unknown,
): Promise<FreshSession | undefined> {
  const parsed = AlibabaSession.safeParse(staleData);
  if (!parsed.success) return undefined;
  const stale = parsed.data;
  if (stale.oauthOrigin !== target.oauthOrigin || stale.clientId !== target.client.clientId) return undefined;

  const current: OAuthState = {
    accessToken: stale.accessToken,
    accessTokenExpiresAt: stale.accessTokenExpiresAt,
    ...(stale.refreshToken ? { refreshToken: stale.refreshToken } : {}),
    ...(stale.refreshTokenExpiresAt ? { refreshTokenExpiresAt: stale.refreshTokenExpiresAt } : {}),
    ...(stale.subject ? { subject: stale.subject } : {}),
  };
  if (Date.parse(current.accessTokenExpiresAt) - Date.now() > ACCESS_TOKEN_MARGIN_MS) {
    try {
      return await exchange(target, fields, current);
    } catch (error) {
      if (!(error instanceof TobiraError && error.key === 'alibaba.exchange.tokenRefused')) throw error;
    }
  }
  if (!current.refreshToken) return undefined;
  let refreshed: TokenResult;
  try {
    refreshed = await refreshTokens(target.client, current.refreshToken);
  } catch (error) {
    if (!isPermanentRejection(error)) throw error;
    services.notice('alibaba.refresh.expired', {
      name: profile.name,
      error: error instanceof TobiraError ? String(error.params.error ?? '') : '',
    });
    return undefined;
  }
  return exchange(target, fields, oauthState(refreshed, current));
}

function oauthState(tokens: TokenResult, previous: OAuthState | undefined): OAuthState {
  const now = Date.now();
  // Alibaba rotates refresh tokens; if an answer ever lacks one, the previous one is kept (spec §2.2).
  const refreshToken = tokens.refreshToken ?? previous?.refreshToken;
  const refreshTokenExpiresAt =
    tokens.refreshToken && tokens.refreshExpiresIn
      ? isoSeconds(now + tokens.refreshExpiresIn * 1000)
      : tokens.refreshToken
        ? undefined
        : previous?.refreshTokenExpiresAt;
  const subject = tokens.subject ?? previous?.subject;
  return {
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: isoSeconds(now + (tokens.expiresIn ?? UNKNOWN_ACCESS_TOKEN_LIFETIME_S) * 1000),
    ...(refreshToken ? { refreshToken } : {}),
    ...(refreshTokenExpiresAt ? { refreshTokenExpiresAt } : {}),
    ...(subject ? { subject } : {}),
  };
}

async function exchange(
  target: AlibabaTarget,
  fields: AlibabaFields,
  state: OAuthState,
): Promise<FreshSession> {
  let sts;
  try {
    sts = await exchangeForSts(target.oauthOrigin, state.accessToken);
  } catch (error) {
    if (error instanceof ExchangeRejection)
      throw exchangeRejected(error, target, fields.clientId !== undefined);
    throw error;
  }
  const session: AlibabaSession = {
    accessKeyId: sts.accessKeyId,
    accessKeySecret: sts.accessKeySecret,
    securityToken: sts.securityToken,
    site: fields.site,
    ...(fields.region ? { region: fields.region } : {}),
    oauthOrigin: target.oauthOrigin,
    clientId: target.client.clientId,
    ...state,
  };
  return { expiration: isoSeconds(Date.parse(sts.expiration)), data: session };
}

/** Revokes the refresh token (best effort) so that a logged-out session cannot be renewed by anyone. */
export async function logoutAlibaba(services: LoginServices, session: ActiveSession): Promise<void> {
  const parsed = AlibabaSession.safeParse(session.data);
  if (!parsed.success || !parsed.data.refreshToken) return;
  const fields = AlibabaFields.parse(session.profile.fields);
  const target = alibabaTarget(fields, services.env);
  if (parsed.data.oauthOrigin !== target.oauthOrigin) return;
  await revokeToken(target.client, parsed.data.refreshToken, 'refresh_token');
}
