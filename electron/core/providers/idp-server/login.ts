import type { Configuration, TokenEndpointResponse, TokenEndpointResponseHelpers } from 'openid-client';
import { ExitCode, TobiraError } from '../../errors';
import { isValidCode } from '../../mfa';
import type { CachedEntry, FreshSession } from '../../vault/credential-cache';
import type { ProfileRecord } from '../../vault/schema';
import type { LoginRequest, LoginServices } from '../types';
import { AuthorizationApi, IdpRejection, type StartedTransaction } from './api';
import { adminTokenFailure, rethrowStep, stepFailure, type OtpMethod } from './errors';
import { discover, oidcFailure, openIdClient, TokenRejection } from './oidc';
import { IDP_PASSWORD_ROLE, IdpServerAdminFields, IdpServerFields } from './profile';
import { bearerSpelling, expirationOf, IdpAdminSession, IdpSession } from './session';

export const PROVIDER_LABEL = 'idp-server';
/** Answers at the code prompt that ask for a new code instead (one new challenge per answer, never automatic). */
const RESEND_ANSWER = /^(r|resend|再送|再送信)$/i;
const METHOD_LABEL: Record<OtpMethod, string> = { sms: 'SMS', email: 'e-mail' };

interface Flow {
  config: Configuration;
  api: AuthorizationApi;
  transaction: StartedTransaction;
  verifier: string;
  state: string;
  nonce: string;
}

/** Starts an authorization request with PKCE S256, state and nonce, and keeps its transaction id and cookie. */
async function startFlow(fields: IdpServerFields): Promise<Flow> {
  const client = await openIdClient();
  const config = await discover(fields.issuer, fields.clientId).catch(rethrowStep(fields.otp));
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    response_type: 'code',
    redirect_uri: fields.redirectUri,
    scope: fields.scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const endpoint = config.serverMetadata().authorization_endpoint ?? `${fields.issuer}/v1/authorizations`;
  const api = new AuthorizationApi(endpoint);
  const transaction = await api.start(url).catch(rethrowStep(fields.otp));
  return { config, api, transaction, verifier, state, nonce };
}

async function passwordStep(
  services: LoginServices,
  profile: ProfileRecord,
  fields: IdpServerFields,
  flow: Flow,
) {
  const password = await services.vault.readSecret(profile, IDP_PASSWORD_ROLE);
  await flow.api
    .step(flow.transaction, 'password-authentication', { username: fields.username, password })
    .catch(rethrowStep(fields.otp));
}

/**
 * Password, then the one-time code of the profile's second factor, then tokens (docs/protocols/idp-server.md, “Signing in”).
 * A stale cached session with a refresh token is refreshed instead, without password or code.
 */
export async function loginIdpServer(services: LoginServices, request: LoginRequest): Promise<FreshSession> {
  const { profile } = request;
  const fields = IdpServerFields.parse(profile.fields);
  if (profile.mfa?.kind === 'totp')
    throw new TobiraError('idp.mfa.totp', ExitCode.usage, { name: profile.name });

  if (request.stale) {
    const refreshed = await tryRefresh(services, fields, request.stale);
    if (refreshed) return refreshed;
  }
  const flow = await startFlow(fields);
  await passwordStep(services, profile, fields, flow);

  const method = METHOD_LABEL[fields.otp];
  await challenge(flow, fields.otp);
  services.notice('idp.otp.sent', { method, name: profile.name });
  for (;;) {
    const answer = await codeFor(services, profile, fields.otp, request.mfaCode);
    if (answer === 'resend') {
      await challenge(flow, fields.otp);
      services.notice('idp.otp.resent', { method });
      continue;
    }
    try {
      await flow.api.step(flow.transaction, `${fields.otp}-authentication`, {
        verification_code: answer.code,
      });
      break;
    } catch (error) {
      const failure = stepFailure(error, fields.otp);
      // A mistyped code at the terminal may be typed again (the server counts the attempts); a code from a flag
      // or a command would only be the same code again, so that is the end.
      if (answer.typed && failure instanceof TobiraError && failure.key === 'idp.otp.wrong') {
        services.notice('idp.otp.tryAgain', { method });
        continue;
      }
      throw failure;
    }
  }
  const redirect = await flow.api.authorize(flow.transaction).catch(rethrowStep(fields.otp));
  const client = await openIdClient();
  const tokens = await client
    .authorizationCodeGrant(flow.config, redirect, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: fields.scope.split(' ').includes('openid'),
    })
    .catch((error: unknown) => {
      throw stepFailure(oidcFailure(error, 'token', flow.config), fields.otp);
    });
  return sessionFrom(fields, tokens);
}

/** Sends a code: the server invalidates any earlier code of this transaction (seed 002, §3.3 注意). */
async function challenge(flow: Flow, otp: OtpMethod): Promise<void> {
  // No address in the body: the server takes the signed-in user's registered phone number or e-mail (docs/protocols/idp-server.md, “Signing in”).
  await flow.api
    .step(flow.transaction, `${otp}-authentication-challenge`, { template: 'authentication' })
    .catch(rethrowStep(otp));
}

/**
 * The code through the MFA broker (--mfa-code, `mfa --command`, the app's prompt), or — on a terminal — a prompt
 * that also accepts "r" to have a new code sent.
 */
