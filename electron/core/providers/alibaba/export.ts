import type { ProfileRecord } from '../../vault/schema';
import type { ActiveSession, LoginServices, SessionIdentity } from '../types';
import { AlibabaSession } from './session';

export function identifyAlibaba(session: ActiveSession): SessionIdentity {
  const data = AlibabaSession.parse(session.data);
  return {
    identity: data.subject ?? data.accessKeyId,
    details: {
      site: data.site,
      ...(data.region ? { region: data.region } : {}),
      accessKeyId: data.accessKeyId,
      ...(data.refreshTokenExpiresAt ? { signInValidUntil: data.refreshTokenExpiresAt } : {}),
    },
  };
}

/** docs/architecture.md §5: alibaba adds accessKeyId, accessKeySecret, securityToken. */
export function alibabaJson(session: ActiveSession): Record<string, unknown> {
  const data = AlibabaSession.parse(session.data);
  return {
    accessKeyId: data.accessKeyId,
    accessKeySecret: data.accessKeySecret,
    securityToken: data.securityToken,
  };
}

/**
 * The variables the aliyun CLI and every Alibaba SDK read (spec §3.5). ALIBABA_CLOUD_IGNORE_PROFILE makes the aliyun
 * CLI use them instead of the current profile of ~/.aliyun/config.json, which would otherwise win over them.
 */
export function alibabaEnv(session: ActiveSession): Record<string, string> {
  const data = AlibabaSession.parse(session.data);
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: data.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: data.accessKeySecret,
    ALIBABA_CLOUD_SECURITY_TOKEN: data.securityToken,
    ...(data.region ? { ALIBABA_CLOUD_REGION_ID: data.region } : {}),
    ALIBABA_CLOUD_IGNORE_PROFILE: 'TRUE',
  };
}

/**
 * What an External-mode profile's process_command prints (spec §3.3): `mode` is mandatory (without it the aliyun CLI
 * runs the command again and again), only credential keys (others would override the profile's own settings).
 */
export async function aliyunExternalOutput(services: LoginServices, profile: ProfileRecord): Promise<string> {
  const session = await services.sessionOf(profile.name);
  const data = AlibabaSession.parse(session.data);
  return JSON.stringify({
    mode: 'StsToken',
    access_key_id: data.accessKeyId,
    access_key_secret: data.accessKeySecret,
    sts_token: data.securityToken,
    expiration: session.expiration,
  });
}
