import { ExitCode, TobiraError } from '../../errors';
import type { Env } from '../../home';
import { portsFromEnv, type OAuthClient } from '../../oauth';
import { EndpointOrigin } from '../common/endpoint';

export type Site = 'cn' | 'intl';

/** docs/protocols/alibaba.md: the hosts and the official CLI app ids, the same in every Alibaba SDK. */
export const SITES: Record<Site, { signin: string; oauth: string; clientId: string; ram: string }> = {
  cn: {
    signin: 'https://signin.aliyun.com',
    oauth: 'https://oauth.aliyun.com',
    clientId: '4038181954557748008',
    ram: 'https://ram.console.aliyun.com',
  },
  intl: {
    signin: 'https://signin.alibabacloud.com',
    oauth: 'https://oauth.alibabacloud.com',
    clientId: '4103531455503354461',
    ram: 'https://ram.console.alibabacloud.com',
  },
};

/** The only redirect URIs the official app accepts: http://127.0.0.1:{12345..12349}/cli/callback (spec §1.3). */
export const ALIBABA_PORTS: readonly number[] = [12345, 12346, 12347, 12348, 12349];
export const ALIBABA_CALLBACK_PATH = '/cli/callback';
export const ALIBABA_SERVICE = 'Alibaba Cloud OAuth';

export function officialClientId(site: Site): string {
  return SITES[site].clientId;
}

export interface AlibabaTarget {
  site: Site;
  client: OAuthClient;
  /** Origin of the token, exchange and revocation endpoints (the issuer). */
  oauthOrigin: string;
  ports: readonly number[];
  /** Where a RAM administrator assigns users to the app. */
  assignUrl: string;
}

function origin(env: Env, name: string, fallback: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') return fallback;
  const trimmed = value.trim().replace(/\/+$/, '');
  const parsed = EndpointOrigin.safeParse(trimmed);
  if (!parsed.success) {
    throw new TobiraError('profile.invalidField', ExitCode.usage, {
      field: name,
      detail: parsed.error.issues[0]?.message ?? 'not an origin',
    });
  }
  return trimmed;
}

/** The endpoints of a profile: the site's, or TOBIRA_ENDPOINT_ALIBABA_SIGNIN / _OAUTH (origins, docs/architecture.md §5). */
export function alibabaTarget(
  fields: { site: Site; clientId?: string | undefined },
  env: Env,
): AlibabaTarget {
  const site = SITES[fields.site];
  const signin = origin(env, 'TOBIRA_ENDPOINT_ALIBABA_SIGNIN', site.signin);
  const oauth = origin(env, 'TOBIRA_ENDPOINT_ALIBABA_OAUTH', site.oauth);
  const clientId = fields.clientId ?? site.clientId;
  return {
    site: fields.site,
    oauthOrigin: oauth,
    ports: portsFromEnv(env, ALIBABA_PORTS),
    assignUrl: `${site.ram}/applications/${clientId}?appType=ThirdPartyApp&activeTab=Assignments`,
    client: {
      clientId,
      service: ALIBABA_SERVICE,
      server: {
        issuer: oauth,
        authorizationEndpoint: `${signin}/oauth2/v1/auth`,
        tokenEndpoint: `${oauth}/v1/token`,
        revocationEndpoint: `${oauth}/v1/revoke`,
      },
    },
  };
}