async function codeFor(
  services: LoginServices,
  profile: ProfileRecord,
  otp: OtpMethod,
  explicit: string | undefined,
): Promise<{ code: string; typed: boolean } | 'resend'> {
  const broker = () =>
    services.mfa
      .code({
        profile,
        provider: PROVIDER_LABEL,
        ...(explicit !== undefined ? { explicitCode: explicit } : {}),
      })
      .then((result) => ({ code: result.code, typed: result.source === 'prompt' }));
  if (explicit !== undefined || profile.mfa !== undefined) return broker();
  const answer = await services.askLine({
    profile,
    provider: PROVIDER_LABEL,
    label: 'idp.otp.prompt',
    params: { method: METHOD_LABEL[otp] },
  });
  if (answer === undefined) return broker();
  const trimmed = answer.trim();
  if (RESEND_ANSWER.test(trimmed)) return 'resend';
  if (!isValidCode(trimmed)) throw new TobiraError('mfa.code.format', ExitCode.usage);
  return { code: trimmed, typed: true };
}

async function tryRefresh(
  services: LoginServices,
  fields: IdpServerFields,
  stale: CachedEntry,
): Promise<FreshSession | undefined> {
  const previous = IdpSession.safeParse(stale.data);
  if (!previous.success || previous.data.refreshToken === undefined) return undefined;
  if (previous.data.issuer !== fields.issuer || previous.data.clientId !== fields.clientId) return undefined;
  const client = await openIdClient();
  const config = await discover(fields.issuer, fields.clientId).catch(rethrowStep(fields.otp));
  try {
    const tokens = await client.refreshTokenGrant(config, previous.data.refreshToken);
    return sessionFrom(fields, tokens, previous.data);
  } catch (error) {
    const failure = oidcFailure(error, 'refresh', config);
    if (failure instanceof TokenRejection) {
      services.notice('idp.refresh.rejected');
      return undefined;
    }
    throw failure;
  }
}

function sessionFrom(
  fields: IdpServerFields,
  tokens: TokenEndpointResponse & TokenEndpointResponseHelpers,
  previous?: IdpSession,
): FreshSession {
  const claims = tokens.claims();
  const amr = Array.isArray(claims?.amr)
    ? claims.amr.filter((item): item is string => typeof item === 'string')
    : previous?.amr;
  const idToken = tokens.id_token ?? previous?.idToken;
  const refreshToken = tokens.refresh_token ?? previous?.refreshToken;
  const subject = claims?.sub ?? previous?.subject;
  const session: IdpSession = {
    issuer: fields.issuer,
    clientId: fields.clientId,
    username: fields.username,
    accessToken: tokens.access_token,
    tokenType: bearerSpelling(tokens.token_type),
    ...(idToken !== undefined ? { idToken } : {}),
    ...(refreshToken !== undefined ? { refreshToken } : {}),
    ...(tokens.scope !== undefined ? { scope: tokens.scope } : {}),
    ...(subject !== undefined ? { subject } : {}),
    ...(amr !== undefined ? { amr } : {}),
  };
  return { expiration: expirationOf(tokens.expires_in), data: session };
}

/**
 * The check behind `mfa-setup --verify-with`: signs in with the password only and asks to finish. Returns
 * 'refused' when the tenant demands more (what an MFA policy must do) and 'allowed' when password alone was enough.
 */
export async function probePasswordOnly(
  services: LoginServices,
  profile: ProfileRecord,
): Promise<'refused' | 'allowed'> {
  const fields = IdpServerFields.parse(profile.fields);
  const flow = await startFlow(fields);
  await passwordStep(services, profile, fields, flow);
  try {
    await flow.api.authorize(flow.transaction);
    return 'allowed';
  } catch (error) {
    if (error instanceof IdpRejection && error.step === 'authorize') {
      const failure = stepFailure(error, fields.otp);
      if (failure instanceof TobiraError && failure.key === 'idp.policy.unsatisfied') return 'refused';
    }
    throw stepFailure(error, fields.otp);
  }
}

/** Management scopes of the admin/organizer tenant (docs/protocols/idp-server.md, “mfa-setup”). */
export function managementScope(fields: IdpServerAdminFields): string {
  return fields.organization ? 'org-management' : 'management';
}

/** A management token by the password grant; the session cache keeps it until shortly before it expires. */
export async function loginIdpServerAdmin(
  services: LoginServices,
  request: LoginRequest,
): Promise<FreshSession> {
  const fields = IdpServerAdminFields.parse(request.profile.fields);
  const client = await openIdClient();
  const config = await discover(fields.issuer, fields.clientId);
  const password = await services.vault.readSecret(request.profile, IDP_PASSWORD_ROLE);
  const scope = managementScope(fields);
  const tokens = await client
    .genericGrantRequest(config, 'password', { username: fields.username, password, scope })
    .catch((error: unknown) => {
      throw adminTokenFailure(oidcFailure(error, 'token', config));
    });
  const granted = (tokens.scope ?? scope).split(' ');
  if (!granted.includes(scope)) throw new TobiraError('idp.admin.scope', ExitCode.rejected, { scope });
  const session: IdpAdminSession = {
    issuer: fields.issuer,
    clientId: fields.clientId,
    username: fields.username,
    accessToken: tokens.access_token,
    tokenType: bearerSpelling(tokens.token_type),
    scope: granted.join(' '),
    ...(fields.organization ? { organization: fields.organization } : {}),
  };
  return { expiration: expirationOf(tokens.expires_in), data: session };
}
