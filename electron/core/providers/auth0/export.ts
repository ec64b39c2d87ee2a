import type { ActiveSession, SessionIdentity } from '../types';
import { jwtClaims } from './authentication';
import { hostOf } from './domain';
import { Auth0Session } from './session';

export function identifyAuth0(session: ActiveSession): SessionIdentity {
  const data = Auth0Session.parse(session.data);
  const host = hostOf(data.domain);
  const permissions = jwtClaims(data.accessToken).permissions;
  return {
    identity: data.keyId ? `API key ${data.keyId} @ ${host}` : `${data.clientId} (Management API) @ ${host}`,
    details: {
      domain: host,
      audience: data.audience,
      ...(data.keyId ? { keyId: data.keyId } : { clientId: data.clientId }),
      ...(permissions ? { permissions: permissions.join(' ') || '-' } : {}),
      ...(data.scope ? { scope: data.scope } : {}),
    },
  };
}

/** docs/architecture.md §5: auth0 `accessToken, tokenType, idToken?`. */
export function auth0Json(session: ActiveSession): Record<string, unknown> {
  const data = Auth0Session.parse(session.data);
  return {
    accessToken: data.accessToken,
    tokenType: data.tokenType,
    ...(data.idToken ? { idToken: data.idToken } : {}),
  };
}

export function auth0Env(session: ActiveSession): Record<string, string> {
  const data = Auth0Session.parse(session.data);
  return {
    AUTH0_ACCESS_TOKEN: data.accessToken,
    AUTH0_TOKEN_TYPE: data.tokenType,
    ...(data.idToken ? { AUTH0_ID_TOKEN: data.idToken } : {}),
    AUTH0_DOMAIN: hostOf(data.domain),
    AUTH0_AUDIENCE: data.audience,
  };
}
