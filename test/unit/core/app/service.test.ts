import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppService, PromptCenter } from '../../../../electron/core/app';
import { isTobiraError } from '../../../../electron/core';
import { generateKey } from '../../../../electron/core/providers/auth0/key';
import { RFC6238_SEEDS } from '../../../harness/rfc6238';
import { totpCode } from '../../../../electron/core/mfa';

const SEED = RFC6238_SEEDS.SHA1;

function service(options: { clipboard?: boolean; env?: Record<string, string> } = {}) {
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-app-')), 'h');
  const copied: Array<{ text: string; ms: number }> = [];
  const app = new AppService({
    home,
    env: options.env ?? { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'pass-1' },
    platform: {
      mode: options.clipboard ? 'electron' : 'browser',
      systemLang: 'en',
      ...(options.clipboard ? { clipboard: { write: (text, ms) => copied.push({ text, ms }) } } : {}),
    },
    now: () => 59_000,
  });
  return { app, home, copied };
}

describe('AppService profiles', () => {
  it('validates an add form field by field with the provider’s own errors', async () => {
    const { app } = service();
    const base = {
      type: 'soracom',
      name: 'work',
      options: { operatorId: 'OP12', user: 'alice' },
      secret: '',
    };
    expect(app.validate(base)).toMatchObject({
      ok: false,
      field: 'operatorId',
      error: { key: 'profile.invalidField' },
    });
    expect(app.validate({ ...base, options: { operatorId: 'OP0012345678', user: 'alice' } })).toMatchObject({
      ok: false,
      field: 'secret',
    });
    expect(
      app.validate({
        ...base,
        name: 'bad name',
        options: { operatorId: 'OP0012345678', user: 'alice' },
        secret: 'pw',
      }),
    ).toMatchObject({
      field: 'name',
      error: { key: 'profile.badName' },
    });
    expect(
      app.validate({ ...base, options: { email: 'a@example.com', user: 'alice' }, secret: 'pw' }),
    ).toMatchObject({
      field: null,
      error: { key: 'soracom.mode.exactlyOne' },
    });
    expect(
      app.validate({
        ...base,
        options: { operatorId: 'OP0012345678', user: 'alice', nope: 'x' },
        secret: 'pw',
      }),
    ).toMatchObject({
      error: { key: 'profile.badOption' },
    });
    expect(
      app.validate({ ...base, options: { operatorId: 'OP0012345678', user: 'alice' }, secret: 'pw' }),
    ).toEqual({
      ok: true,
      field: null,
      error: null,
      errors: [],
    });
  });

  it('adds, favourites, renames and removes; views never carry the secret', async () => {
    const { app, home } = service();
    const events: string[] = [];
    app.onEvent((event) => events.push(event.kind === 'changed' ? event.topics.join(',') : 'notice'));
    const view = await app.add({ type: 'totp', name: 'github', options: {}, secret: SEED });
    expect(view).toMatchObject({ name: 'github', label: 'TOTP', hasOtp: true, hasSessions: false });
    expect(JSON.stringify(await app.profiles())).not.toContain(SEED);
    expect(readFileSync(join(home, 'profiles.json'), 'utf8')).not.toContain(SEED);
    expect((await app.favourite('github', true)).favourite).toBe(true);
    expect((await app.rename('github', 'gh')).name).toBe('gh');
    await app.remove('gh');
    expect(await app.profiles()).toEqual([]);
    expect(events).toContain('profiles');
  });

  it("the list sends a slim summary per row; a profile's details and dependents come with profiles:get", async () => {
    const { app } = service();
    await app.add({
      type: 'soracom',
      name: 'root',
      options: { operatorId: 'OP0012345678', user: 'alice' },
      secret: 'pw',
    });
    await app.add({
      type: 'soracom-switch',
      name: 'switched',
      options: { source: 'root', operatorId: 'OP0087654321', user: 'bob' },
    });
    const rows = await app.profiles();
    expect(rows.map((row) => Object.keys(row).sort())).toEqual([
      [
        'favourite',
        'hasConsole',
        'hasOtp',
        'hasSessions',
        'keywords',
        'label',
        'name',
        'session',
        'source',
        'type',
      ],
      [
        'favourite',
        'hasConsole',
        'hasOtp',
        'hasSessions',
        'keywords',
        'label',
        'name',
        'session',
        'source',
        'type',
      ],
    ]);
    expect(rows.find((row) => row.name === 'switched')?.source).toBe('root');
    const root = await app.profile('root');
    expect(root.dependents).toEqual(['switched']);
    expect(Object.values(root.details)).toContain('OP0012345678');
    // The first rows in list order (favourites first), for a window opening on many profiles.
    await app.favourite('switched', true);
    expect((await app.profiles(1)).map((row) => row.name)).toEqual(['switched']);
    expect((await app.profiles(5)).map((row) => row.name)).toEqual(['switched', 'root']);
    const missing = await app.profile('nosuch').catch((error: unknown) => error);
    expect(isTobiraError(missing) && missing.key).toBe('profile.notFound');
  });

  it('shows a TOTP code on an explicit reveal and copies it with a clearing delay', async () => {
    const { app, copied } = service({ clipboard: true });
    await app.add({
      type: 'totp',
      name: 'rfc',
      options: {},
      secret: `otpauth://totp/x?secret=${SEED}&digits=8`,
    });
    expect(await app.revealOtp('rfc')).toEqual({ code: '94287082', secondsLeft: 1 });
    expect(await app.copyOtp('rfc')).toEqual({ clearsInSeconds: 30 });
    expect(copied).toEqual([{ text: '94287082', ms: 30_000 }]);
  });

  it('browser mode hands the code to the page to copy (the server has no clipboard of that browser)', async () => {
    const { app } = service();
    await app.add({
      type: 'totp',
      name: 'rfc',
      options: {},
      secret: `otpauth://totp/x?secret=${SEED}&digits=8`,
    });
    expect(await app.copyOtp('rfc')).toEqual({ clearsInSeconds: 30, text: '94287082' });
  });

  it('answers the authenticator view: this step’s code, the next one, the period and the seconds left', async () => {
    const { app } = service();
    await app.add({
      type: 'totp',
      name: 'rfc',
      options: {},
      secret: `otpauth://totp/x?secret=${SEED}&digits=8`,
    });
    const params = { algorithm: 'SHA1' as const, digits: 8, period: 30 };
    const view = await app.otpCodes('rfc');
    expect(view).toEqual({ code: '94287082', next: totpCode(SEED, params, 60), period: 30, secondsLeft: 1 });
    expect(view.next).not.toBe(view.code);
    expect(JSON.stringify(view)).not.toContain(SEED);
  });

  it('refuses clipboard actions where there is no clipboard outside browser mode', async () => {
    const app = new AppService({
      home: join(mkdtempSync(join(tmpdir(), 'tobira-app-')), 'h'),
      env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'pass-1' },
      platform: { mode: 'electron', systemLang: 'en' },
    });
    await app.add({ type: 'totp', name: 'rfc', options: {}, secret: SEED });
    const error = await app.copyOtp('rfc').catch((caught: unknown) => caught);
    expect(isTobiraError(error) && error.key).toBe('ui.clipboard.unavailable');
  });

  it('applies the secret-store setting, and fixes it once secrets exist', async () => {
    const { app, home } = service({ env: { TOBIRA_PASSPHRASE: 'pass-1' } });
    expect(app.settingsView()).toMatchObject({
      secretStore: 'auto',
      secretStoreInUse: null,
      secretStoreFromEnv: false,
    });
    expect(app.setSettings({ secretStore: 'file', language: 'ja', theme: 'dark' })).toMatchObject({
      secretStore: 'file',
      language: 'ja',
      theme: 'dark',
    });
    expect(app.lang()).toBe('ja');
    await app.add({ type: 'totp', name: 'x', options: {}, secret: SEED });
    expect(readFileSync(join(home, 'secrets.enc'), 'utf8')).not.toContain(SEED);
    expect(app.settingsView().secretStoreInUse).toBe('file');
    const locked = (() => {
      try {
        app.setSettings({ secretStore: 'keychain' });
      } catch (error) {
        return error;
      }
    })();
    expect(isTobiraError(locked) && locked.key).toBe('ui.settings.storeLocked');
    // TOBIRA_SECRET_STORE names its store, so Settings can show it rather than the setting's "Automatic".
    expect(
      service({ env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'p' } }).app.settingsView(),
    ).toMatchObject({
      secretStore: 'auto',
      secretStoreFromEnv: true,
      secretStoreEnv: 'file',
    });
    const noLoginItem = (() => {
      try {
        app.setSettings({ startAtLogin: true });
      } catch (error) {
        return error;
      }
    })();
    expect(isTobiraError(noLoginItem) && noLoginItem.key).toBe('ui.startAtLogin.unavailable');
  });
});

