import { createHash, randomBytes } from 'node:crypto';
import { ExitCode, isTobiraError, TobiraError } from '../../errors';
import { listenLoopback } from '../../oauth/loopback';
import { oauthTimeoutMs } from '../../oauth/settings';
import type { FreshSession } from '../../vault/credential-cache';
import { REFRESH_MARGIN_MS } from '../../vault/credential-cache';
import { isoSeconds } from '../common/time';
import type { AwsCredentials } from '../aws/session';
import { partitionOfRegion } from '../aws/session';
import type { ProfileRecord } from '../../vault/schema';
import type { ActiveSession, LoginRequest, LoginServices } from '../types';
import { SsoOidc, SsoPortal, SsoRejection, type IssuedToken, type Registration } from './api';
import { abortableSleep, pollDeviceToken } from './device';
import { rethrowSso, type SsoContext } from './errors';
import { sessionScopes, SsoRoleFields, SsoSessionFields } from './profile';
import { SsoSessionData } from './session';
import {
  readRegistration,
  readToken,
  registrationCachePath,
  removeToken,
  tokenCachePath,
  writeRegistration,
  writeToken,
  type CachedToken,
} from './token-cache';

const PROVIDER = 'AWS IAM Identity Center';
/** The redirect URI registered for the authorization-code grant; the port is chosen when listening (RFC 8252 §7.3). */
export const REGISTERED_REDIRECT = 'http://127.0.0.1/oauth/callback';
const CALLBACK_PATH = '/oauth/callback';
const AUTH_CODE_GRANTS = ['authorization_code', 'refresh_token'] as const;
/** A registration this close to its end is replaced, as botocore does (15 minutes). */
const REGISTRATION_MARGIN_MS = 15 * 60 * 1000;

type Kind = 'auth-code' | 'device';

/** The browser could not be opened: the login goes on with the device grant. */
class NoBrowser extends Error {}

/**
 * Signs in to an IAM Identity Center session, in this order: the AWS CLI's cached token if still good (so
 * `aws sso login` serves Tobira), a refresh with its refresh token, then a person: the authorization-code grant with
 * PKCE through the browser and a loopback redirect, or with --no-browser the device grant (URL + code, polled).
 * Every new token goes back into the AWS CLI's cache, so Tobira's sign-in serves the AWS CLI too.
 */
export async function loginSsoSession(services: LoginServices, request: LoginRequest): Promise<FreshSession> {
  const { profile } = request;
  const fields = SsoSessionFields.parse(profile.fields);
  const sessionName = profile.name;
  // The AWS CLI keys the cache by the sso-session name, or by the start URL for the legacy profile form.
  const cacheName = cacheNameOf(fields, sessionName);
  const context: SsoContext = { name: profile.name, session: profile.name };
  const oidc = new SsoOidc({ ssoRegion: fields.ssoRegion, env: services.env });
  const refused = SsoSessionData.safeParse(request.stale?.data ?? {});
  const refusedToken = refused.success ? refused.data.accessToken : undefined;
  const cached = await readToken(services.env, cacheName);
  const matching = cached && cached.startUrl === fields.startUrl && cached.region === fields.ssoRegion;

  if (
    matching &&
    cached.accessToken !== refusedToken &&
    Date.parse(cached.expiresAt) - Date.now() > REFRESH_MARGIN_MS
  )
    return fresh(fields, sessionName, cached.accessToken, Date.parse(cached.expiresAt));

  if (matching) {
    const refreshed = await refresh(oidc, cached).catch((error: unknown) => {
      // A refresh the service refuses (revoked, expired registration) is not fatal: the person signs in again.
      if (error instanceof SsoRejection && error.status < 500) {
        services.notice('sso.refresh.failed', { session: sessionName, code: error.code });
        return undefined;
      }
      throw error;
    });
    if (refreshed) {
      await writeToken(services.env, cacheName, refreshed);
      return fresh(fields, sessionName, refreshed.accessToken, Date.parse(refreshed.expiresAt));
    }
  }

  let kind: Kind = request.noBrowser ? 'device' : 'auth-code';
  let registration = await registered(services, oidc, fields, sessionName, kind);
  let issued: IssuedToken;
  try {
    issued =
      kind === 'device'
        ? await deviceLogin(services, oidc, registration, fields, context, request.signal)
        : await authCodeLogin(services, oidc, registration, fields, context, request.signal);
  } catch (error) {
    if (!(error instanceof NoBrowser)) rethrowSso(error, context);
    // No browser here (SSH, a server): a code to enter on any device instead, as --no-browser would.
    services.notice('sso.browser.fallback', { session: sessionName });
    kind = 'device';
    registration = await registered(services, oidc, fields, sessionName, kind);
    issued = await deviceLogin(services, oidc, registration, fields, context, request.signal).catch(
      (again: unknown) => rethrowSso(again, context),
    );
  }
  const expiresAt = Date.now() + issued.expiresIn * 1000;
  const token: CachedToken = {
    startUrl: fields.startUrl,
    region: fields.ssoRegion,
    accessToken: issued.accessToken,
    expiresAt: isoSeconds(expiresAt),
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    registrationExpiresAt: isoSeconds(registration.expiresAt),
    ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}),
  };
  await writeToken(services.env, cacheName, token);
  return fresh(fields, sessionName, issued.accessToken, expiresAt);
}

