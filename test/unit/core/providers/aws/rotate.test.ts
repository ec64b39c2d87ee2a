import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, isTobiraError, TobiraError } from '../../../../../electron/core';
import type { LoginServices } from '../../../../../electron/core/providers';
import { rotateAccessKey, type RotateDeps } from '../../../../../electron/core/providers/aws/rotate';
import { accessKeyAge } from '../../../../../electron/core/providers/aws/profile';
import { Vault } from '../../../../../electron/core/vault';
import { startFakeAws, type FakeAws } from '../../../../fakes/aws';

const SECRET = 'canaryRotateSecret/0123456789abcdefghijkl';
const OLD = 'AKIAROTATEUNIT000001';

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fake AWS and a vault with one IAM user profile (no MFA device), on a clock the test moves. */
async function setup(newKeyDelayMs: number) {
  let clock = Date.now();
  fake = await startFakeAws({
    users: [{ userName: 'alice', accountId: '123456789012', accessKeyId: OLD, secretAccessKey: SECRET }],
    newKeyDelayMs,
    now: () => clock,
  });
  const home = join(mkdtempSync(join(tmpdir(), 'tobira-rotate-')), 'h');
  const env = {
    TOBIRA_SECRET_STORE: 'file',
    TOBIRA_ENDPOINT_AWS_STS: fake.origin,
    TOBIRA_ENDPOINT_AWS_IAM: fake.origin,
    TOBIRA_AWS_RETRY_BASE_MS: '1',
  };
  const vault = new Vault({ home, env, passphrase: async () => 'unit-pass' });
  const profile = await vault.add({
    name: 'alice',
    type: 'aws-iam-user',
    fields: { accessKeyId: OLD },
    secrets: { secretAccessKey: SECRET },
  });
  const notices: string[] = [];
  const services = {
    vault,
    env,
    lang: 'en',
    notice: (key: string) => notices.push(key),
    sessionOf: () => Promise.reject(new Error('no MFA session expected')),
  } as unknown as LoginServices;
  const dropped: string[] = [];
  const slept: number[] = [];
  const deps: RotateDeps = {
    services,
    dropSessions: async (names) => {
      dropped.push(...names);
    },
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  };
  return { fake, vault, profile, deps, notices, dropped, slept };
}

async function failure(promise: Promise<unknown>): Promise<TobiraError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isTobiraError(error)) throw new Error(`expected a TobiraError, got ${String(error)}`);
  return error;
}

describe('rotateAccessKey: each failure point leaves one known working key', () => {
  it('waits for IAM to spread the new key, within the bound, in steps', async () => {
    const world = await setup(7_000);
    const result = await rotateAccessKey({ ...world.deps, verifyWithinMs: 30_000 }, world.profile);
    expect(world.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(7_000);
    expect(world.slept.reduce((a, b) => a + b, 0)).toBeLessThan(10_000);
    expect(world.notices).toEqual(['rotate.verifying']);
    expect(world.fake.accessKeys.map((key) => key.accessKeyId)).toEqual([result.accessKeyId]);
    expect(world.vault.get('alice').fields).toMatchObject({
      accessKeyId: result.accessKeyId,
      keyCreated: result.created,
    });
    expect(await world.vault.readSecret(world.vault.get('alice'), 'secretAccessKey')).toBe(
      world.fake.accessKeys[0]?.secretAccessKey,
    );
    expect(world.dropped).toEqual(['alice']);
  });

  it('gives up at the bound: the new key is deleted again, the old one stays stored (exit 4)', async () => {
    const world = await setup(60_000);
    const error = await failure(rotateAccessKey({ ...world.deps, verifyWithinMs: 5_000 }, world.profile));
    expect(error).toMatchObject({ key: 'rotate.verify.rolledBack', exitCode: ExitCode.unreachable });
    expect(error.params).toMatchObject({ old: OLD, seconds: 5 });
    expect(world.slept.reduce((a, b) => a + b, 0)).toBe(5_000);
    expect(world.fake.accessKeys.map((key) => key.accessKeyId)).toEqual([OLD]);
    expect(world.vault.get('alice').fields).toEqual({ accessKeyId: OLD });
    expect(world.dropped).toEqual([]);
  });

  it('a store that cannot write: the working new key is deleted again, nothing changes (exit 1)', async () => {
    const world = await setup(0);
    world.vault.replaceSecret = () =>
      Promise.reject(new TobiraError('vault.file.passphraseNeeded', ExitCode.mfaUnavailable));
    const error = await failure(rotateAccessKey(world.deps, world.profile));
    expect(error).toMatchObject({ key: 'rotate.store.rolledBack', exitCode: ExitCode.error });
    expect(world.fake.accessKeys.map((key) => key.accessKeyId)).toEqual([OLD]);
    expect(await world.vault.readSecret(world.vault.get('alice'), 'secretAccessKey')).toBe(SECRET);
  });

  it('a store that cannot write and a delete that fails: names the key left behind', async () => {
    const world = await setup(0);
    world.vault.replaceSecret = () => Promise.reject(new Error('disk full'));
    world.fake.failIamNext('DeleteAccessKey', 1, 'AccessDenied');
    const error = await failure(rotateAccessKey(world.deps, world.profile));
    const orphan = world.fake.accessKeys[1]?.accessKeyId;
    expect(error).toMatchObject({ key: 'rotate.store.orphan', params: { new: orphan, old: OLD } });
    expect(String(error.params.deleteDetail)).toContain('AccessDenied');
  });

  it('the old key already gone in IAM (NoSuchEntity) counts as deleted, with a note', async () => {
    const world = await setup(0);
    const store = world.vault.replaceSecret.bind(world.vault);
    // Someone deletes the old key in the console while the new one is being stored.
    world.vault.replaceSecret = async (...args) => {
      const stored = await store(...args);
      world.fake.accessKeys.splice(
        world.fake.accessKeys.findIndex((key) => key.accessKeyId === OLD),
        1,
      );
      return stored;
    };
    const result = await rotateAccessKey(world.deps, world.profile);
    expect(world.notices).toContain('rotate.oldAlreadyGone');
    expect(world.fake.accessKeys.map((key) => key.accessKeyId)).toEqual([result.accessKeyId]);
    expect(world.dropped).toEqual(['alice']);
  });
});

describe('accessKeyAge (profile show, the app detail)', () => {
  it('counts whole days since IAM made the key, and says unknown without a date', () => {
    const now = Date.parse('2026-04-08T12:00:00Z');
    expect(accessKeyAge('2026-01-01T09:30:00Z', now)).toBe('97 days (2026-01-01)');
    expect(accessKeyAge('2026-04-07T12:00:00Z', now)).toBe('1 day (2026-04-07)');
    expect(accessKeyAge(undefined, now)).toBe('unknown');
  });
});
