import { describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../../electron/core/errors';
import { oidcOrigin, portalOrigin } from '../../../../../electron/core/providers/aws-sso/endpoint';
import { legacySessionName, ssoProfileVerdict } from '../../../../../electron/core/providers/aws-sso/import';
import { awsSsoProfile, awsSsoSessionProfile } from '../../../../../electron/core/providers/aws-sso/profile';
import { defaultProfileName } from '../../../../../electron/core/providers/aws-sso/sync';
import { tokenCacheKey, tokenCachePath } from '../../../../../electron/core/providers/aws-sso/token-cache';

function usageField(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof TobiraError && error.exitCode === 2) return error.field;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('aws-sso profiles', () => {
  it('a session takes an https start URL, a region and comma-separated scopes', () => {
    const built = awsSsoSessionProfile.build(
      {
        startUrl: 'https://d-1234567890.awsapps.com/start',
        ssoRegion: 'ap-northeast-1',
        scopes: 'sso:account:access, codewhisperer:completions',
      },
      undefined,
    );
    expect(built.fields).toEqual({
      startUrl: 'https://d-1234567890.awsapps.com/start',
      ssoRegion: 'ap-northeast-1',
      scopes: ['sso:account:access', 'codewhisperer:completions'],
    });
    expect(built.secrets).toEqual({});
    expect(
      usageField(() =>
        awsSsoSessionProfile.build(
          { startUrl: 'http://portal.example.com', ssoRegion: 'us-east-1' },
          undefined,
        ),
      ),
    ).toBe('startUrl');
    expect(
      usageField(() =>
        awsSsoSessionProfile.build(
          { startUrl: 'https://x.awsapps.com/start', ssoRegion: 'Tokyo' },
          undefined,
        ),
      ),
    ).toBe('ssoRegion');
  });

  it('a role names its session, a 12-digit account and a role name', () => {
    expect(
      awsSsoProfile.build(
        { session: 'org', accountId: '111122223333', roleName: 'ReadOnly', region: 'eu-west-1' },
        undefined,
      ).fields,
    ).toEqual({ session: 'org', accountId: '111122223333', roleName: 'ReadOnly', region: 'eu-west-1' });
    expect(
      usageField(() => awsSsoProfile.build({ session: 'org', accountId: '1111', roleName: 'R' }, undefined)),
    ).toBe('accountId');
    expect(
      usageField(() =>
        awsSsoProfile.build({ session: 'bad name', accountId: '111122223333', roleName: 'R' }, undefined),
      ),
    ).toBe('session');
  });
});

describe('aws-sso helpers', () => {
  it('endpoints per region, China included; overrides are origins', () => {
    expect(oidcOrigin({}, 'ap-northeast-1')).toBe('https://oidc.ap-northeast-1.amazonaws.com');
    expect(portalOrigin({}, 'cn-north-1')).toBe('https://portal.sso.cn-north-1.amazonaws.com.cn');
    expect(oidcOrigin({ TOBIRA_ENDPOINT_AWS_SSO_OIDC: 'http://127.0.0.1:9/' }, 'us-east-1')).toBe(
      'http://127.0.0.1:9',
    );
    expect(() => portalOrigin({ TOBIRA_ENDPOINT_AWS_SSO_PORTAL: 'http://example.com' }, 'us-east-1')).toThrow(
      TobiraError,
    );
  });

  it("the token cache file is the AWS CLI's: sha1 hex of the session name under ~/.aws/sso/cache", () => {
    // Python: hashlib.sha1(b'my-sso').hexdigest(), as botocore computes it
    expect(tokenCacheKey('my-sso')).toBe('0ad374308c5a4e22f723adf10145eafad7c4031c');
    expect(tokenCacheKey('https://d-1234567890.awsapps.com/start')).toBe(
      '7487b5b67d5fa1132cf33fa93ae51ef38cc37752',
    );
    expect(tokenCachePath({ HOME: '/home/me' }, 'org')).toBe(
      `/home/me/.aws/sso/cache/${tokenCacheKey('org')}.json`,
    );
  });

  it('default profile names from account and role, within profile-name rules', () => {
    expect(defaultProfileName('', 'prod', 'AdministratorAccess')).toBe('prod-AdministratorAccess');
    expect(defaultProfileName('aws-', 'Sandbox (team A)', 'Dev')).toBe('aws-Sandbox-team-A-Dev');
    expect(defaultProfileName('', '日本語', 'ReadOnly')).toBe('ReadOnly');
    expect(defaultProfileName('', 'x'.repeat(80), 'R')).toHaveLength(64);
  });

  it('imports sso_session and legacy profiles; one without a role is skipped with its reason', () => {
    const sessions = new Set(['corp', 'sso-d-1234567890']);
    expect(
      ssoProfileVerdict(
        new Map([
          ['sso_session', 'corp'],
          ['sso_account_id', '111122223333'],
          ['sso_role_name', 'Dev'],
        ]),
        sessions,
      ),
    ).toMatchObject({ type: 'aws-sso', fields: { session: 'corp' } });
    expect(
      ssoProfileVerdict(
        new Map([
          ['sso_start_url', 'https://d-1234567890.awsapps.com/start'],
          ['sso_region', 'us-east-1'],
          ['sso_account_id', '111122223333'],
          ['sso_role_name', 'Dev'],
        ]),
        sessions,
      ),
    ).toMatchObject({ type: 'aws-sso', fields: { session: 'sso-d-1234567890' } });
    expect(ssoProfileVerdict(new Map([['sso_session', 'corp']]), sessions)).toEqual({
      reason: 'import.aws.ssoNoRole',
    });
    expect(ssoProfileVerdict(new Map([['region', 'us-east-1']]), sessions)).toBeUndefined();
    // A session neither imported nor in Tobira: the role could not sign in, so it is skipped, naming the session.
    expect(
      ssoProfileVerdict(
        new Map([
          ['sso_session', 'elsewhere'],
          ['sso_account_id', '111122223333'],
          ['sso_role_name', 'Dev'],
        ]),
        sessions,
      ),
    ).toEqual({ reason: 'import.aws.ssoNoSession', params: { session: 'elsewhere' } });
    expect(legacySessionName('https://my-company.awsapps.com/start')).toBe('sso-my-company');
  });
});