/** A valid add form of a type, and one broken value of it: the error shows under the field it is about. */
interface FieldCase {
  type: string;
  options: Record<string, string>;
  secret?: string;
  broken: { options?: Record<string, string>; secret?: string };
  key: string;
  field: string;
}

const API_KEY = generateKey().key;
const SORACOM = { operatorId: 'OP0012345678', user: 'alice' };
const SWITCH = { source: 'work', operatorId: 'OP0012345678', user: 'deploy' };
const IAM = { accessKeyId: 'AKIAUNITALICE0000001' };
const IAM_SECRET = 'canaryUnitAliceSecret/0123456789abcdefghi';
const ROLE = { source: 'alice', roleArn: 'arn:aws:iam::123456789012:role/Admin' };
const IDP = { issuer: 'https://idp.example.com/t1', clientId: 'cli', username: 'alice' };
const ADMIN = {
  domain: 'tenant.jp.auth0.com',
  clientId: 'mgmtClient0123456789',
  connection: 'api-keys',
  audience: 'https://api.example.com',
};
const APIKEY = {
  domain: 'tenant.jp.auth0.com',
  clientId: 'exchClient0123456789',
  audience: 'https://api.example.com',
  realm: 'api-keys',
};

const FIELD_CASES: FieldCase[] = [
  {
    type: 'totp',
    options: {},
    secret: SEED,
    broken: { secret: 'not base32!' },
    key: 'mfa.secret.badChar',
    field: 'secret',
  },
  {
    type: 'totp',
    options: {},
    secret: SEED,
    broken: { secret: 'otpauth://hotp/x?secret=JBSWY3DP' },
    key: 'mfa.otpauth.hotp',
    field: 'secret',
  },
  {
    type: 'totp',
    options: {},
    secret: SEED,
    broken: { secret: ' ' },
    key: 'mfa.secret.empty',
    field: 'secret',
  },
  {
    type: 'soracom',
    options: SORACOM,
    secret: 'pw',
    broken: { options: { operatorId: 'OP12' } },
    key: 'profile.invalidField',
    field: 'operatorId',
  },
  {
    type: 'soracom',
    options: SORACOM,
    secret: 'pw',
    broken: { options: { user: 'u'.repeat(101) } },
    key: 'profile.invalidField',
    field: 'user',
  },
  {
    type: 'soracom',
    options: SORACOM,
    secret: 'pw',
    broken: { options: { endpoint: 'ftp://api.example.com' } },
    key: 'profile.invalidField',
    field: 'endpoint',
  },
  {
    type: 'soracom',
    options: SORACOM,
    secret: 'pw',
    broken: { options: { coverage: 'eu' } },
    key: 'profile.invalidField',
    field: 'coverage',
  },
  {
    type: 'soracom',
    options: { email: 'a@example.com' },
    secret: 'pw',
    broken: { options: { email: 'not-mail' } },
    key: 'profile.invalidField',
    field: 'email',
  },
  {
    type: 'soracom',
    options: { authKeyId: 'keyId-abcdefgh' },
    secret: 'secret-abc',
    broken: { options: { authKeyId: 'key' } },
    key: 'profile.invalidField',
    field: 'authKeyId',
  },
  {
    type: 'soracom',
    options: { authKeyId: 'keyId-abcdefgh' },
    secret: 'secret-abc',
    broken: { secret: 'pw' },
    key: 'soracom.authKey.shape',
    field: 'secret',
  },
  {
    type: 'soracom',
    options: SORACOM,
    secret: 'pw',
    broken: { secret: '' },
    key: 'input.secret.empty',
    field: 'secret',
  },
  {
    type: 'soracom-switch',
    options: SWITCH,
    broken: { options: { operatorId: 'OP1' } },
    key: 'profile.invalidField',
    field: 'operatorId',
  },
  {
    type: 'soracom-switch',
    options: SWITCH,
    broken: { options: { ttl: 'soon' } },
    key: 'profile.invalidField',
    field: 'ttl',
  },
  {
    type: 'soracom-switch',
    options: SWITCH,
    broken: { options: { source: 'bad name' } },
    key: 'profile.invalidField',
    field: 'source',
  },
  {
    type: 'aws-iam-user',
    options: IAM,
    secret: IAM_SECRET,
    broken: { options: { accessKeyId: 'nope' } },
    key: 'profile.invalidField',
    field: 'accessKeyId',
  },
  {
    type: 'aws-iam-user',
    options: IAM,
    secret: IAM_SECRET,
    broken: { options: { mfaSerial: 'x' } },
    key: 'profile.invalidField',
    field: 'mfaSerial',
  },
  {
    type: 'aws-iam-user',
    options: IAM,
    secret: IAM_SECRET,
    broken: { options: { region: 'Tokyo' } },
    key: 'profile.invalidField',
    field: 'region',
  },
  {
    type: 'aws-iam-user',
    options: IAM,
    secret: IAM_SECRET,
    broken: { secret: 'short' },
    key: 'aws.secret.shape',
    field: 'secret',
  },
  {
    type: 'aws-role',
    options: ROLE,
    broken: { options: { roleArn: 'arn:bad' } },
    key: 'profile.invalidField',
    field: 'roleArn',
  },
  {
    type: 'aws-sso-session',
    options: { startUrl: 'https://d-1234567890.awsapps.com/start', ssoRegion: 'ap-northeast-1' },
    broken: { options: { startUrl: 'http://portal.example.com/start' } },
    key: 'profile.invalidField',
    field: 'startUrl',
  },
  {
    type: 'aws-sso-session',
    options: { startUrl: 'https://d-1234567890.awsapps.com/start', ssoRegion: 'ap-northeast-1' },
    broken: { options: { scopes: 'bad scope!' } },
    key: 'profile.invalidField',
    field: 'scopes',
  },
  {
    type: 'aws-sso',
    options: { session: 'org', accountId: '111122223333', roleName: 'ReadOnly' },
    broken: { options: { accountId: '1234' } },
    key: 'profile.invalidField',
    field: 'accountId',
  },
  {
    type: 'aws-sso',
    options: { session: 'org', accountId: '111122223333', roleName: 'ReadOnly' },
    broken: { options: { roleName: 'has space' } },
    key: 'profile.invalidField',
    field: 'roleName',
  },
  {
    type: 'aws-role',
    options: ROLE,
    broken: { options: { duration: 'an hour' } },
    key: 'profile.invalidField',
    field: 'duration',
  },
  {
    type: 'aws-role',
    options: ROLE,
    broken: { options: { duration: '1000' } },
    key: 'aws.role.durationTooShort',
    field: 'duration',
  },
  {
    type: 'aws-role',
    options: ROLE,
    broken: { options: { duration: '99999' } },
    key: 'profile.invalidField',
    field: 'duration',
  },
  {
    type: 'aws-role',
    options: ROLE,
    broken: { options: { externalId: 'x' } },
    key: 'profile.invalidField',
    field: 'externalId',
  },
  {
    type: 'aws-role',
    options: ROLE,
    broken: { options: { sessionName: 'x' } },
    key: 'profile.invalidField',
    field: 'sessionName',
  },
  {
    type: 'aws-krypton',
    options: { coverage: 'jp' },
    broken: { options: { endpoint: 'ftp://krypton.example' } },
    key: 'profile.invalidField',
    field: 'endpoint',
  },
  {
    type: 'aws-krypton',
    options: { coverage: 'jp' },
    broken: { options: { secondFactor: 'pin' } },
    key: 'profile.invalidField',
    field: 'secondFactor',
  },
  {
    type: 'aws-krypton',
    options: { coverage: 'jp' },
    broken: { options: { region: 'Tokyo' } },
    key: 'profile.invalidField',
    field: 'region',
  },
  {
    type: 'alibaba',
    options: { site: 'cn' },
    broken: { options: { region: 'Bad Region' } },
    key: 'profile.invalidField',
    field: 'region',
  },
  {
    type: 'alibaba',
    options: { site: 'cn' },
    broken: { options: { site: 'eu' } },
    key: 'profile.invalidField',
    field: 'site',
  },
  {
    type: 'alibaba',
    options: { site: 'cn' },
    broken: { options: { site: '' } },
    key: 'alibaba.site.required',
    field: 'site',
  },
  {
    type: 'alibaba',
    options: { site: 'cn' },
    broken: { options: { clientId: 'a b' } },
    key: 'profile.invalidField',
    field: 'clientId',
  },
  {
    type: 'idp-server',
    options: IDP,
    secret: 'pw',
    broken: { options: { issuer: 'not a url' } },
    key: 'profile.invalidField',
    field: 'issuer',
  },
  {
    type: 'idp-server',
    options: IDP,
    secret: 'pw',
    broken: { options: { redirectUri: 'nowhere' } },
    key: 'profile.invalidField',
    field: 'redirectUri',
  },
  {
    type: 'idp-server',
    options: IDP,
    secret: 'pw',
    broken: { options: { scope: 'profile' } },
    key: 'profile.invalidField',
    field: 'scope',
  },
  {
    type: 'idp-server',
    options: IDP,
    secret: 'pw',
    broken: { options: { otp: 'voice' } },
    key: 'profile.invalidField',
    field: 'otp',
  },
  {
    type: 'idp-server',
    options: IDP,
    secret: 'pw',
    broken: { secret: '' },
    key: 'input.secret.empty',
    field: 'secret',
  },
  {
    type: 'idp-server-admin',
    options: IDP,
    secret: 'pw',
    broken: { options: { issuer: 'http://idp.example.com' } },
    key: 'profile.invalidField',
    field: 'issuer',
  },
  {
    type: 'auth0-apikey',
    options: APIKEY,
    secret: API_KEY,
    broken: { secret: 'tbk_notakey' },
    key: 'auth0.key.shape',
    field: 'secret',
  },
  {
    type: 'auth0-apikey',
    options: APIKEY,
    secret: API_KEY,
    broken: { secret: `${API_KEY.slice(0, -1)}${API_KEY.endsWith('A') ? 'B' : 'A'}` },
    key: 'auth0.key.checksum',
    field: 'secret',
  },
  {
    type: 'auth0-apikey',
    options: APIKEY,
    secret: API_KEY,
    broken: { options: { realm: '-x' } },
    key: 'profile.invalidField',
    field: 'realm',
  },
  {
    type: 'auth0-apikey',
    options: APIKEY,
    secret: API_KEY,
    broken: { options: { audience: 'an api' } },
    key: 'profile.invalidField',
    field: 'audience',
  },
  {
    type: 'auth0-admin',
    options: ADMIN,
    secret: 'cs',
    broken: { options: { domain: 'bad domain' } },
    key: 'profile.invalidField',
    field: 'domain',
  },
  {
    type: 'auth0-admin',
    options: ADMIN,
    secret: 'cs',
    broken: { options: { clientId: 'a b' } },
    key: 'profile.invalidField',
    field: 'clientId',
  },
  {
    type: 'auth0-admin',
    options: ADMIN,
    secret: 'cs',
    broken: { options: { connection: '-x' } },
    key: 'profile.invalidField',
    field: 'connection',
  },
];

