import { ExitCode, TobiraError } from '../../errors';
import type { FreshSession } from '../../vault/credential-cache';
import { mfaCode } from '../common/mfa';
import { isoSeconds } from '../common/time';
import type { LoginRequest, LoginServices } from '../types';
import { SoracomApi, SoracomRejection, tokenClaims, type AuthResponse } from './api';
import { soracomBase, type Coverage } from './endpoint';
import { apiRejected, loginRejected, rethrowRejection, switchRejected } from './errors';
import {
  SORACOM_SECRET_ROLE,
  SORACOM_TYPE,
  SoracomFields,
  SoracomSwitchFields,
  SWITCH_TTL_MAX,
} from './profile';
import { SoracomSession } from './session';

/** Lifetime asked of /auth and of token refreshes: the API's default, one working day. */
export const TOKEN_TIMEOUT_SECONDS = 86_400;
/** The code SORACOM answers for a wrong password; any other 401 to a password login means "MFA code needed". */
const WRONG_PASSWORD_CODE = 'AUM0002';
const PROVIDER = 'SORACOM';

export async function loginSoracom(services: LoginServices, request: LoginRequest): Promise<FreshSession> {
  const { profile } = request;
  const fields = SoracomFields.parse(profile.fields);
  const api = new SoracomApi(soracomBase(fields, services.env), services.lang);

  const refreshed = request.stale ? await tryRefresh(api, request.stale) : undefined;
  if (refreshed) return refreshed;

  const secret = await services.vault.readSecret(profile, SORACOM_SECRET_ROLE);
  const body: Record<string, unknown> =
    fields.mode === 'root'
      ? { email: fields.email, password: secret }
      : fields.mode === 'sam'
        ? { operatorId: fields.operatorId, userName: fields.userName, password: secret }
        : { authKeyId: fields.authKeyId, authKey: secret };
  body.tokenTimeoutSeconds = TOKEN_TIMEOUT_SECONDS;

  const response =
    fields.mode === 'authkey'
      ? await api
          .auth(body)
          .catch((error: unknown) => rethrowRejection(error, (e) => loginRejected(e, false)))
      : await passwordLogin(services, request, api, body);
  return toSession(api.base, fields.coverage, response, TOKEN_TIMEOUT_SECONDS);
}

/**
 * Password logins send an MFA code up front when the profile has a way to make one (or --mfa-code); otherwise they
 * try without, and a 401 that is not "wrong password" gets one code from the broker and exactly one retry.
 */
async function passwordLogin(
  services: LoginServices,
  request: LoginRequest,
  api: SoracomApi,
  body: Record<string, unknown>,
): Promise<AuthResponse> {
  const { profile } = request;
  const codeUpFront = request.mfaCode !== undefined || profile.mfa !== undefined;
  const first = codeUpFront ? await mfaCode(services, profile, PROVIDER, request.mfaCode) : undefined;
  try {
    return await api.auth(first === undefined ? body : { ...body, mfaOTPCode: first });
  } catch (error) {
    if (!(error instanceof SoracomRejection)) throw error;
    const retryable =
      first === undefined && error.rejection.status === 401 && error.rejection.code !== WRONG_PASSWORD_CODE;
    if (!retryable) throw loginRejected(error, first !== undefined);
  }
  const code = await mfaCode(services, profile, PROVIDER);
  return api
    .auth({ ...body, mfaOTPCode: code })
    .catch((error: unknown) => rethrowRejection(error, (e) => loginRejected(e, true)));
}

/** A still-valid session gets a new token for the same API key (no password, no MFA); any failure → full login. */
async function tryRefresh(api: SoracomApi, stale: { expiration: string; data: unknown }) {
  if (Date.parse(stale.expiration) <= Date.now() + 30_000) return undefined;
  const session = SoracomSession.safeParse(stale.data);
  if (!session.success || session.data.endpoint !== api.base) return undefined;
  try {
    const token = await api.refreshToken(session.data, session.data.operatorId, TOKEN_TIMEOUT_SECONDS);
    return sessionFrom({ ...session.data, token }, TOKEN_TIMEOUT_SECONDS);
  } catch (error) {
    if (error instanceof SoracomRejection) return undefined;
    throw error;
  }
}

export async function loginSoracomSwitch(
  services: LoginServices,
  request: LoginRequest,
): Promise<FreshSession> {
  const fields = SoracomSwitchFields.parse(request.profile.fields);
  const source = await services.sessionOf(fields.source);
  if (source.profile.type !== SORACOM_TYPE) {
    throw new TobiraError('soracom.switch.sourceType', ExitCode.usage, { source: fields.source });
  }
  const from = SoracomSession.parse(source.data);
  const api = new SoracomApi(from.endpoint, services.lang);
  const ttl = fields.ttl ?? SWITCH_TTL_MAX;
  const response = await api
    .switchUser(from, { operatorId: fields.operatorId, userName: fields.userName, tokenTimeoutSeconds: ttl })
    .catch((error: unknown) =>
      rethrowRejection(error, (e) =>
        switchRejected(e, `${fields.userName}@${fields.operatorId}`, fields.source),
      ),
    );
  return toSession(api.base, from.coverage, response, ttl);
}

export async function logoutSoracom(_services: LoginServices, data: Record<string, unknown>): Promise<void> {
  const session = SoracomSession.parse(data);
  try {
    await new SoracomApi(session.endpoint, 'en').logout(session);
  } catch (error) {
    // 401: the pair is already invalid, which is what logout wants.
    if (error instanceof SoracomRejection && error.rejection.status === 401) return;
    rethrowRejection(error, apiRejected);
  }
}

function toSession(endpoint: string, coverage: Coverage, response: AuthResponse, ttl: number): FreshSession {
  return sessionFrom(
    {
      apiKey: response.apiKey,
      token: response.token,
      operatorId: response.operatorId,
      ...(response.userName ? { userName: response.userName } : {}),
      coverage,
      endpoint,
    },
    ttl,
  );
}

function sessionFrom(session: SoracomSession, ttl: number): FreshSession {
  const exp = tokenClaims(session.token).exp;
  const expiresAt = exp !== undefined ? exp * 1000 : Date.now() + ttl * 1000;
  return { expiration: isoSeconds(expiresAt), data: session };
}
