import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../../electron/core/errors';
import { aliyunImporter } from '../../../../../electron/core/providers/alibaba';
import {
  alibabaEnv,
  alibabaJson,
  aliyunExternalOutput,
} from '../../../../../electron/core/providers/alibaba/export';
import { alibabaLinker } from '../../../../../electron/core/providers/alibaba/link';
import { alibabaProfile } from '../../../../../electron/core/providers/alibaba/profile';
import { alibabaTarget } from '../../../../../electron/core/providers/alibaba/endpoint';
import type { ActiveSession, LoginServices } from '../../../../../electron/core/providers/types';
import type { ProfileRecord } from '../../../../../electron/core/vault/schema';

function record(name: string, fields: Record<string, unknown>): ProfileRecord {
  const now = new Date().toISOString();
  return {
    id: '00000000-0000-4000-8000-000000000002',
    name,
    type: 'alibaba',
    fields,
    secrets: {},
    createdAt: now,
    updatedAt: now,
  };
}

const SESSION_DATA = {
  accessKeyId: 'STS.NUabc',
  accessKeySecret: 'secret-value',
  securityToken: 'CAIStoken',
  site: 'cn',
  region: 'cn-shanghai',
  oauthOrigin: 'https://oauth.aliyun.com',
  clientId: '4038181954557748008',
  accessToken: 'at',
  accessTokenExpiresAt: '2030-01-01T00:00:00Z',
  refreshToken: 'rt',
};

describe('alibaba profile', () => {
  it('needs --site, validates region and drops the official client id', () => {
    expect(() => alibabaProfile.build({}, undefined)).toThrow(TobiraError);
    expect(alibabaProfile.build({ site: 'intl', region: 'ap-northeast-1' }, undefined).fields).toEqual({
      site: 'intl',
      region: 'ap-northeast-1',
    });
    expect(alibabaProfile.build({ site: 'cn', clientId: '4038181954557748008' }, undefined).fields).toEqual({
      site: 'cn',
    });
    expect(alibabaProfile.build({ site: 'cn', clientId: '1234567' }, undefined).fields).toEqual({
      site: 'cn',
      clientId: '1234567',
    });
    for (const bad of [{ site: 'us' }, { site: 'cn', region: 'Tokyo' }, { site: 'cn', clientId: 'a b' }]) {
      const error = (() => {
        try {
          alibabaProfile.build(bad, undefined);
        } catch (caught) {
          return caught;
        }
      })();
      expect((error as TobiraError).exitCode, JSON.stringify(bad)).toBe(2);
    }
  });

  it('maps sites to hosts and client ids, and honours the endpoint overrides', () => {
    const cn = alibabaTarget({ site: 'cn' }, {});
    expect(cn.client.server.authorizationEndpoint).toBe('https://signin.aliyun.com/oauth2/v1/auth');
    expect(cn.client.server.tokenEndpoint).toBe('https://oauth.aliyun.com/v1/token');
    expect(cn.client.clientId).toBe('4038181954557748008');
    expect(cn.ports).toEqual([12345, 12346, 12347, 12348, 12349]);
    const intl = alibabaTarget({ site: 'intl' }, {});
    expect(intl.client.server.authorizationEndpoint).toBe('https://signin.alibabacloud.com/oauth2/v1/auth');
    expect(intl.oauthOrigin).toBe('https://oauth.alibabacloud.com');
    expect(intl.client.clientId).toBe('4103531455503354461');
    const local = alibabaTarget(
      { site: 'cn' },
      {
        TOBIRA_ENDPOINT_ALIBABA_SIGNIN: 'http://127.0.0.1:9',
        TOBIRA_ENDPOINT_ALIBABA_OAUTH: 'http://127.0.0.1:8',
      },
    );
    expect(local.client.server.authorizationEndpoint).toBe('http://127.0.0.1:9/oauth2/v1/auth');
    expect(local.client.server.issuer).toBe('http://127.0.0.1:8');
    expect(() =>
      alibabaTarget({ site: 'cn' }, { TOBIRA_ENDPOINT_ALIBABA_OAUTH: 'http://evil.example' }),
    ).toThrow(/TOBIRA_ENDPOINT_ALIBABA_OAUTH/);
  });
});

describe('alibaba exports', () => {
  const session: ActiveSession = {
    profile: record('ali', { site: 'cn' }),
    expiration: '2030-01-01T00:00:00Z',
    data: SESSION_DATA,
    fromCache: true,
  };

  it('env and json carry the STS triple (never the OAuth tokens)', () => {
    expect(alibabaEnv(session)).toEqual({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.NUabc',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret-value',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIStoken',
      ALIBABA_CLOUD_REGION_ID: 'cn-shanghai',
      ALIBABA_CLOUD_IGNORE_PROFILE: 'TRUE',
    });
    expect(alibabaJson(session)).toEqual({
      accessKeyId: 'STS.NUabc',
      accessKeySecret: 'secret-value',
      securityToken: 'CAIStoken',
    });
  });

  it('aliyun-external prints the External-mode object with mode StsToken', async () => {
    const services = { sessionOf: async () => session } as unknown as LoginServices;
    expect(JSON.parse(await aliyunExternalOutput(services, session.profile))).toEqual({
      mode: 'StsToken',
      access_key_id: 'STS.NUabc',
      access_key_secret: 'secret-value',
      sts_token: 'CAIStoken',
      expiration: '2030-01-01T00:00:00Z',
    });
  });
});

