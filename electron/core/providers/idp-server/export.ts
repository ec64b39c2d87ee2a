import type { ActiveSession, SessionIdentity } from '../types';
import { IdpAdminSession, IdpSession } from './session';

export function identifyIdpServer(session: ActiveSession): SessionIdentity {
  const data = IdpSession.parse(session.data);
  return {
    identity: `${data.username} @ ${data.issuer}`,
    details: {
      issuer: data.issuer,
      client: data.clientId,
      ...(data.subject ? { subject: data.subject } : {}),
      ...(data.amr ? { methods: data.amr.join(', ') } : {}),
      ...(data.scope ? { scope: data.scope } : {}),
      refresh: data.refreshToken ? 'yes' : 'no',
    },
  };
}

/** docs/architecture.md §5: `accessToken, tokenType, idToken?`. The refresh token stays in the cache. */
export function idpServerJson(session: ActiveSession): Record<string, unknown> {
  const data = IdpSession.parse(session.data);
  return {
    accessToken: data.accessToken,
    tokenType: data.tokenType,
    ...(data.idToken ? { idToken: data.idToken } : {}),
    issuer: data.issuer,
  };
}

export function idpServerEnv(session: ActiveSession): Record<string, string> {
  const data = IdpSession.parse(session.data);
  return {
    IDP_ACCESS_TOKEN: data.accessToken,
    IDP_TOKEN_TYPE: data.tokenType,
    ...(data.idToken ? { IDP_ID_TOKEN: data.idToken } : {}),
    IDP_ISSUER: data.issuer,
    IDP_TOKEN_EXPIRATION: session.expiration,
  };
}

export function identifyAdmin(session: ActiveSession): SessionIdentity {
  const data = IdpAdminSession.parse(session.data);
  return {
    identity: `${data.username} @ ${data.issuer}`,
    details: {
      issuer: data.issuer,
      level: data.organization ? `organization ${data.organization}` : 'system',
      ...(data.scope ? { scope: data.scope } : {}),
    },
  };
}

export function adminJson(session: ActiveSession): Record<string, unknown> {
  const data = IdpAdminSession.parse(session.data);
  return { accessToken: data.accessToken, tokenType: data.tokenType, issuer: data.issuer };
}

export function adminEnv(session: ActiveSession): Record<string, string> {
  const data = IdpAdminSession.parse(session.data);
  return {
    IDP_ADMIN_TOKEN: data.accessToken,
    IDP_ISSUER: data.issuer,
    IDP_TOKEN_EXPIRATION: session.expiration,
  };
}
