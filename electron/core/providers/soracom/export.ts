import { ExitCode, TobiraError } from '../../errors';
import type { ProfileRecord } from '../../vault/schema';
import { mfaCode } from '../common/mfa';
import type { ActiveSession, LoginServices, SessionIdentity } from '../types';
import { SORACOM_SECRET_ROLE, SORACOM_SWITCH_TYPE, SoracomFields } from './profile';
import { SoracomSession } from './session';

export function identifySoracom(session: ActiveSession): SessionIdentity {
  const data = SoracomSession.parse(session.data);
  return {
    identity: data.userName ? `${data.userName}@${data.operatorId}` : data.operatorId,
    details: {
      operator: data.operatorId,
      ...(data.userName ? { user: data.userName } : {}),
      coverage: data.coverage,
      endpoint: data.endpoint,
    },
  };
}

export function soracomJson(session: ActiveSession): Record<string, unknown> {
  const data = SoracomSession.parse(session.data);
  return {
    apiKey: data.apiKey,
    token: data.token,
    operatorId: data.operatorId,
    ...(data.userName ? { userName: data.userName } : {}),
  };
}

/** SORACOM_ENDPOINT goes along so that `soracom --api-key … --api-token …` talks to the same endpoint. */
export function soracomEnv(session: ActiveSession): Record<string, string> {
  const data = SoracomSession.parse(session.data);
  return {
    SORACOM_API_KEY: data.apiKey,
    SORACOM_TOKEN: data.token,
    SORACOM_OPERATOR_ID: data.operatorId,
    ...(data.userName ? { SORACOM_USER_NAME: data.userName } : {}),
    SORACOM_ENDPOINT: data.endpoint,
  };
}

/**
 * soracom-cli's profileCommand object (docs/protocols/soracom.md): soracom-cli cannot take an issued key/token from it,
 * so it carries the credentials themselves and, when the profile has MFA, a fresh code. Never reads stdin.
 */
export async function soracomProfileCommandOutput(
  services: LoginServices,
  profile: ProfileRecord,
): Promise<string> {
  if (profile.type === SORACOM_SWITCH_TYPE) {
    throw new TobiraError('soracom.profileCommand.switch', ExitCode.error, { name: profile.name });
  }
  const fields = SoracomFields.parse(profile.fields);
  const secret = await services.vault.readSecret(profile, SORACOM_SECRET_ROLE);
  if (fields.mode === 'authkey') return JSON.stringify({ authKeyId: fields.authKeyId, authKey: secret });
  const code = profile.mfa ? await mfaCode(services, profile, 'SORACOM') : undefined;
  const who =
    fields.mode === 'root'
      ? { email: fields.email }
      : { operatorId: fields.operatorId, username: fields.userName };
  return JSON.stringify({ ...who, password: secret, ...(code !== undefined ? { mfaOTPCode: code } : {}) });
}