/** The name the token cache file is keyed by (its sha1): the session's name, or the legacy form's start URL. */
export function cacheNameOf(fields: SsoSessionFields, sessionName: string): string {
  return fields.legacyCache ? fields.startUrl : sessionName;
}

function fresh(
  fields: SsoSessionFields,
  sessionName: string,
  accessToken: string,
  expiresAt: number,
): FreshSession {
  const data: SsoSessionData = {
    accessToken,
    startUrl: fields.startUrl,
    ssoRegion: fields.ssoRegion,
    sessionName,
  };
  return { expiration: isoSeconds(expiresAt), data };
}

/** CreateToken with the refresh token, as botocore's SSOTokenProvider does; undefined when there is nothing to refresh with. */
async function refresh(oidc: SsoOidc, cached: CachedToken): Promise<CachedToken | undefined> {
  const { refreshToken, clientId, clientSecret, registrationExpiresAt } = cached;
  if (!refreshToken || !clientId || !clientSecret || !registrationExpiresAt) return undefined;
  const expiresAt = Date.parse(registrationExpiresAt);
  if (expiresAt <= Date.now()) return undefined;
  const issued = await oidc.createToken(
    { clientId, clientSecret, expiresAt },
    { grantType: 'refresh_token', refreshToken },
  );
  return {
    ...cached,
    accessToken: issued.accessToken,
    expiresAt: isoSeconds(Date.now() + issued.expiresIn * 1000),
    refreshToken: issued.refreshToken ?? refreshToken,
  };
}

/** A client registration of this kind, from the cache while it lasts, else a new one (RegisterClient). */
async function registered(
  services: LoginServices,
  oidc: SsoOidc,
  fields: SsoSessionFields,
  sessionName: string,
  kind: Kind,
): Promise<Registration> {
  const scopes = sessionScopes(fields);
  const path = registrationCachePath(services.env, {
    sessionName,
    startUrl: fields.startUrl,
    region: fields.ssoRegion,
    scopes,
    kind,
  });
  const cached = await readRegistration(path);
  if (cached && Date.parse(cached.expiresAt) - Date.now() > REGISTRATION_MARGIN_MS) {
    return {
      clientId: cached.clientId,
      clientSecret: cached.clientSecret,
      expiresAt: Date.parse(cached.expiresAt),
    };
  }
  const registration = await oidc
    .registerClient({
      clientName: `tobira-${sessionName}`,
      scopes,
      ...(kind === 'auth-code'
        ? { grantTypes: AUTH_CODE_GRANTS, redirectUris: [REGISTERED_REDIRECT], issuerUrl: fields.startUrl }
        : {}),
    })
    .catch((error: unknown) => rethrowSso(error, { name: sessionName, session: sessionName }));
  await writeRegistration(path, {
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    expiresAt: isoSeconds(registration.expiresAt),
    scopes,
    ...(kind === 'auth-code' ? { grantTypes: [...AUTH_CODE_GRANTS] } : {}),
  });
  return registration;
}

async function deviceLogin(
  services: LoginServices,
  oidc: SsoOidc,
  registration: Registration,
  fields: SsoSessionFields,
  context: SsoContext,
  signal: AbortSignal | undefined,
): Promise<IssuedToken> {
  const authorization = await oidc.startDeviceAuthorization(registration, fields.startUrl);
  services.notice('sso.device.instructions', {
    session: context.session,
    url: authorization.verificationUriComplete ?? authorization.verificationUri,
    uri: authorization.verificationUri,
    code: authorization.userCode,
  });
  return pollDeviceToken(
    oidc,
    registration,
    authorization,
    { now: Date.now, sleep: abortableSleep },
    context,
    signal,
  );
}

