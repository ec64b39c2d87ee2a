import { ExitCode, TobiraError } from '../errors';
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store';

type KeyringModule = typeof import('@napi-rs/keyring');
type Entry = InstanceType<KeyringModule['AsyncEntry']>;

const PIN_SECRET_SERVICE: import('@napi-rs/keyring').EntryOptions = { linux: { store: 'secret-service' } };

/**
 * The OS keychain through @napi-rs/keyring (Keychain on macOS, Credential Manager on Windows, Secret Service on
 * Linux). On Linux the store is pinned to Secret Service: the library's default silently falls back to the kernel
 * keyring, which would leave secrets outside any keychain the user knows about.
 */
export class KeychainStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private modulePromise: Promise<KeyringModule> | undefined;

  /** Runs one keychain call; every failure, including the entry's construction, becomes a TobiraError. */
  private async call<T>(id: string, action: (entry: Entry) => Promise<T>): Promise<T> {
    this.modulePromise ??= import('@napi-rs/keyring');
    try {
      const { AsyncEntry } = await this.modulePromise;
      return await action(new AsyncEntry(KEYCHAIN_SERVICE, id, PIN_SECRET_SERVICE));
    } catch (error) {
      throw keychainError(error);
    }
  }

  async get(id: string): Promise<string | undefined> {
    return (await this.call(id, (entry) => entry.getPassword())) ?? undefined;
  }

  async set(id: string, value: string): Promise<void> {
    await this.call(id, (entry) => entry.setPassword(value));
  }

  async delete(id: string): Promise<void> {
    await this.call(id, async (entry) => {
      try {
        await entry.deletePassword();
      } catch (error) {
        if (!/no (matching )?(entry|result)|not found/i.test(messageOf(error))) throw error;
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

/** Maps the library's platform messages (see specs/infra.md §2) to a locked or an unreachable keychain. */
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
