import { readFileSync } from 'node:fs';
import { requireNative } from '../../native-require';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { addStep } from '../../timings';
import { KEYCHAIN_SERVICE } from '../../vault/secret-store';
import { CREDENTIAL_PROCESS_MARGIN_MS, credentialProcessJson } from './credential-process-json';

/**
 * `tobira [--home DIR] credential-process NAME` answered straight from a cached session, before the CLI (commander,
 * zod, the message catalogs, the vault) is loaded: AWS tools run credential_process for every process they start,
 * so its cache hit must cost little more than Node's own start-up (see BENCHMARKS.md). Anything unusual – another
 * argv shape, the encrypted-file store (its scrypt dominates anyway), no or an expiring cache entry, an unreadable
 * file, a keychain error – returns undefined and the full CLI handles the request, errors and all.
 *
 * It duplicates three facts of the vault on purpose (the default home, the cache secret id, the store choice);
 * test/unit/core/providers/aws/fast-path.test.ts checks each against the vault's own code.
 */
export function credentialProcessFromCache(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  now: number = Date.now(),
  keyring: () => FastKeyring = loadFastKeyring,
): string | undefined {
  try {
    const target = fastTarget(argv, env);
    return target?.store === 'keychain' ? keychainAnswer(target, now, keyring) : undefined;
  } catch {
    return undefined;
  }
}

/** The cache hit of a keychain-store target, read from the OS keychain; throws on a keychain error. */
export function keychainAnswer(
  target: FastTarget,
  now: number,
  keyring: () => FastKeyring = loadFastKeyring,
): string | undefined {
  // One Secret Service session (D-Bus connect, OpenSession, SearchItems, GetSecrets), done synchronously: nothing
  // else runs meanwhile, and the async API would start the addon's thread pool for this one call.
  const loading = performance.now();
  const { Entry } = keyring();
  const reading = performance.now();
  addStep('keychain.load', reading - loading);
  const raw = new Entry(KEYCHAIN_SERVICE, fastCacheSecretId(target.profileId), {
    linux: { store: 'secret-service' },
  }).getPassword();
  addStep('keychain.get', performance.now() - reading);
  if (typeof raw !== 'string') return undefined;
  return fromCacheEntry(raw, now);
}

/** Where a fast-path `credential-process NAME` looks: the data folder, its store, the profile's id. */
export interface FastTarget {
  home: string;
  store: unknown;
  profileId: string;
}

/**
 * The data folder, recorded store and profile id of `[--home DIR] credential-process NAME`, read from profiles.json
 * by hand (no zod here); undefined for any other argv, an unknown profile, or a store choice the full CLI refuses.
 * Throws when profiles.json cannot be read (the callers catch).
 */
export function fastTarget(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): FastTarget | undefined {
  const parsed = parseArgv(argv);
  if (!parsed) return undefined;
  const home = resolve(parsed.home ?? (env.TOBIRA_HOME || fastDefaultHome(env)));
  const file = JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')) as {
    schemaVersion?: unknown;
    secretStore?: unknown;
    profiles?: Array<{ id?: unknown; name?: unknown }>;
  };
  if (file.schemaVersion !== 1 || !Array.isArray(file.profiles)) return undefined;
  const mode = env.TOBIRA_SECRET_STORE ?? 'auto';
  // An explicit store that differs from the recorded one is refused by the full CLI (vault.ts assertStoreMatches).
  if (mode !== 'auto' && file.secretStore !== undefined && mode !== file.secretStore) return undefined;
  const profile = file.profiles.find((candidate) => candidate.name === parsed.name);
  if (!profile || typeof profile.id !== 'string') return undefined;
  return { home, store: mode === 'auto' ? file.secretStore : mode, profileId: profile.id };
}

/** The part of @napi-rs/keyring the fast path uses. */
export interface FastKeyring {
  Entry: new (
    service: string,
    account: string,
    options: import('@napi-rs/keyring').EntryOptions,
  ) => { getPassword(): string | null };
}

/**
 * The addon through require(), not import(): importing a CommonJS package from ESM first runs Node's CommonJS
 * export lexer over its 700-line loader, about 10 ms of a ~85 ms cache hit (BENCHMARKS.md).
 */
export function loadFastKeyring(): FastKeyring {
  return requireNative<typeof import('@napi-rs/keyring')>('@napi-rs/keyring');
}

/** The credential_process JSON of a cache entry that holds AWS credentials with enough time left, else undefined. */
export function fromCacheEntry(raw: string, now: number): string | undefined {
  const entry = JSON.parse(raw) as {
    version?: unknown;
    expiration?: unknown;
    data?: Record<string, unknown>;
  };
  const data = entry.data;
  if (entry.version !== 1 || typeof entry.expiration !== 'string' || !data) return undefined;
  if (!(Date.parse(entry.expiration) - now > CREDENTIAL_PROCESS_MARGIN_MS)) return undefined;
  const { accessKeyId, secretAccessKey, sessionToken, accountId, partition, origin } = data;
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string') return undefined;
  if (typeof partition !== 'string' || typeof origin !== 'string') return undefined;
  if (sessionToken !== undefined && typeof sessionToken !== 'string') return undefined;
  return credentialProcessJson(
    {
      accessKeyId,
      secretAccessKey,
      sessionToken,
      accountId: typeof accountId === 'string' ? accountId : undefined,
    },
    entry.expiration,
  );
}

function parseArgv(argv: readonly string[]): { name: string; home?: string } | undefined {
  if (argv.length === 2 && argv[0] === 'credential-process' && argv[1] && !argv[1].startsWith('-')) {
    return { name: argv[1] };
  }
  if (argv.length === 4 && argv[0] === '--home' && argv[2] === 'credential-process' && argv[1] && argv[3]) {
    if (argv[3].startsWith('-')) return undefined;
    return { name: argv[3], home: argv[1] };
  }
  return undefined;
}

/** electron/core/home.ts defaultHome, without its error module (which loads every message catalog). */
export function fastDefaultHome(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tobira');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Tobira');
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.config'), 'tobira');
}

/** electron/core/vault/vault.ts cacheSecretId. */
export function fastCacheSecretId(profileId: string): string {
  return `cache-${profileId}`;
}
