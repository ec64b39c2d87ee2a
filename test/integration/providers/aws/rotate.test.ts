import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filesContaining } from '../../../harness/canary';
import { addProfiles, awsWorld, CANARY_SECRET, type AwsWorld } from './fixture';

const worlds: AwsWorld[] = [];
async function world(options?: Parameters<typeof awsWorld>[0]): Promise<AwsWorld> {
  const created = await awsWorld(options);
  worlds.push(created);
  return created;
}
afterEach(async () => {
  for (const created of worlds.splice(0)) await created.fake.close();
});

function storedKeyId(w: AwsWorld): string {
  const file = JSON.parse(readFileSync(join(w.home, 'profiles.json'), 'utf8')) as {
    profiles: Array<{ name: string; fields: { accessKeyId?: string; keyCreated?: string } }>;
  };
  return file.profiles.find((profile) => profile.name === 'alice')?.fields.accessKeyId ?? '';
}

function liveKeys(w: AwsWorld): string[] {
  return w.fake.accessKeys.map((key) => key.accessKeyId);
}

describe('tobira rotate (IAM access key of an aws-iam-user profile)', () => {
  it('creates a new key with the MFA session, waits until it works, stores it, deletes the old one and drops the sessions made with it', async () => {
    const w = await world({ newKeyDelayMs: 1200 });
    await addProfiles(w);
    const old = w.user.accessKeyId;
    expect((await w.run(['login', 'admin'])).code).toBe(0);
    const rotated = await w.run(['rotate', 'alice', '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const json = JSON.parse(rotated.stdout) as Record<string, unknown>;
    const fresh = w.fake.accessKeys[0];
    expect(json).toEqual({
      profile: 'alice',
      accessKeyId: fresh?.accessKeyId,
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      deletedAccessKeyId: old,
      droppedSessions: ['alice', 'admin'],
    });
    expect(liveKeys(w)).toEqual([fresh?.accessKeyId]);
    expect(rotated.stderr).toContain('waiting for the new key');
    // The IAM calls went with the MFA session (no second code), the proof with the new long-term key.
    const iamCalls = w.fake.calls.filter((call) => /AccessKey/.test(call.action));
    expect(iamCalls.map((call) => call.action)).toEqual([
      'ListAccessKeys',
      'CreateAccessKey',
      'DeleteAccessKey',
    ]);
    expect(iamCalls.every((call) => call.accessKeyId.startsWith('ASIA'))).toBe(true);
    expect(
      w.fake.calls.some((c) => c.action === 'GetCallerIdentity' && c.accessKeyId === fresh?.accessKeyId),
    ).toBe(true);
    // Neither secret is printed or lands in a file in clear; the profile names the new key and its age.
    for (const secret of [CANARY_SECRET, fresh?.secretAccessKey ?? 'missing']) {
      expect(rotated.stdout + rotated.stderr).not.toContain(secret);
      expect(filesContaining(w.home, secret)).toEqual([]);
    }
    expect(storedKeyId(w)).toBe(fresh?.accessKeyId);
    const show = await w.run(['profile', 'show', 'alice']);
    expect(show.stdout).toContain(fresh?.accessKeyId);
    expect(show.stdout).toMatch(/accessKeyAge\s+0 days \(\d{4}-\d\d-\d\d\)/);
    const shown = JSON.parse((await w.run(['profile', 'show', 'alice', '--json'])).stdout) as {
      fields: Record<string, string>;
      details: Record<string, string>;
    };
    expect(shown.fields.keyCreated).toBe(json.created);
    expect(shown.details.accessKeyAge).toMatch(/^0 days/);
    // Both cached sessions were made with the old key: gone, and the next login signs with the new key.
    const status = JSON.parse((await w.run(['status', '--json'])).stdout) as Array<{
      profile: string;
      state: string;
    }>;
    expect(status.filter((row) => row.state !== 'none')).toEqual([]);
    const before = w.fake.calls.length;
    expect((await w.run(['login', 'admin'])).code).toBe(0);
    const gst = w.fake.calls.slice(before).find((call) => call.action === 'GetSessionToken');
    expect(gst?.accessKeyId).toBe(fresh?.accessKeyId);
  });

  it('without an MFA device signs with the key itself and deletes the old key with the new one', async () => {
    const w = await world({ mfa: false });
    await addProfiles(w, { mfa: false });
    // A key added by hand: Tobira never saw it made, so profile show asks IAM (key-age.test.ts covers the rest).
    expect((await w.run(['profile', 'show', 'alice'])).stdout).toMatch(/accessKeyAge\s+0 days/);
    // --debug shows every IAM exchange, CreateAccessKey's answer included, with the secret redacted.
    const rotated = await w.run(['--debug', 'rotate', 'alice']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const fresh = w.fake.accessKeys[0]?.accessKeyId ?? '';
    expect(rotated.stderr).toContain('<SecretAccessKey><redacted 40 chars></SecretAccessKey>');
    expect(rotated.stderr).not.toContain(w.fake.accessKeys[0]?.secretAccessKey ?? 'missing');
    expect(rotated.stderr).not.toContain(CANARY_SECRET);
    expect(rotated.stdout).toBe('');
    expect(rotated.stderr).toContain(`the new access key ${fresh}`);
    const deleted = w.fake.calls.find((call) => call.action === 'DeleteAccessKey');
    expect(deleted).toMatchObject({ accessKeyId: fresh, params: { AccessKeyId: w.user.accessKeyId } });
    expect(liveKeys(w)).toEqual([fresh]);
  });

  it('two rotations at once take turns: both succeed, one key is left and it is the stored one', async () => {
    const w = await world({ mfa: false, newKeyDelayMs: 300 });
    await addProfiles(w, { mfa: false });
    const [first, second] = await Promise.all([w.run(['rotate', 'alice']), w.run(['rotate', 'alice'])]);
    expect([first.code, second.code], first.stderr + second.stderr).toEqual([0, 0]);
    expect(w.fake.calls.filter((call) => call.action === 'CreateAccessKey')).toHaveLength(2);
    expect(liveKeys(w)).toEqual([storedKeyId(w)]);
    expect((await w.run(['login', 'alice'])).code).toBe(0);
  });

  it('refuses when the user has two keys already, naming both, and changes nothing', async () => {
    const w = await world({ mfa: false });
    await addProfiles(w, { mfa: false });
    w.fake.accessKeys.push({
      ...(w.fake.accessKeys[0] as (typeof w.fake.accessKeys)[number]),
      accessKeyId: 'AKIAOTHERKEY00000001',
    });
    const rotated = await w.run(['rotate', 'alice', '--lang', 'ja']);
    expect(rotated.code).toBe(1);
    expect(rotated.stderr).toContain('アクセスキーが 2 つ');
    expect(rotated.stderr).toContain('AKIAOTHERKEY00000001');
    expect(rotated.stderr).toContain(w.user.accessKeyId);
    expect(w.fake.calls.some((call) => call.action === 'CreateAccessKey')).toBe(false);
    expect(storedKeyId(w)).toBe(w.user.accessKeyId);
  });

  it('a refused CreateAccessKey (exit 3) leaves the old key stored and alone', async () => {
    const w = await world({ mfa: false });
    await addProfiles(w, { mfa: false });
    w.fake.failIamNext('CreateAccessKey', 1, 'AccessDenied');
    const rotated = await w.run(['rotate', 'alice']);
    expect(rotated.code).toBe(3);
    expect(rotated.stderr).toContain('IAM refused to create a new access key (AccessDenied');
    expect(rotated.stderr).toContain(`Nothing was changed: ${w.user.accessKeyId} is still stored and works`);
    expect(liveKeys(w)).toEqual([w.user.accessKeyId]);
    expect(storedKeyId(w)).toBe(w.user.accessKeyId);
  });

  it('a new key that never works within the bound is deleted again (exit 4); the old one stays stored and works', async () => {
    const w = await world({ mfa: false, newKeyDelayMs: 600_000 });
    await addProfiles(w, { mfa: false });
    const rotated = await w.run(['rotate', 'alice'], '', { TOBIRA_AWS_ROTATE_VERIFY_MS: '1500' });
    expect(rotated.code).toBe(4);
    expect(rotated.stderr).toMatch(
      /did not work within 2 s \(InvalidClientTokenId: .*\), so it was deleted again/,
    );
    expect(liveKeys(w)).toEqual([w.user.accessKeyId]);
    expect(storedKeyId(w)).toBe(w.user.accessKeyId);
    expect((await w.run(['login', 'alice'])).code).toBe(0);
  });

  it('when that delete fails too, says the unproven key still exists and how to delete it', async () => {
    const w = await world({ mfa: false, newKeyDelayMs: 600_000 });
    await addProfiles(w, { mfa: false });
    w.fake.failIamNext('DeleteAccessKey', 1, 'AccessDenied');
    const rotated = await w.run(['rotate', 'alice'], '', { TOBIRA_AWS_ROTATE_VERIFY_MS: '500' });
    expect(rotated.code).toBe(4);
    const orphan = w.fake.accessKeys[1]?.accessKeyId ?? 'missing';
    expect(rotated.stderr).toContain(`aws iam delete-access-key --access-key-id ${orphan}`);
    expect(rotated.stderr).toContain(`${w.user.accessKeyId} is still stored and works`);
    expect(storedKeyId(w)).toBe(w.user.accessKeyId);
  });

  it('a failed delete of the old key (exit 3) says the new key is stored and the old one is still active', async () => {
    const w = await world();
    await addProfiles(w);
    w.fake.failIamNext('DeleteAccessKey', 1, 'AccessDenied');
    const rotated = await w.run(['rotate', 'alice']);
    expect(rotated.code).toBe(3);
    const fresh = w.fake.accessKeys[1]?.accessKeyId ?? 'missing';
    expect(rotated.stderr).toContain(
      `the new key ${fresh} is stored and works, but the old key ${w.user.accessKeyId}`,
    );
    expect(rotated.stderr).toContain('STILL ACTIVE');
    expect(liveKeys(w)).toEqual([w.user.accessKeyId, fresh]);
    expect(storedKeyId(w)).toBe(fresh);
    expect((await w.run(['login', 'alice', '--force'])).code).toBe(0);
  });

  it('IAM unreachable on create (exit 4) says a key may exist and how to check', async () => {
    const w = await world({ mfa: false });
    await addProfiles(w, { mfa: false });
    w.fake.failIamNext('CreateAccessKey', 5, 'ServiceFailure');
    const rotated = await w.run(['rotate', 'alice']);
    expect(rotated.code).toBe(4);
    expect(rotated.stderr).toContain('aws iam list-access-keys');
    expect(storedKeyId(w)).toBe(w.user.accessKeyId);
  });

  it('refuses a profile that is not an IAM user (exit 2)', async () => {
    const w = await world();
    await addProfiles(w);
    const rotated = await w.run(['rotate', 'admin']);
    expect(rotated.code).toBe(2);
    expect(rotated.stderr).toContain('aws-iam-user');
  });
});
