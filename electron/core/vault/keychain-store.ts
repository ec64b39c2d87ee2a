import { requireNative } from '../native-require';
import { ExitCode, TobiraError } from '../errors';
import { addStep, timeStep } from '../timings';
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store';

type KeyringModule = typeof import('@napi-rs/keyring');
type Entry = Pick<
  InstanceType<KeyringModule['AsyncEntry']>,
  'getPassword' | 'setPassword' | 'deletePassword'
>;

/** What the store needs of @napi-rs/keyring (injectable for tests). */
export interface KeyringBinding {
  AsyncEntry: new (
    service: string,
    account: string,
    options: import('@napi-rs/keyring').EntryOptions,
  ) => Entry;
  findCredentialsAsync?: (service: string) => Promise<Array<{ account: string }>>;
}

/**
 * The addon through require(): import() of this CommonJS package would first run Node's CommonJS export lexer over
 * its 700-line loader (about 10 ms per process; BENCHMARKS.md).
 */
function loadKeyring(): KeyringBinding {
  const started = performance.now();
  try {
    return requireNative<KeyringModule>('@napi-rs/keyring');
  } finally {
    addStep('keychain.load', performance.now() - started);
  }
}

const PIN_SECRET_SERVICE: import('@napi-rs/keyring').EntryOptions = { linux: { store: 'secret-service' } };

/**
 * How long an entry (and the Secret Service session its constructor opened) is reused for further calls on the
 * same id. A sign-in reads its cached session, reads it again under the login lock and writes it back; reusing the
 * entry saves a D-Bus connection and key exchange (about 10 ms) each time. Kept short so that a long-running app
 * never holds on to a session of a keyring daemon that has since restarted.
 */
export const ENTRY_REUSE_MS = 10_000;

export interface KeychainStoreOptions {
  keyring?: () => KeyringBinding;
  now?: () => number;
}

/**
 * The OS keychain through @napi-rs/keyring (Keychain on macOS, Credential Manager on Windows, Secret Service on
 * Linux). On Linux the store is pinned to Secret Service: the library's default silently falls back to the kernel
 * keyring, which would leave secrets outside any keychain the user knows about.
 */
export class KeychainStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private module: KeyringBinding | undefined;
  private readonly entries = new Map<string, { entry: Entry; usedAt: number }>();

  constructor(private readonly options: KeychainStoreOptions = {}) {}

  /**
   * Runs one keychain call, timed as `keychain.<op>`; every failure, including loading the addon and the entry's
   * construction, becomes a TobiraError. An entry reused from an earlier call that fails is dropped and the call is
   * made once more with a fresh one (every call here is idempotent), so a stale session never becomes the answer.
   */
  private async call<T>(op: string, id: string, action: (entry: Entry) => Promise<T>): Promise<T> {
    return timeStep(`keychain.${op}`, async () => {
      const now = (this.options.now ?? Date.now)();
      for (const [key, { usedAt }] of this.entries) {
        if (now - usedAt > ENTRY_REUSE_MS) this.entries.delete(key);
      }
      const kept = this.entries.get(id);
      if (kept) {
        try {
          const result = await action(kept.entry);
          kept.usedAt = now;
          return result;
        } catch {
          this.entries.delete(id);
        }
      }
      try {
        this.module ??= (this.options.keyring ?? loadKeyring)();
        const entry = new this.module.AsyncEntry(KEYCHAIN_SERVICE, id, PIN_SECRET_SERVICE);
        const result = await action(entry);
        this.entries.set(id, { entry, usedAt: now });
        return result;
      } catch (error) {
        this.entries.delete(id);
        throw keychainError(error);
      }
    });
  }

  async get(id: string): Promise<string | undefined> {
    return (await this.call('get', id, (entry) => entry.getPassword())) ?? undefined;
  }

  async set(id: string, value: string): Promise<void> {
    await this.call('set', id, (entry) => entry.setPassword(value));
  }

  async delete(id: string): Promise<void> {
    await this.call('delete', id, async (entry) => {
      try {
        await entry.deletePassword();
      } catch (error) {
        if (!/no (matching )?(entry|result)|not found/i.test(messageOf(error))) throw error;
      }
    });
  }

  /**
   * The keychain has no batch call: entries are written a few at a time (each Secret Service entry opens its own
   * session). On a failure the entries this call wrote are deleted again before the error is thrown.
   */
  async setMany(entries: ReadonlyArray<readonly [id: string, value: string]>): Promise<void> {
    const written: string[] = [];
    try {
      await inBatches(entries, KEYCHAIN_BATCH, async ([id, value]) => {
        await this.setFresh(id, value);
        written.push(id);
      });
    } catch (error) {
      await this.deleteMany(written).catch(() => undefined);
      throw error;
    }
  }

  async deleteMany(ids: readonly string[]): Promise<void> {
    await inBatches(ids, KEYCHAIN_BATCH, (id) => this.delete(id));
  }

  /** A write through an entry that is not kept for reuse (a batch would otherwise hold thousands of sessions). */
  private async setFresh(id: string, value: string): Promise<void> {
    await timeStep('keychain.set', async () => {
      try {
        this.module ??= (this.options.keyring ?? loadKeyring)();
        await new this.module.AsyncEntry(KEYCHAIN_SERVICE, id, PIN_SECRET_SERVICE).setPassword(value);
      } catch (error) {
        throw keychainError(error);
      }
    });
  }

  /** The ids of every entry of service `tobira` (shared by every Tobira home of this OS user). */
  async ids(): Promise<string[]> {
    return timeStep('keychain.list', async () => {
      try {
        this.module ??= (this.options.keyring ?? loadKeyring)();
        const find = this.module.findCredentialsAsync;
        if (!find) return [];
        return (await find(KEYCHAIN_SERVICE)).map((credential) => credential.account);
      } catch (error) {
        throw keychainError(error);
      }
    });
  }

  /** True when a keychain answers at all (even a locked one); false when there is none to talk to. */
  async reachable(): Promise<boolean> {
    try {
      await this.get('probe-reachability');
      return true;
    } catch (error) {
      return error instanceof TobiraError && error.key === 'vault.keychain.locked';
    }
  }
}

/** How many keychain calls a batch keeps in flight. */
const KEYCHAIN_BATCH = 8;

async function inBatches<T>(
  items: readonly T[],
  size: number,
  each: (item: T) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    // Settled, not Promise.all: every call of a batch has finished before a failure is reported.
    const results = await Promise.allSettled(items.slice(start, start + size).map(each));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/** Maps the library's platform messages (see docs/architecture.md §8) to a locked or an unreachable keychain. */
export function keychainError(error: unknown): TobiraError {
  const message = messageOf(error);
  if (/locked|unlock|prompt was dismissed|dismissed/i.test(message)) {
    return new TobiraError('vault.keychain.locked', ExitCode.error, {}, { cause: error });
  }
  return new TobiraError(
    'vault.keychain.unavailable',
    ExitCode.error,
    { detail: firstLine(message) },
    { cause: error },
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}
