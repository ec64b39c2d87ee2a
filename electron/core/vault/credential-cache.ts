import { join } from 'node:path';
import * as z from 'zod';
import { debug } from '../debug';
import { ensureHome } from '../home';
import { FileSecretStore } from './file-store';
import { withTracedLock } from './traced-lock';
import type { ProfileRecord } from './schema';
import type { Vault } from './vault';
import { cacheSecretId } from './vault';

/** A session is reused until this long before it expires (docs/architecture.md §3). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** How long a caller waits for another process's login (which may be waiting on an MFA prompt). */
const LOGIN_WAIT_MS = 180_000;

const CachedEntry = z.object({
  version: z.literal(1),
  expiration: z.string().datetime(),
  obtainedAt: z.string().datetime(),
  data: z.record(z.string(), z.unknown()),
});
export type CachedEntry = z.infer<typeof CachedEntry>;

/** A cache record as stored; undefined when unreadable (an unreadable cache entry is a cache miss, never an error). */
export function parseCachedEntry(raw: string): CachedEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const entry = CachedEntry.safeParse(parsed);
  return entry.success ? entry.data : undefined;
}

export interface FreshSession {
  expiration: string;
  data: Record<string, unknown>;
}

export interface CacheResult {
  entry: CachedEntry;
  fromCache: boolean;
}

/**
 * Short-lived sessions, kept in the secret store (they are credentials) next to the profile's other secrets.
 * `getOrObtain` lets concurrent callers in any number of processes share one login: the first takes a per-profile
 * lock and logs in; the others wait on the lock and then find the fresh session in the cache.
 */
export class CredentialCache {
  constructor(
    private readonly vault: Vault,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The cache ids the store holds, where it can say so without a passphrase or a call per id (the file store keeps
   * ids in the clear); undefined otherwise. Listing 10,000 profiles' states then reads only the cached ones.
   */
  async presentIds(): Promise<Set<string> | undefined> {
    const store = await this.vault.secretStore();
    if (!(store instanceof FileSecretStore)) return undefined;
    return new Set((store.ids() ?? []).filter((id) => id.startsWith('cache-')));
  }

  async read(profile: ProfileRecord): Promise<CachedEntry | undefined> {
    const raw = await (await this.vault.secretStore()).get(cacheSecretId(profile));
    return raw === undefined ? undefined : parseCachedEntry(raw);
  }

  /** The cached session if it is still good for more than the refresh margin. */
  async usable(profile: ProfileRecord, marginMs = REFRESH_MARGIN_MS): Promise<CachedEntry | undefined> {
    const entry = await this.read(profile);
    return entry && Date.parse(entry.expiration) - this.now() > marginMs ? entry : undefined;
  }

  async write(profile: ProfileRecord, session: FreshSession): Promise<CachedEntry> {
    const entry: CachedEntry = {
      version: 1,
      expiration: session.expiration,
      obtainedAt: new Date(this.now()).toISOString(),
      data: session.data,
    };
    await (await this.vault.secretStore()).set(cacheSecretId(profile), JSON.stringify(entry));
    return entry;
  }

  async clear(profile: ProfileRecord): Promise<void> {
    await (await this.vault.secretStore()).delete(cacheSecretId(profile));
  }

  async getOrObtain(
    profile: ProfileRecord,
    obtain: (stale: CachedEntry | undefined) => Promise<FreshSession>,
    options: { force?: boolean } = {},
  ): Promise<CacheResult> {
    if (!options.force) {
      const cached = await this.usable(profile);
      if (cached) {
        debug('cache', `${profile.name}: cached session valid until ${cached.expiration}`);
        return { entry: cached, fromCache: true };
      }
    }
    debug('cache', `${profile.name}: ${options.force ? 'login forced' : 'no usable cached session'}`);
    ensureHome(this.vault.home);
    const lockPath = join(this.vault.home, `session-${profile.id}`);
    return withTracedLock(
      lockPath,
      async () => {
        const current = await this.read(profile);
        if (!options.force && current && Date.parse(current.expiration) - this.now() > REFRESH_MARGIN_MS) {
          debug('cache', `${profile.name}: another process logged in meanwhile; using its session`);
          return { entry: current, fromCache: true };
        }
        const fresh = await obtain(current);
        return { entry: await this.write(profile, fresh), fromCache: false };
      },
      { waitMs: LOGIN_WAIT_MS },
    );
  }
}
