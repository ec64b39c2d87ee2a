import { ExitCode, TobiraError } from '../../errors';
import type { Env } from '../../home';
import { EndpointOrigin, endpointFromEnv } from '../common/endpoint';

type Variable = 'TOBIRA_ENDPOINT_AWS_SSO_OIDC' | 'TOBIRA_ENDPOINT_AWS_SSO_PORTAL';

function override(env: Env, variable: Variable): string | undefined {
  const origin = endpointFromEnv(env, variable);
  if (origin === undefined) return undefined;
  if (!EndpointOrigin.safeParse(origin).success) {
    throw new TobiraError('aws.endpoint.invalid', ExitCode.usage, { variable });
  }
  return origin;
}

/** The DNS suffix of a region's endpoints: China's regions have their own. */
function suffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** The SSO OIDC service of the session's region (docs/protocols/aws-sso.md); TOBIRA_ENDPOINT_AWS_SSO_OIDC replaces it. */
export function oidcOrigin(env: Env, ssoRegion: string): string {
  return override(env, 'TOBIRA_ENDPOINT_AWS_SSO_OIDC') ?? `https://oidc.${ssoRegion}.${suffix(ssoRegion)}`;
}

/** The portal API (accounts, roles, role credentials); TOBIRA_ENDPOINT_AWS_SSO_PORTAL replaces it. */
export function portalOrigin(env: Env, ssoRegion: string): string {
  return (
    override(env, 'TOBIRA_ENDPOINT_AWS_SSO_PORTAL') ?? `https://portal.sso.${ssoRegion}.${suffix(ssoRegion)}`
  );
}