async function authCodeLogin(
  services: LoginServices,
  oidc: SsoOidc,
  registration: Registration,
  fields: SsoSessionFields,
  context: SsoContext,
  signal: AbortSignal | undefined,
): Promise<IssuedToken> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const server = await listenLoopback({
    ports: [0],
    path: CALLBACK_PATH,
    expectedState: state,
    lang: services.lang,
  });
  try {
    const url = new URL('/authorize', oidc.origin);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: registration.clientId,
      redirect_uri: server.redirectUri,
      state,
      code_challenge_method: 'S256',
      scopes: sessionScopes(fields).join(' '),
      code_challenge: challenge,
    }).toString();
    services.notice('oauth.browser.opening', { provider: PROVIDER });
    try {
      await services.openBrowser(url.toString());
    } catch (error) {
      services.notice('oauth.browser.failed', {
        detail: error instanceof TobiraError ? error.render(services.lang) : 'error',
      });
      throw new NoBrowser();
    }
    const timeoutMs = oauthTimeoutMs(services.env);
    services.notice('oauth.browser.waiting', { seconds: Math.round(timeoutMs / 1000) });
    const callback = await server.waitForCallback({ timeoutMs, ...(signal ? { signal } : {}) });
    const error = callback.searchParams.get('error');
    if (error) {
      throw new TobiraError(
        error === 'access_denied' ? 'sso.denied' : 'sso.callbackError',
        ExitCode.rejected,
        {
          ...context,
          code: error,
          message: (callback.searchParams.get('error_description') ?? '').slice(0, 300),
        },
      );
    }
    const code = callback.searchParams.get('code') ?? '';
    return await oidc.createToken(registration, {
      grantType: 'authorization_code',
      code,
      redirectUri: server.redirectUri,
      codeVerifier: verifier,
    });
  } finally {
    await server.close();
  }
}

/** Ends the sign-in at IAM Identity Center (portal Logout, best effort) and removes the AWS CLI's cached token. */
export async function logoutSsoSession(services: LoginServices, session: ActiveSession): Promise<void> {
  const data = SsoSessionData.safeParse(session.data);
  const ended = await logoutCliToken(services, session.profile);
  if (!ended && data.success) {
    await new SsoPortal({ ssoRegion: data.data.ssoRegion, env: services.env }, data.data.accessToken)
      .logout()
      .catch(() => undefined);
  }
}

/**
 * Logout of a session Tobira holds nothing of (only `aws sso login` signed in, or Tobira's copy expired): the AWS
 * CLI's cached token is signed out at the portal and its file removed, so neither tool stays signed in.
 * True when there was such a token.
 */
export async function logoutCliToken(services: LoginServices, profile: ProfileRecord): Promise<boolean> {
  const fields = SsoSessionFields.parse(profile.fields);
  const cacheName = cacheNameOf(fields, profile.name);
  const cached = await readToken(services.env, cacheName);
  if (!cached) return false;
  const path = tokenCachePath(services.env, cacheName);
  // The token goes to the portal of the region it was issued in (the file says which).
  const refused = await new SsoPortal({ ssoRegion: cached.region, env: services.env }, cached.accessToken)
    .logout()
    .then(
      () => undefined,
      (error: unknown) =>
        error instanceof SsoRejection ? error.code : isTobiraError(error) ? 'unreachable' : 'error',
    );
  await removeToken(services.env, cacheName);
  if (refused === undefined)
    services.notice('sso.logout.ended', { session: profile.name, startUrl: cached.startUrl, path });
  else services.notice('sso.logout.removed', { session: profile.name, path, code: refused });
  return true;
}

/** The session's access token, through the cache; `force` signs in again (the portal refused the cached one). */
async function accessToken(
  services: LoginServices,
  session: string,
  force: boolean,
): Promise<SsoSessionData> {
  const active = await services.sessionOf(session, { force });
  const parsed = SsoSessionData.safeParse(active.data);
  if (!parsed.success) throw new TobiraError('sso.notSession', ExitCode.usage, { session });
  return parsed.data;
}

/**
 * An aws-sso role: GetRoleCredentials with the session's access token (expiration in epoch milliseconds → ISO Z).
 * A token the portal refuses (signed out elsewhere, expired early) gets one fresh sign-in and one retry.
 */
export async function loginSsoRole(services: LoginServices, request: LoginRequest): Promise<FreshSession> {
  const { profile } = request;
  const fields = SsoRoleFields.parse(profile.fields);
  const context: SsoContext = {
    name: profile.name,
    session: fields.session,
    accountId: fields.accountId,
    roleName: fields.roleName,
  };
  const get = async (force: boolean) => {
    const session = await accessToken(services, fields.session, force);
    return {
      session,
      credentials: await new SsoPortal(
        { ssoRegion: session.ssoRegion, env: services.env },
        session.accessToken,
      ).getRoleCredentials(fields.accountId, fields.roleName),
    };
  };
  let result;
  try {
    result = await get(false);
  } catch (error) {
    if (!(error instanceof SsoRejection && error.code === 'UnauthorizedException'))
      rethrowSso(error, context);
    result = await get(true).catch((again: unknown) => rethrowSso(again, context));
  }
  const { credentials, session } = result;
  const region = fields.region ?? session.ssoRegion;
  const data: AwsCredentials = {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    expiration: isoSeconds(credentials.expiration),
    region,
    partition: partitionOfRegion(session.ssoRegion) ?? 'aws',
    origin: 'assumed-role',
    chained: false,
    mfaAuthenticated: false,
    accountId: fields.accountId,
  };
  return { expiration: data.expiration, data };
}