function aliyunHome(config?: unknown): { env: { HOME: string }; path: string } {
  const home = mkdtempSync(join(tmpdir(), 'tobira-aliyun-'));
  const path = join(home, '.aliyun', 'config.json');
  if (config !== undefined) {
    mkdirSync(join(home, '.aliyun'), { recursive: true });
    writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config, null, '\t'));
  }
  return { env: { HOME: home }, path };
}

const OTHER = {
  name: 'work',
  mode: 'AK',
  access_key_id: 'LTAIxxxx',
  access_key_secret: 'keep-me',
  region_id: 'cn-hangzhou',
  output_format: 'json',
  language: 'zh',
  custom_field: 42,
};

describe('alibaba link / unlink (~/.aliyun/config.json)', () => {
  const context = (env: { HOME: string }) => ({
    env,
    tobiraCommand: ['/opt/tobira/tobira', '--home', '/tmp/my home'],
  });

  it('adds an External profile, keeps every other profile and field, is idempotent, and unlink restores the file', async () => {
    const original = { current: 'work', profiles: [OTHER], meta_path: '', future_key: { a: 1 } };
    const { env, path } = aliyunHome(original);
    const profile = record('ali', { site: 'cn', region: 'cn-shanghai' });
    const mode = statSync(path).mode & 0o777;
    expect((await alibabaLinker.link(context(env), profile)).changed).toBe(true);
    const linked = JSON.parse(readFileSync(path, 'utf8')) as typeof original;
    expect(linked.current).toBe('work');
    expect(linked.future_key).toEqual({ a: 1 });
    expect(linked.profiles[0]).toEqual(OTHER);
    expect(linked.profiles[1]).toEqual({
      name: 'ali',
      mode: 'External',
      process_command: "/opt/tobira/tobira --home '/tmp/my home' export ali --format aliyun-external",
      region_id: 'cn-shanghai',
      output_format: 'json',
      language: 'en',
    });
    // As the aliyun CLI does: an existing file keeps its mode, a new one is 0600.
    expect(statSync(path).mode & 0o777).toBe(mode);
    const before = readFileSync(path, 'utf8');
    expect((await alibabaLinker.link(context(env), profile)).changed).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(before);

    expect((await alibabaLinker.unlink(context(env), profile)).changed).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(original);
    expect((await alibabaLinker.unlink(context(env), profile)).changed).toBe(false);
  });

  it('creates the file when missing, refuses a foreign profile of the same name and an unreadable file', async () => {
    const fresh = aliyunHome();
    await alibabaLinker.link(context(fresh.env), record('ali', { site: 'intl' }));
    const created = JSON.parse(readFileSync(fresh.path, 'utf8')) as { current: string; profiles: unknown[] };
    expect(created.current).toBe('ali');
    expect(created.profiles).toHaveLength(1);
    expect(statSync(fresh.path).mode & 0o777).toBe(0o600);

    const clash = aliyunHome({ current: 'work', profiles: [{ ...OTHER, name: 'ali' }] });
    const text = readFileSync(clash.path, 'utf8');
    await expect(alibabaLinker.link(context(clash.env), record('ali', { site: 'cn' }))).rejects.toMatchObject(
      {
        key: 'alibaba.link.foreignProfile',
      },
    );
    await expect(
      alibabaLinker.unlink(context(clash.env), record('ali', { site: 'cn' })),
    ).rejects.toMatchObject({
      key: 'alibaba.link.foreignProfile',
    });
    expect(readFileSync(clash.path, 'utf8')).toBe(text);

    const broken = aliyunHome('{not json');
    await expect(
      alibabaLinker.link(context(broken.env), record('ali', { site: 'cn' })),
    ).rejects.toMatchObject({
      key: 'alibaba.config.unreadable',
    });
    expect(readFileSync(broken.path, 'utf8')).toBe('{not json');
  });
});

describe('profile import aliyun', () => {
  it('imports OAuth profiles (site, region, no tokens) and skips the rest with reasons', async () => {
    const { env, path } = aliyunHome({
      current: 'oauth-cn',
      profiles: [
        OTHER,
        {
          name: 'oauth-cn',
          mode: 'OAuth',
          oauth_site_type: 'CN',
          region_id: 'cn-beijing',
          oauth_refresh_token: 'never-imported',
          access_key_id: 'STS.x',
        },
        { name: 'oauth-intl', mode: 'OAuth', oauth_site_type: 'INTL', region_id: '' },
        {
          name: 'linked',
          mode: 'External',
          process_command: '/usr/bin/tobira export linked --format aliyun-external',
        },
        { name: 'bad name!', mode: 'OAuth', oauth_site_type: 'CN' },
      ],
    });
    const before = readFileSync(path, 'utf8');
    const plan = await aliyunImporter.plan({ env });
    expect(plan.candidates.map((candidate) => [candidate.name, candidate.fields, candidate.secrets])).toEqual(
      [
        ['oauth-cn', { site: 'cn', region: 'cn-beijing' }, {}],
        ['oauth-intl', { site: 'intl' }, {}],
      ],
    );
    expect(plan.skipped.map((skip) => [skip.name, skip.reason])).toEqual([
      ['work', 'import.aliyun.mode'],
      ['linked', 'import.aliyun.ours'],
      ['bad name!', 'import.badName'],
    ]);
    expect(JSON.stringify(plan)).not.toContain('never-imported');
    expect(readFileSync(path, 'utf8')).toBe(before);

    const missing = await aliyunImporter.plan({ env, path: join(env.HOME, 'nope.json') });
    expect(missing.skipped[0]?.reason).toBe('import.sourceMissing');
  });
});
