import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultHome } from '../../../../../electron/core/home';
import {
  credentialProcessFromCache,
  fastCacheSecretId,
  fastDefaultHome,
  fromCacheEntry,
  loadFastKeyring,
  type FastKeyring,
} from '../../../../../electron/core/providers/aws/fast-path';
import { assertStoreMatches, cacheSecretId } from '../../../../../electron/core/vault/vault';
import { credentialProcessJson } from '../../../../../electron/core/providers/aws/credential-process-json';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const entry = (expiration: string, data: Record<string, unknown> = {}) =>
  JSON.stringify({
    version: 1,
    expiration,
    obtainedAt: '2026-01-01T00:00:00.000Z',
    data: {
      accessKeyId: 'ASIAEXAMPLE000000001',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      accountId: '123456789012',
      partition: 'aws',
      origin: 'assumed-role',
      ...data,
    },
  });

describe('credential-process fast path', () => {
  it('agrees with the vault on the default home and the cache secret id', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      for (const env of [{}, { XDG_CONFIG_HOME: '/x' }, { APPDATA: 'C:\\A' }]) {
        expect(fastDefaultHome(env, platform)).toBe(defaultHome(env, platform));
      }
    }
    expect(fastCacheSecretId('0b3c')).toBe(cacheSecretId({ id: '0b3c' }));
  });

  it('serves only AWS credentials with more than 15 minutes left', () => {
    expect(fromCacheEntry(entry('2026-01-01T12:00:00Z'), NOW)).toBe(
      credentialProcessJson(
        {
          accessKeyId: 'ASIAEXAMPLE000000001',
          secretAccessKey: 'secret',
          sessionToken: 'token',
          accountId: '123456789012',
        },
        '2026-01-01T12:00:00Z',
      ),
    );
    expect(fromCacheEntry(entry('2026-01-01T00:14:00Z'), NOW)).toBeUndefined();
    expect(fromCacheEntry(entry('2026-01-01T12:00:00Z', { partition: undefined }), NOW)).toBeUndefined();
    expect(
      fromCacheEntry(
        JSON.stringify({ version: 1, expiration: '2026-01-01T12:00:00Z', data: { apiKey: 'x' } }),
        NOW,
      ),
    ).toBeUndefined();
  });

  it('falls through on any other argv, a missing home or the file store', async () => {
    expect(await credentialProcessFromCache(['credential-process'], {})).toBeUndefined();
    expect(await credentialProcessFromCache(['credential-process', '--help'], {})).toBeUndefined();
    expect(await credentialProcessFromCache(['--json', 'credential-process', 'x'], {})).toBeUndefined();
    expect(
      await credentialProcessFromCache(['credential-process', 'x'], { TOBIRA_HOME: '/nonexistent/tobira' }),
    ).toBeUndefined();
    expect(
      await credentialProcessFromCache(['credential-process', 'x'], {
        TOBIRA_HOME: '/',
        TOBIRA_SECRET_STORE: 'file',
      }),
    ).toBeUndefined();
  });

  it('answers a hit synchronously with one keychain read of the cache entry, and falls through on keychain errors', () => {
    const home = mkdtempSync(join(tmpdir(), 'tobira-fast-path-'));
    try {
      writeFileSync(
        join(home, 'profiles.json'),
        JSON.stringify({
          schemaVersion: 1,
          secretStore: 'keychain',
          profiles: [{ id: 'p-1', name: 'aws', type: 'aws-iam-user', fields: {}, secrets: {} }],
        }),
      );
      const reads: unknown[][] = [];
      const keyring =
        (answer: () => string | null): (() => FastKeyring) =>
        () => ({
          Entry: class {
            private readonly args: unknown[];
            constructor(...args: unknown[]) {
              this.args = args;
            }
            getPassword(): string | null {
              reads.push(this.args);
              return answer();
            }
          },
        });
      const hit = credentialProcessFromCache(
        ['credential-process', 'aws'],
        { TOBIRA_HOME: home },
        NOW,
        keyring(() => entry('2026-01-01T12:00:00Z')),
      );
      expect(typeof hit).toBe('string');
      expect(JSON.parse(hit ?? '{}')).toMatchObject({ Version: 1, AccessKeyId: 'ASIAEXAMPLE000000001' });
      expect(reads).toEqual([['tobira', 'cache-p-1', { linux: { store: 'secret-service' } }]]);
      const failing = keyring(() => {
        throw new Error('org.freedesktop.DBus.Error.ServiceUnknown');
      });
      expect(
        credentialProcessFromCache(['credential-process', 'aws'], { TOBIRA_HOME: home }, NOW, failing),
      ).toBeUndefined();
      const absent = keyring(() => null);
      expect(
        credentialProcessFromCache(['credential-process', 'aws'], { TOBIRA_HOME: home }, NOW, absent),
      ).toBeUndefined();
      expect(
        credentialProcessFromCache(['credential-process', 'other'], { TOBIRA_HOME: home }, NOW, absent),
      ).toBeUndefined();
      expect(reads).toHaveLength(3);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('falls through (to the full CLI, which refuses) when TOBIRA_SECRET_STORE differs from the recorded store', () => {
    const home = mkdtempSync(join(tmpdir(), 'tobira-fast-path-'));
    try {
      writeFileSync(
        join(home, 'profiles.json'),
        JSON.stringify({
          schemaVersion: 1,
          secretStore: 'file',
          profiles: [{ id: 'p-1', name: 'aws', type: 'aws-iam-user', fields: {}, secrets: {} }],
        }),
      );
      const stale = (): FastKeyring => ({
        Entry: class {
          getPassword(): string | null {
            return entry('2026-01-01T12:00:00Z');
          }
        },
      });
      const argv = ['credential-process', 'aws'];
      expect(
        credentialProcessFromCache(argv, { TOBIRA_HOME: home, TOBIRA_SECRET_STORE: 'keychain' }, NOW, stale),
      ).toBeUndefined();
      expect(() => assertStoreMatches('keychain', 'file', home)).toThrow(/TOBIRA_SECRET_STORE/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('loads the keyring addon with require (no ESM import of the CommonJS package)', () => {
    expect(typeof loadFastKeyring().Entry).toBe('function');
  });
});
