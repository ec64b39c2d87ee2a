import { describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../electron/core/errors';
import { resetTimings, timingSummary } from '../../../../electron/core/timings';
import {
  ENTRY_REUSE_MS,
  KeychainStore,
  type KeyringBinding,
} from '../../../../electron/core/vault/keychain-store';

/** An in-memory keyring whose entries count their construction (one Secret Service session each) and can fail. */
function fakeKeyring() {
  const secrets = new Map<string, string>();
  const state = { sessions: [] as string[], failNext: [] as Error[] };
  const take = () => {
    const error = state.failNext.shift();
    if (error) throw error;
  };
  const binding: KeyringBinding = {
    AsyncEntry: class {
      constructor(
        service: string,
        private readonly account: string,
        options: unknown,
      ) {
        expect(options).toEqual({ linux: { store: 'secret-service' } });
        state.sessions.push(`${service}/${account}`);
      }
      async getPassword() {
        take();
        return secrets.get(this.account) ?? null;
      }
      async setPassword(value: string) {
        take();
        secrets.set(this.account, value);
      }
      async deletePassword() {
        take();
        return secrets.delete(this.account);
      }
    },
  };
  return { binding, state, secrets };
}

describe('KeychainStore', () => {
  it('reuses one entry (one Secret Service session) for the calls on an id within a few seconds', async () => {
    const { binding, state } = fakeKeyring();
    let now = 1_000_000;
    const store = new KeychainStore({ keyring: () => binding, now: () => now });
    expect(await store.get('cache-a')).toBeUndefined();
    expect(await store.get('cache-a')).toBeUndefined();
    await store.set('cache-a', 'session');
    expect(await store.get('cache-a')).toBe('session');
    expect(state.sessions).toEqual(['tobira/cache-a']);
    expect(await store.get('key-a')).toBeUndefined();
    expect(state.sessions).toEqual(['tobira/cache-a', 'tobira/key-a']);
    now += ENTRY_REUSE_MS + 1;
    expect(await store.get('cache-a')).toBe('session');
    expect(state.sessions).toEqual(['tobira/cache-a', 'tobira/key-a', 'tobira/cache-a']);
    await store.delete('cache-a');
    expect(await store.get('cache-a')).toBeUndefined();
    expect(state.sessions).toHaveLength(3);
  });

  it('retries a failed call on a reused entry once with a fresh one, and maps real failures to TobiraError', async () => {
    const { binding, state } = fakeKeyring();
    const store = new KeychainStore({ keyring: () => binding });
    await store.set('cache-a', 'v1');
    state.failNext.push(new Error('org.freedesktop.DBus.Error.NoReply'));
    expect(await store.get('cache-a')).toBe('v1');
    expect(state.sessions).toEqual(['tobira/cache-a', 'tobira/cache-a']);

    state.failNext.push(new Error('Platform secure storage failure: collection is locked'));
    state.failNext.push(new Error('Platform secure storage failure: collection is locked'));
    const locked = await store.get('cache-a').catch((error: unknown) => error);
    expect(locked).toBeInstanceOf(TobiraError);
    expect((locked as TobiraError).key).toBe('vault.keychain.locked');
    // The failed entry is not kept: the next call opens a new session.
    expect(await store.get('cache-a')).toBe('v1');
    expect(state.sessions).toHaveLength(4);

    const broken = new KeychainStore({
      keyring: () => {
        throw new Error('cannot open shared object file');
      },
    });
    const error = await broken.get('x').catch((caught: unknown) => caught);
    expect((error as TobiraError).key).toBe('vault.keychain.unavailable');
  });

  it('records each call under keychain.<op> for TOBIRA_TIMINGS', async () => {
    resetTimings();
    const { binding } = fakeKeyring();
    const store = new KeychainStore({ keyring: () => binding });
    await store.get('a');
    await store.get('a');
    await store.set('a', 'v');
    expect(timingSummary()).toMatch(/keychain\.get=\d+\.\dms×2 keychain\.set=\d+\.\dms/);
  });

  it('setMany writes every entry, and on a failure deletes the ones it wrote before reporting it', async () => {
    const { binding, state, secrets } = fakeKeyring();
    const store = new KeychainStore({ keyring: () => binding });
    const entries = Array.from({ length: 20 }, (_, n) => [`id-${n}`, `value-${n}`] as const);
    await store.setMany(entries);
    expect(secrets.size).toBe(20);
    expect(secrets.get('id-13')).toBe('value-13');

    secrets.clear();
    // The third write of the batch fails (the keychain got locked).
    state.failNext.push(
      undefined as unknown as Error,
      undefined as unknown as Error,
      new Error('Keyring is locked'),
    );
    const failed = await store.setMany(entries).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(TobiraError);
    expect((failed as TobiraError).key).toBe('vault.keychain.locked');
    expect([...secrets.keys()]).toEqual([]);
  });
});
