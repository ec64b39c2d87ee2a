import { afterEach, describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../../electron/core/errors';
import { loginAlibaba } from '../../../../../electron/core/providers/alibaba/login';
import { AlibabaSession } from '../../../../../electron/core/providers/alibaba/session';
import type { LoginServices } from '../../../../../electron/core/providers/types';
import type { CachedEntry } from '../../../../../electron/core/vault/credential-cache';
import type { ProfileRecord } from '../../../../../electron/core/vault/schema';
import { closedPorts } from '../../../../harness/cli';
import {
  signInOverHttp,
  startFakeAlibaba,
  type FakeAlibaba,
  type FakeAlibabaOptions,
} from '../../../../fakes/alibaba';

function profile(fields: Record<string, unknown>): ProfileRecord {
  const now = new Date().toISOString();
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'ali',
    type: 'alibaba',
    fields,
    secrets: {},
    createdAt: now,
    updatedAt: now,
  };
}

interface Harness {
  services: LoginServices;
  notices: string[];
  opened: string[];
}

/** Only what an Alibaba login uses; the "browser" signs in over HTTP and follows the redirect. */
function services(env: Record<string, string>, login = 'alice'): Harness {
  const notices: string[] = [];
  const opened: string[] = [];
  const partial: Partial<LoginServices> = {
    env,
    lang: 'en',
    notice: (key) => notices.push(key),
    askLine: async () => undefined,
    async openBrowser(url) {
      opened.push(url);
      void signInOverHttp(url, { login }).then(async ({ redirect }) => {
        if (redirect) await fetch(redirect).catch(() => undefined);
      });
    },
  };
  return { services: partial as LoginServices, notices, opened };
}

let fake: FakeAlibaba | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: FakeAlibabaOptions = {}) {
  const [port] = await closedPorts(1);
  fake = await startFakeAlibaba({ allowedPorts: [port as number], ...options });
  const env = {
    TOBIRA_ENDPOINT_ALIBABA_SIGNIN: fake.origin,
    TOBIRA_ENDPOINT_ALIBABA_OAUTH: fake.origin,
    TOBIRA_OAUTH_PORTS: String(port),
    TOBIRA_OAUTH_TIMEOUT_SECONDS: '3',
  };
  return { fake, env };
}

function stale(data: AlibabaSession): CachedEntry {
  return { version: 1, expiration: new Date().toISOString(), obtainedAt: new Date().toISOString(), data };
}

describe('Alibaba login', () => {
  it('signs in, exchanges for STS and keeps the refresh token in the session (secret store) only', async () => {
    const { fake, env } = await setup({ stsSeconds: 1800 });
    const h = services(env);
    const fresh = await loginAlibaba(h.services, { profile: profile({ site: 'cn', region: 'cn-hangzhou' }) });
    const session = AlibabaSession.parse(fresh.data);
    const sts = fake.issuedSts[0];
    expect(session).toMatchObject({
      accessKeyId: sts?.accessKeyId,
      accessKeySecret: sts?.accessKeySecret,
      securityToken: sts?.securityToken,
      site: 'cn',
      region: 'cn-hangzhou',
      clientId: '4038181954557748008',
      subject: 'alice',
    });
    expect(session.refreshToken).toBeDefined();
    expect(fresh.expiration).toBe(sts?.expiration);
    expect(h.opened).toHaveLength(1);
    expect(h.opened[0]).toContain('client_id=4038181954557748008');
  });

  it('renews from the cached session without a browser: exchange only while the access token is fresh', async () => {
    const { fake, env } = await setup();
    const first = await loginAlibaba(services(env).services, { profile: profile({ site: 'cn' }) });
    const h = services(env);
    const again = await loginAlibaba(h.services, {
      profile: profile({ site: 'cn' }),
      stale: stale(AlibabaSession.parse(first.data)),
    });
    expect(h.opened).toEqual([]);
    expect(fake.grants.map((grant) => grant.grantType)).toEqual(['authorization_code']);
    expect(fake.issuedSts).toHaveLength(2);
    expect(AlibabaSession.parse(again.data).accessKeyId).toBe(fake.issuedSts[1]?.accessKeyId);
  });

  it('refreshes a nearly expired access token and stores the rotated refresh token', async () => {
    const { fake, env } = await setup({ accessTokenSeconds: 600 });
    const first = AlibabaSession.parse(
      (await loginAlibaba(services(env).services, { profile: profile({ site: 'cn' }) })).data,
    );
    const h = services(env);
    const again = AlibabaSession.parse(
      (await loginAlibaba(h.services, { profile: profile({ site: 'cn' }), stale: stale(first) })).data,
    );
    expect(h.opened).toEqual([]);
    expect(fake.grants.map((grant) => grant.grantType)).toEqual(['authorization_code', 'refresh_token']);
    expect(again.refreshToken).toBeDefined();
    expect(again.refreshToken).not.toBe(first.refreshToken);
    expect(again.accessToken).not.toBe(first.accessToken);
  });

  it('a revoked refresh token falls back to the browser, with a notice', async () => {
    const { fake, env } = await setup({ accessTokenSeconds: 600 });
    const first = AlibabaSession.parse(
      (await loginAlibaba(services(env).services, { profile: profile({ site: 'cn' }) })).data,
    );
    await fake.revokeRefreshTokens();
    const h = services(env);
    const again = await loginAlibaba(h.services, { profile: profile({ site: 'cn' }), stale: stale(first) });
    expect(h.notices[0]).toBe('alibaba.refresh.expired');
    expect(h.opened).toHaveLength(1);
    expect(AlibabaSession.parse(again.data).refreshToken).not.toBe(first.refreshToken);
  });

  it('an own OAuth app cannot mint STS: exit 3 telling to drop --client-id', async () => {
    const { env } = await setup({ clientIds: ['4038181954557748008', '5555000011112222'] });
    const error = await loginAlibaba(services(env).services, {
      profile: profile({ site: 'cn', clientId: '5555000011112222' }),
    }).catch((e: unknown) => e);
    expect((error as TobiraError).key).toBe('alibaba.exchange.ownApp');
    expect((error as TobiraError).exitCode).toBe(3);
    expect((error as TobiraError).message).toContain('remove --client-id');
  });

  it('an identity not assigned to the app times out with what the admin must do', async () => {
    const { env } = await setup();
    const error = await loginAlibaba(
      services({ ...env, TOBIRA_OAUTH_TIMEOUT_SECONDS: '1' }, 'unassigned-bob').services,
      {
        profile: profile({ site: 'cn' }),
      },
    ).catch((e: unknown) => e);
    expect((error as TobiraError).key).toBe('alibaba.login.timeout');
    expect((error as TobiraError).message).toContain(
      'https://ram.console.aliyun.com/applications/4038181954557748008?appType=ThirdPartyApp&activeTab=Assignments',
    );
  });
});
