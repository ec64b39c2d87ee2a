import type { ImportEntry, ImportVerdict } from '../common/import';
import { AWS_SSO_SESSION_TYPE, AWS_SSO_TYPE, SsoRoleFields, SsoSessionFields } from './profile';

type Values = ReadonlyMap<string, string>;

/** The name of an `[sso-session NAME]` section, or undefined for any other header. */
export function ssoSessionOfHeader(header: string): string | undefined {
  const match = /^sso-session\s+(\S+)$/.exec(header.trim());
  return match?.[1];
}

/** `[sso-session NAME]` → an aws-sso-session profile NAME (sso_start_url, sso_region, sso_registration_scopes). */
export function ssoSessionEntry(name: string, values: Values, origin: string): ImportEntry {
  return {
    name,
    origin,
    read: (): ImportVerdict => {
      const scopes = values
        .get('sso_registration_scopes')
        ?.split(',')
        .map((scope) => scope.trim())
        .filter(Boolean);
      const fields = SsoSessionFields.safeParse({
        startUrl: values.get('sso_start_url'),
        ssoRegion: values.get('sso_region'),
        ...(scopes && scopes.length > 0 ? { scopes } : {}),
      });
      return fields.success
        ? { type: AWS_SSO_SESSION_TYPE, fields: fields.data, secrets: {} }
        : { reason: 'import.incomplete' };
    },
  };
}

/** The session name Tobira gives a legacy start URL: its host's first label (d-1234567890), prefixed "sso-". */
export function legacySessionName(startUrl: string): string | undefined {
  try {
    const label = new URL(startUrl).hostname.split('.')[0] ?? '';
    return /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/.test(label) ? `sso-${label}` : undefined;
  } catch {
    return undefined;
  }
}

/** A legacy profile's start URL and region become a session of their own, keyed in the token cache by the URL. */
export function legacySessionEntry(
  name: string,
  startUrl: string,
  region: string,
  origin: string,
): ImportEntry {
  return {
    name,
    origin,
    read: (): ImportVerdict => {
      const fields = SsoSessionFields.safeParse({ startUrl, ssoRegion: region, legacyCache: true });
      return fields.success
        ? { type: AWS_SSO_SESSION_TYPE, fields: fields.data, secrets: {} }
        : { reason: 'import.incomplete' };
    },
  };
}

/**
 * A profile with `sso_session` (or the legacy `sso_start_url`) and `sso_account_id` + `sso_role_name` → an aws-sso
 * profile on that session; undefined when the profile is not an SSO one. A session that is not among `sessions` (the
 * ones this import adds or Tobira has) skips the role: it could not sign in.
 */
export function ssoProfileVerdict(config: Values, sessions: ReadonlySet<string>): ImportVerdict | undefined {
  const session = config.get('sso_session');
  const legacyUrl = config.get('sso_start_url');
  if (!session && !legacyUrl) return undefined;
  const accountId = config.get('sso_account_id');
  const roleName = config.get('sso_role_name');
  if (!accountId || !roleName) return { reason: 'import.aws.ssoNoRole' };
  const sessionName = session ?? (legacyUrl ? legacySessionName(legacyUrl) : undefined);
  if (sessionName !== undefined && !sessions.has(sessionName))
    return { reason: 'import.aws.ssoNoSession', params: { session: sessionName } };
  const region = config.get('region') || undefined;
  const fields = SsoRoleFields.safeParse({
    session: sessionName,
    accountId,
    roleName,
    ...(region ? { region } : {}),
  });
  return fields.success
    ? { type: AWS_SSO_TYPE, fields: fields.data, secrets: {} }
    : { reason: 'import.incomplete' };
}
