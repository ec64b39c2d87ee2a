import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppService } from '../../../../electron/core/app';
import { translate } from '../../../../shared/i18n';
import type { MessageKey } from '../../../../shared/i18n';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const CANARY = 'CanaryFormSecretKey000000000000000000000A';
const ROLE = 'arn:aws:iam::123456789012:role/Admin';

function service() {
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-forms-')), 'h');
  return new AppService({
    home,
    env: { TOBIRA_SECRET_STORE: 'file', TOBIRA_PASSPHRASE: 'pass-1' },
    platform: { mode: 'browser', systemLang: 'en' },
  });
}

/** The words a form shows, in both languages. */
function words(errors: Array<{ error: { key: string; params?: Record<string, string | number> } }>) {
  return errors.flatMap(({ error }) =>
    (['en', 'ja'] as const).map((lang) => translate(lang, error.key as MessageKey, error.params ?? {})),
  );
}

describe('the app’s profile forms', () => {
  it('show every problem at once, each under its field, in the form’s words', async () => {
    const app = service();
    const result = app.validate({
      type: 'aws-iam-user',
      name: 'bad name',
      options: { accessKeyId: 'nope', mfaSerial: 'arn:aws:iam:123:mfa', region: 'tokyo' },
      secret: '',
    });
    expect(result.ok).toBe(false);
    expect(result.errors.map((error) => error.field)).toEqual([
      'name',
      'accessKeyId',
      'mfaSerial',
      'region',
      'secret',
    ]);
    const text = words(result.errors).join('\n');
    expect(text).not.toMatch(/stdin|--|標準入力|expected string|Invalid input/);
  });

  it('says "required" for an empty field, not a schema message', () => {
    const app = service();
    const result = app.validate({ type: 'aws-role', name: 'r', options: {}, secret: '' });
    expect(result.errors).toEqual([
      { field: 'source', error: { key: 'form.required', params: {} } },
      { field: 'roleArn', error: { key: 'form.required', params: {} } },
    ]);
  });

  it('SORACOM: the chosen sign-in kind’s empty fields are required, without naming flags', () => {
    const app = service();
    const result = app.validate({
      type: 'soracom',
      name: 's',
      options: { operatorId: '', user: '' },
      secret: '',
    });
    expect(result.errors.map((error) => [error.field, error.error.key])).toEqual([
      ['operatorId', 'form.required'],
      ['user', 'form.required'],
      ['secret', 'form.required'],
    ]);
    expect(app.types().find((type) => type.type === 'soracom')?.kinds).toEqual([
      ['email'],
      ['operatorId', 'user'],
      ['authKeyId'],
    ]);
  });

  it('offers compatible sources and SIM readers as pickers, and checks the source', async () => {
    const app = service();
    await app.add({
      type: 'aws-iam-user',
      name: 'alice',
      options: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      secret: SECRET,
    });
    await app.add({ type: 'totp', name: 'code', options: {}, secret: 'JBSWY3DPEHPK3PXP' });
    await app.add({ type: 'soracom', name: 'sora', options: { email: 'a@example.com' }, secret: 'pw' });
    const types = new Map(app.types().map((type) => [type.type, type]));
    expect(types.get('aws-role')?.fields.find((field) => field.key === 'source')?.picker).toBe('profile');
    expect(types.get('aws-krypton')?.fields.find((field) => field.key === 'reader')?.picker).toBe(
      'sim-reader',
    );
    expect(app.profileList.linkCandidates('aws-role', 'source', undefined)).toEqual(['alice']);
    expect(app.profileList.linkCandidates('soracom-switch', 'source', undefined)).toEqual(['sora']);
    const wrong = app.validate({
      type: 'aws-role',
      name: 'r',
      options: { source: 'code', roleArn: ROLE },
      secret: '',
    });
    expect(wrong.errors.map((error) => [error.field, error.error.key])).toEqual([
      ['source', 'form.link.incompatible'],
    ]);
  });

  it('edits with an empty secret field keeping the secret, and never returns it', async () => {
    const app = service();
    await app.add({
      type: 'aws-iam-user',
      name: 'alice',
      options: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'us-east-1' },
      secret: CANARY,
    });
    const form = app.profileList.editForm('alice');
    expect(form).toEqual({
      type: 'aws-iam-user',
      values: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'us-east-1' },
      hasSecret: true,
    });
    const bad = await app.profileList.validateEdit({
      name: 'alice',
      options: { ...form.values, mfaSerial: 'arn:aws:iam:123:mfa' },
      secret: '',
    });
    expect(bad.errors.map((error) => [error.field, error.error.key])).toEqual([
      ['mfaSerial', 'form.invalid.mfaSerial'],
    ]);
    const view = await app.profileList.edit({
      name: 'alice',
      options: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      secret: '',
    });
    expect(view.details).not.toHaveProperty('region');
    expect(JSON.stringify([form, bad, view])).not.toContain(CANARY);
  });

  it('remove names the dependents and removes them only when asked', async () => {
    const app = service();
    await app.add({
      type: 'aws-iam-user',
      name: 'alice',
      options: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      secret: SECRET,
    });
    await app.add({
      type: 'aws-role',
      name: 'admin',
      options: { source: 'alice', roleArn: ROLE },
      secret: '',
    });
    expect(app.profileList.dependents('alice')).toEqual(['admin']);
    await expect(app.profileList.remove('alice')).rejects.toMatchObject({ key: 'profile.remove.dependents' });
    await app.rename('alice', 'bob');
    expect((await app.profiles()).find((profile) => profile.name === 'admin')?.source).toBe('bob');
    await app.profileList.remove('bob', true);
    expect(await app.profiles()).toEqual([]);
  });
});
