import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  agentStoreHandlers,
  servedRecord,
  type AgentStoreAccess,
} from '../../../../electron/core/agent/store-handlers';
import { CacheGetRequest } from '../../../../electron/core/agent/protocol';
import { AWS_SECRET_ROLE } from '../../../../electron/core/providers/aws/profile';
import { cacheSecretId, Vault } from '../../../../electron/core/vault';

const FILE = { TOBIRA_SECRET_STORE: 'file' };

const record = (data: Record<string, unknown>) =>
  JSON.stringify({
    version: 1,
    expiration: '2026-01-01T01:00:00Z',
    obtainedAt: '2026-01-01T00:00:00Z',
    data,
  });

describe('what tobira agent hands out of a cache record', () => {
  it('the session, without an OAuth refresh token', () => {
    const served = servedRecord(record({ accessToken: 'at', refreshToken: 'rt-canary', idToken: 'id' }));
    expect(served).not.toContain('rt-canary');
    expect(JSON.parse(served ?? '{}')).toMatchObject({ data: { accessToken: 'at', idToken: 'id' } });
  });

  it('an AWS session as it is; nothing for an unreadable record', () => {
    const aws = record({ accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 't' });
    expect(servedRecord(aws)).toBe(aws);
    expect(servedRecord('not json')).toBeUndefined();
    expect(servedRecord(undefined)).toBeUndefined();
  });
});

describe('cache-get and session served from a vault (tobira agent, and the app: the same handlers)', () => {
  const CANARY = 'canary-long-term-secret-7f3a';
  const cached = record({ accessToken: 'at-1', refreshToken: 'rt-canary', idToken: 'id-1' });

  /** A file store with an AWS user `alice` (MFA device, no session yet) and a cached session of `cached`. */
  async function home(): Promise<{ home: string; cacheId: string }> {
    const home = join(mkdtempSync(join(tmpdir(), 'tobira-agent-')), 'home');
    const writer = new Vault({ home, env: FILE, passphrase: async () => 'pw' });
    await writer.add({
      name: 'alice',
      type: 'aws-iam-user',
      fields: { accessKeyId: 'AKIAHANDLERTEST00001', mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' },
      secrets: { [AWS_SECRET_ROLE]: CANARY },
    });
    const other = await writer.add({
      name: 'idp',
      type: 'totp',
      fields: {},
      secrets: { seed: 'JBSWY3DPEHPK3PXP' },
    });
    const cacheId = cacheSecretId(other);
    await (await writer.secretStore()).set(cacheId, cached);
    return { home, cacheId };
  }

  function access(home: string, vault: Vault, canUnlock = false): AgentStoreAccess {
    return { home, env: FILE, vault: () => vault, lang: () => 'en', canUnlock: () => canUnlock };
  }

  it('a locked file store that only a prompt would unlock: a miss and no login, and no passphrase asked', async () => {
    const { home: dir, cacheId } = await home();
    let asked = 0;
    const vault = new Vault({ home: dir, env: FILE, passphrase: async () => (asked++, 'pw') });
    const handlers = agentStoreHandlers(access(dir, vault));
    expect(await handlers.onCacheGet(cacheId)).toBeUndefined();
    expect(
      await handlers.onSession({ v: 1, token: '0'.repeat(64), op: 'session', profile: 'alice' }),
    ).toBeUndefined();
    expect(asked).toBe(0);
  });

  it('once unlocked (in the app, or the agent at its start): the session without its refresh token', async () => {
    const { home: dir, cacheId } = await home();
    const vault = new Vault({ home: dir, env: FILE, passphrase: async () => 'pw' });
    await vault.stores().file.unlockNow();
    const served = await agentStoreHandlers(access(dir, vault)).onCacheGet(cacheId);
    expect(JSON.parse(served ?? '{}')).toMatchObject({ data: { accessToken: 'at-1', idToken: 'id-1' } });
    expect(served).not.toContain('rt-canary');
  });

  it('a passphrase at hand without asking anyone (the app started with TOBIRA_PASSPHRASE) unlocks it', async () => {
    const { home: dir, cacheId } = await home();
    const vault = new Vault({ home: dir, env: FILE, passphrase: async () => 'pw' });
    expect(await agentStoreHandlers(access(dir, vault, true)).onCacheGet(cacheId)).toContain('at-1');
  });

  it('a login that needs a typed MFA code answers mfa-needed; the long-term secret is never in an answer', async () => {
    const { home: dir } = await home();
    const vault = new Vault({ home: dir, env: FILE, passphrase: async () => 'pw' });
    await vault.stores().file.unlockNow();
    const handlers = agentStoreHandlers(access(dir, vault));
    const request = { v: 1 as const, token: '0'.repeat(64), op: 'session' as const, profile: 'alice' };
    expect(await handlers.onSession(request)).toBe('mfa-needed');
    // The socket admits cache ids only: the key's id never reaches the handler.
    for (const id of Object.values(vault.get('alice').secrets)) {
      expect(CacheGetRequest.safeParse({ v: 1, token: '0'.repeat(64), op: 'cache-get', id }).success).toBe(
        false,
      );
    }
  });
});
