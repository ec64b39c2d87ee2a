import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTobiraError } from '../../../../electron/core';
import { providerSpec } from '../../../../electron/core/providers';
import {
  addBuiltProfile,
  allDependents,
  checkEdit,
  editProfile,
  removeProfile,
  renameProfile,
} from '../../../../electron/core/usecases';
import { cacheSecretId, Vault } from '../../../../electron/core/vault';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const ROLE = 'arn:aws:iam::210987654321:role/Admin';

function vault(): Vault {
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-usecase-')), 'home');
  return new Vault({ home, env: { TOBIRA_SECRET_STORE: 'file' }, passphrase: async () => 'pw' });
}

async function add(v: Vault, name: string, type: string, options: Record<string, unknown>, secret?: string) {
  return addBuiltProfile(v, name, type, providerSpec(type).build(options, secret));
}

async function failure(work: Promise<unknown>): Promise<[string, number, string | undefined]> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isTobiraError(error)) throw new Error(`expected a TobiraError, got ${String(error)}`);
  return [error.key, error.exitCode, error.field];
}

describe('profile use cases', () => {
  it('add checks the source: missing, wrong type and self are refused with exit 2 on the source field', async () => {
    const v = vault();
    await add(v, 'alice', 'aws-iam-user', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, SECRET);
    await add(v, 'code', 'totp', {}, 'JBSWY3DPEHPK3PXP');
    await add(v, 'sora', 'soracom', { email: 'a@example.com' }, 'pw');
    expect(await failure(add(v, 'r', 'aws-role', { source: 'nosuch', roleArn: ROLE }))).toEqual([
      'profile.link.missing',
      2,
      'source',
    ]);
    expect(await failure(add(v, 'r', 'aws-role', { source: 'code', roleArn: ROLE }))).toEqual([
      'profile.link.incompatible',
      2,
      'source',
    ]);
    expect(await failure(add(v, 'r', 'aws-role', { source: 'sora', roleArn: ROLE }))).toEqual([
      'profile.link.incompatible',
      2,
      'source',
    ]);
    const switchOptions = { operatorId: 'OP0012345678', user: 'u' };
    expect(await failure(add(v, 's', 'soracom-switch', { source: 'code', ...switchOptions }))).toEqual([
      'profile.link.incompatible',
      2,
      'source',
    ]);
    await add(v, 's', 'soracom-switch', { source: 'sora', ...switchOptions });
    // A switch cannot start from another switch: login needs a SORACOM login's API key.
    expect(await failure(add(v, 's2', 'soracom-switch', { source: 's', ...switchOptions }))).toEqual([
      'profile.link.incompatible',
      2,
      'source',
    ]);
    await add(v, 'admin', 'aws-role', { source: 'alice', roleArn: ROLE });
    // A role can start from a role (chaining) but not from itself, nor in a circle.
    await add(v, 'deploy', 'aws-role', { source: 'admin', roleArn: ROLE });
    expect(await failure(editProfile(v, 'admin', { options: { source: 'admin' }, replace: false }))).toEqual([
      'profile.link.self',
      2,
      'source',
    ]);
    expect(await failure(editProfile(v, 'admin', { options: { source: 'deploy' }, replace: false }))).toEqual(
      ['profile.link.cycle', 2, 'source'],
    );
  });

  it('edit keeps what is not given, replaces a secret only when given, and drops a stale cached session', async () => {
    const v = vault();
    const alice = await add(v, 'alice', 'aws-iam-user', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, SECRET);
    const store = await v.secretStore();
    await store.set(cacheSecretId(alice), '{"cached":true}');

    const same = await editProfile(v, 'alice', {
      options: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      replace: false,
    });
    expect(same.fieldsChanged).toBe(false);
    expect(await store.get(cacheSecretId(alice))).toBe('{"cached":true}');

    const region = await editProfile(v, 'alice', { options: { region: 'us-west-2' }, replace: false });
    expect(region.profile.fields).toEqual({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'us-west-2' });
    expect(region.secretReplaced).toBe(false);
    expect(await v.readSecret(region.profile, 'secretAccessKey')).toBe(SECRET);
    expect(await store.get(cacheSecretId(alice))).toBeUndefined();

    const next = 'NewSecretAccessKey00000000000000000000001';
    const replaced = await editProfile(v, 'alice', { options: {}, replace: false, secret: next });
    expect(replaced.secretReplaced).toBe(true);
    expect(await v.readSecret(replaced.profile, 'secretAccessKey')).toBe(next);
    expect(await store.get(alice.secrets.secretAccessKey as string)).toBeUndefined();

    // The app's form sends every field: an emptied one is removed.
    const form = await editProfile(v, 'alice', {
      options: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      replace: true,
    });
    expect(form.profile.fields).toEqual({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
  });

  it('edit keeps the fields other commands wrote (a key date from rotate) unless the secret is replaced', async () => {
    const v = vault();
    await add(v, 'alice', 'aws-iam-user', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, SECRET);
    // As rotate stores a new key: the secret with the key id and its creation date.
    await v.replaceSecret('alice', 'secretAccessKey', SECRET, {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      keyCreated: '2026-01-01T00:00:00.000Z',
    });
    const region = await editProfile(v, 'alice', { options: { region: 'us-west-2' }, replace: false });
    expect(region.profile.fields.keyCreated).toBe('2026-01-01T00:00:00.000Z');
    const next = 'NewSecretAccessKey00000000000000000000001';
    const key = await editProfile(v, 'alice', {
      options: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE' },
      replace: false,
      secret: next,
    });
    expect(key.profile.fields).not.toHaveProperty('keyCreated');
  });

  it('an aws-sso role must name an existing aws-sso-session, and follows its rename', async () => {
    const v = vault();
    const role = { session: 'org', accountId: '111122223333', roleName: 'Admin' };
    expect(await failure(add(v, 'prod', 'aws-sso', role))).toEqual(['profile.link.missing', 2, 'session']);
    await add(v, 'org', 'aws-sso-session', {
      startUrl: 'https://d-1234567890.awsapps.com/start',
      ssoRegion: 'us-east-1',
    });
    await add(v, 'prod', 'aws-sso', role);
    await renameProfile(v, 'org', 'corp');
    expect(v.get('prod').fields.session).toBe('corp');
    expect(allDependents('corp', v.list())).toEqual(['prod']);
  });

  it("edit validates with add's own checks and writes nothing when they fail", async () => {
    const v = vault();
    await add(v, 'alice', 'aws-iam-user', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, SECRET);
    const before = JSON.stringify(v.list());
    expect(
      await failure(checkEdit(v, 'alice', { options: { mfaSerial: 'arn:aws:iam:123:mfa' }, replace: false })),
    ).toEqual(['profile.invalidField', 2, 'mfaSerial']);
    expect(await failure(editProfile(v, 'alice', { options: {}, replace: false, secret: 'short' }))).toEqual([
      'aws.secret.shape',
      2,
      'secret',
    ]);
    expect(
      await failure(editProfile(v, 'alice', { options: { email: 'x@example.com' }, replace: false })),
    ).toEqual(['profile.badOption', 2, undefined]);
    expect(JSON.stringify(v.list())).toBe(before);
  });

  it('rename points the dependents at the new name in the same write', async () => {
    const v = vault();
    await add(v, 'alice', 'aws-iam-user', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, SECRET);
    await add(v, 'admin', 'aws-role', { source: 'alice', roleArn: ROLE });
    const { profile, relinked } = await renameProfile(v, 'alice', 'bob');
    expect(profile.name).toBe('bob');
    expect(relinked).toEqual(['admin']);
    expect(v.get('admin').fields.source).toBe('bob');
  });

  it('remove refuses while others depend on the profile, naming them, and removes all with withDependents', async () => {
    const v = vault();
    await add(v, 'alice', 'aws-iam-user', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, SECRET);
    await add(v, 'admin', 'aws-role', { source: 'alice', roleArn: ROLE });
    await add(v, 'deploy', 'aws-role', { source: 'admin', roleArn: ROLE });
    await add(v, 'other', 'totp', {}, 'JBSWY3DPEHPK3PXP');
    expect(allDependents('alice', v.list())).toEqual(['admin', 'deploy']);
    expect(await failure(removeProfile(v, 'alice', false))).toEqual([
      'profile.remove.dependents',
      2,
      undefined,
    ]);
    expect(v.list().map((p) => p.name)).toEqual(['alice', 'admin', 'deploy', 'other']);
    const removed = await removeProfile(v, 'alice', true);
    expect(removed.map((p) => p.name)).toEqual(['alice', 'admin', 'deploy']);
    expect(v.list().map((p) => p.name)).toEqual(['other']);
  });
});