describe('AppService add-form errors and their fields', () => {
  const { app } = service();
  const types = new Map(app.types().map((type) => [type.type, type]));
  // The sources the cases name exist (links are checked on add).
  beforeAll(async () => {
    await app.add({ type: 'soracom', name: 'work', options: { email: 'a@example.com' }, secret: 'pw' });
    await app.add({
      type: 'aws-iam-user',
      name: 'alice',
      options: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    await app.add({
      type: 'aws-sso-session',
      name: 'org',
      options: { startUrl: 'https://d-1234567890.awsapps.com/start', ssoRegion: 'us-east-1' },
    });
  });

  it('covers every type the add form offers', () => {
    expect([...new Set(FIELD_CASES.map((entry) => entry.type))].sort()).toEqual([...types.keys()].sort());
  });

  it.each(FIELD_CASES.map((entry) => [`${entry.type}: ${entry.key} under ${entry.field}`, entry] as const))(
    '%s',
    (_title, entry) => {
      const valid = { type: entry.type, name: 'p', options: entry.options, secret: entry.secret ?? '' };
      expect(app.validate(valid)).toEqual({ ok: true, field: null, error: null, errors: [] });
      const result = app.validate({
        ...valid,
        options: { ...entry.options, ...entry.broken.options },
        secret: entry.broken.secret ?? valid.secret,
      });
      expect(result).toMatchObject({ ok: false, field: entry.field, error: { key: entry.key } });
      const fields = types.get(entry.type)?.fields.map((field) => field.key) ?? [];
      expect(['name', 'secret', ...fields]).toContain(result.field);
    },
  );

  it('ties name errors to the name field and leaves choices between several fields to the form', async () => {
    expect(app.validate({ type: 'totp', name: 'bad name', options: {}, secret: SEED })).toMatchObject({
      field: 'name',
      error: { key: 'profile.badName' },
    });
    await app.add({ type: 'totp', name: 'taken', options: {}, secret: SEED });
    expect(app.validate({ type: 'totp', name: 'taken', options: {}, secret: SEED })).toMatchObject({
      field: 'name',
      error: { key: 'profile.exists' },
    });
    expect(app.validate({ type: 'idp-server', name: 'p', options: {}, secret: 'pw' })).toMatchObject({
      field: null,
      error: { key: 'idp.profile.missing' },
    });
    expect(
      app.validate({ type: 'soracom', name: 'p', options: { operatorId: 'OP0012345678' }, secret: 'pw' }),
    ).toMatchObject({ field: null, error: { key: 'soracom.mode.samNeedsBoth' } });
  });
});

describe('PromptCenter', () => {
  it('queues prompts, answers one by id, cancels, and times out on its own', async () => {
    const center = new PromptCenter({ timeoutMs: 50 });
    const input = {
      kind: 'code' as const,
      profile: 'p',
      provider: 'SORACOM',
      label: { key: 'mfa.prompt.label' },
      requester: null,
    };
    const answered = center.ask(input);
    const cancelled = center.ask(input);
    const [first, second] = center.list();
    center.answer(first?.id ?? '', '123456');
    center.cancel(second?.id ?? '');
    expect(await answered).toEqual({ value: '123456' });
    expect(await cancelled).toEqual({ error: 'cancelled' });
    expect(await center.ask(input)).toEqual({ error: 'timeout' });
    expect(center.list()).toEqual([]);
    const gone = (() => {
      try {
        center.answer('nope', '1');
      } catch (error) {
        return error;
      }
    })();
    expect(isTobiraError(gone) && gone.key).toBe('ui.prompt.gone');
    const required = await center.require(input).catch((error: unknown) => error);
    expect(isTobiraError(required) && required.exitCode).toBe(5);
  });
});
