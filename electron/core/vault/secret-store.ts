import type { SecretStoreKind } from './schema';

/** Where secrets live. Ids are opaque; values are strings (passwords, keys, base32 seeds, cached sessions as JSON). */
export interface SecretStore {
  readonly kind: SecretStoreKind;
  get(id: string): Promise<string | undefined>;
  set(id: string, value: string): Promise<void>;
  /** Removes the secret; removing one that does not exist is not an error. */
  delete(id: string): Promise<void>;
  /** Writes many secrets at once (the file store: one read, one write); all or none where the store allows. */
  setMany?(entries: ReadonlyArray<readonly [id: string, value: string]>): Promise<void>;
  /** Removes many secrets at once; missing ones are not an error. */
  deleteMany?(ids: readonly string[]): Promise<void>;
}

/**
 * The keychain service of every entry. The credential-process fast path imports it: keep this module free of imports
 * that would load the message catalog (errors.ts) into the CLI's entry file.
 */
export const KEYCHAIN_SERVICE = 'tobira';
