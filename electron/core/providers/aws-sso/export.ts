import type { ActiveSession, SessionIdentity } from '../types';
import { identifyAws } from '../aws/export';
import { AwsCredentials } from '../aws/session';
import { SsoRoleFields } from './profile';
import { SsoSessionData } from './session';

/** An aws-sso-session: the portal it signed in to; the access token is not shown. */
export function identifySsoSession(session: ActiveSession): SessionIdentity {
  const data = SsoSessionData.parse(session.data);
  return { identity: data.startUrl, details: { ssoRegion: data.ssoRegion, session: data.sessionName } };
}

/** `export --format json` of a session: the bearer token for tools that call the portal API themselves. */
export function ssoSessionJson(session: ActiveSession): Record<string, unknown> {
  const data = SsoSessionData.parse(session.data);
  return { startUrl: data.startUrl, ssoRegion: data.ssoRegion, accessToken: data.accessToken };
}

/** A session has no AWS credentials of its own: its roles (aws-sso profiles) do. */
export function ssoSessionEnv(): Record<string, string> {
  return {};
}

/** An aws-sso role: "ROLE @ ACCOUNT (name)", then the usual AWS details. */
export function identifySsoRole(session: ActiveSession): SessionIdentity {
  const fields = SsoRoleFields.parse(session.profile.fields);
  const aws = identifyAws(session);
  const data = AwsCredentials.parse(session.data);
  const account = fields.accountName ? `${fields.accountId} (${fields.accountName})` : fields.accountId;
  return {
    identity: `${fields.roleName} @ ${account}`,
    details: {
      ...aws.details,
      session: fields.session,
      role: fields.roleName,
      account: data.accountId ?? fields.accountId,
    },
  };
}
