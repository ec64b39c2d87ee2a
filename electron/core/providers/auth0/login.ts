import type { FreshSession } from '../../vault/credential-cache';
import type { LoginRequest, LoginServices } from '../types';
import { expiryOf, PASSWORD_REALM_GRANT, requestToken } from './authentication';
import { managementAudience } from './domain';
import { tokenRejected } from './errors';
import { retryTuning } from './api';
import { parseKey } from './key';
import { AdminFields, API_KEY_ROLE, ApiKeyFields, CLIENT_SECRET_ROLE } from './profile';
import { Auth0Session } from './session';

/** The synthetic e-mail of a key's Auth0 user; `.invalid` (RFC 2606) can never receive mail. */
export const KEY_EMAIL_DOMAIN = 'apikey.invalid';

export function keyLoginName(keyId: string): string {
  return `${keyId}@${KEY_EMAIL_DOMAIN}`;
}

/** Management API token by client credentials (specs B2), cached like any session until shortly before expiry. */
export async function loginAuth0Admin(services: LoginServices, request: LoginRequest): Promise<FreshSession> {
  const fields = AdminFields.parse(request.profile.fields);
  const secret = await services.vault.readSecret(request.profile, CLIENT_SECRET_ROLE);
  const audience = managementAudience(fields.domain);
  const result = await requestToken(
    fields.domain,
    { grant_type: 'client_credentials', client_id: fields.clientId, client_secret: secret, audience },
    retryTuning(services.env),
  );
  if (!result.ok) throw tokenRejected(result.rejection, { what: request.profile.name });
  const { token } = result;
  const session: Auth0Session = {
    accessToken: token.access_token,
    tokenType: token.token_type,
    ...(token.scope !== undefined ? { scope: token.scope } : {}),
    domain: fields.domain,
    audience,
    clientId: fields.clientId,
  };
  return { expiration: expiryOf(token), data: session };
}

/**
 * API key → JWT by the password-realm grant (specs B2). The key's checksum is verified first, so a damaged key is a
 * local error (exit 2) that never reaches Auth0 (and never counts towards its brute-force protection).
 */
export async function loginAuth0ApiKey(
  services: LoginServices,
  request: LoginRequest,
): Promise<FreshSession> {
  const fields = ApiKeyFields.parse(request.profile.fields);
  const key = parseKey(await services.vault.readSecret(request.profile, API_KEY_ROLE));
  // The exchanger application is a public client (no client_secret): the key alone gets a token.
  const form: Record<string, string> = {
    grant_type: PASSWORD_REALM_GRANT,
    client_id: fields.clientId,
    username: keyLoginName(key.id),
    password: key.secret,
    realm: fields.realm,
    audience: fields.audience,
  };
  const result = await requestToken(fields.domain, form, retryTuning(services.env));
  if (!result.ok) throw tokenRejected(result.rejection, { what: request.profile.name, keyId: key.id });
  const { token } = result;
  const session: Auth0Session = {
    accessToken: token.access_token,
    tokenType: token.token_type,
    ...(token.id_token !== undefined ? { idToken: token.id_token } : {}),
    ...(token.scope !== undefined ? { scope: token.scope } : {}),
    domain: fields.domain,
    audience: fields.audience,
    keyId: key.id,
    clientId: fields.clientId,
  };
  return { expiration: expiryOf(token), data: session };
}
