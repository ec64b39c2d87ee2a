import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
} from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ExitCode, TobiraError } from '../errors';
import { ensureHome } from '../home';
import { writeFileAtomic } from './atomic-file';
import { withTracedLock } from './traced-lock';
import { assertLockHeld } from './lock';
import type { SecretStore } from './secret-store';

export const SECRETS_FILE_NAME = 'secrets.enc';

const KDF = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 } as const;
const VERIFIER_PLAINTEXT = 'tobira-secrets-verifier';
const AAD_PREFIX = 'tobira-secrets/v1/';

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const Sealed = z.object({ nonce: Base64, data: Base64, tag: Base64 }).strict();
type Sealed = z.infer<typeof Sealed>;

const SecretsFile = z
  .object({
    format: z.literal('tobira-secrets'),
    version: z.literal(1),
    kdf: z
      .object({
        name: z.literal('scrypt'),
        salt: Base64,
        N: z
          .number()
          .int()
          .min(2 ** 14)
          .max(2 ** 20),
        r: z.number().int().min(1).max(32),
        p: z.number().int().min(1).max(16),
      })
      .strict(),
    verifier: Sealed,
    records: z.record(z.string(), Sealed),
  })
  .strict();
type SecretsFile = z.infer<typeof SecretsFile>;

/** Supplies the passphrase; `creating` is true when the file does not exist yet (a TTY asks twice then). */
export type PassphraseSource = (request: { creating: boolean; path: string }) => Promise<string>;

/**
 * Encrypted-file secret store for machines without a reachable keychain: one scrypt-derived key, AES-256-GCM per
 * record with its own random nonce and the record id as additional data (a record cannot be moved to another id).
 * A wrong passphrase fails on the verifier before anything is written, so the store is never reset or corrupted.
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly path: string;
  private key: { salt: string; key: Buffer } | undefined;
  private parsed: { stamp: string; file: SecretsFile } | undefined;

  constructor(
    readonly home: string,
    private readonly passphrase: PassphraseSource,
    /**
     * Where a locked store first looks for a credential-cache record: the running `tobira agent`, which holds the
     * unlocked store. Asked only for `cache-…` ids and only while this process has no key; undefined (a miss, or no
     * agent) falls back to unlocking here.
     */
    private readonly cacheFromAgent?: (id: string) => Promise<string | undefined>,
  ) {
    this.path = join(home, SECRETS_FILE_NAME);
  }

  async get(id: string): Promise<string | undefined> {
    const file = this.readFile();
    if (!file) return undefined;
    const record = file.records[id];
    // Ids are stored in the clear: a record that is not there needs no passphrase to say so.
    if (!record) return undefined;
    if (this.key === undefined && this.cacheFromAgent && id.startsWith('cache-')) {
      const served = await this.cacheFromAgent(id);
      if (served !== undefined) return served;
    }
    const key = await this.unlock(file);
    return open(key, record, AAD_PREFIX + id);
  }

  /** The record ids (stored in the clear, so no passphrase is needed); undefined when there is no file. */
  ids(): string[] | undefined {
    const file = this.readFile();
    return file ? Object.keys(file.records) : undefined;
  }

  async set(id: string, value: string): Promise<void> {
    await this.mutate((file, key) => {
      file.records[id] = seal(key, value, AAD_PREFIX + id);
    });
  }

  /** Every record sealed under one lock and written with one atomic rename: all of them land, or none. */
  async setMany(entries: ReadonlyArray<readonly [id: string, value: string]>): Promise<void> {
    if (entries.length === 0) return;
    await this.mutate((file, key) => {
      for (const [id, value] of entries) file.records[id] = seal(key, value, AAD_PREFIX + id);
    });
  }

  async deleteMany(ids: readonly string[]): Promise<void> {
    const records = this.readFile()?.records;
    if (!records || !ids.some((id) => records[id])) return;
    const gone = new Set(ids);
    await this.mutate((file) => {
      file.records = Object.fromEntries(Object.entries(file.records).filter(([id]) => !gone.has(id)));
    });
  }

  async delete(id: string): Promise<void> {
    if (!this.readFile()?.records[id]) return;
    await this.mutate((file) => {
      file.records = Object.fromEntries(Object.entries(file.records).filter(([recordId]) => recordId !== id));
    });
  }

  /**
   * Derives the key now (`tobira agent` asks for the passphrase once, at its start); false when there is no file
   * yet, so nothing to unlock.
   */
  async unlockNow(): Promise<boolean> {
    const file = this.readFile();
    if (!file) return false;
    await this.unlock(file);
    return true;
  }

  /** Whether this process holds the key of the store as it is now (reading a record asks for no passphrase). */
  isUnlocked(): boolean {
    const salt = this.key?.salt;
    return salt !== undefined && this.readFile()?.kdf.salt === salt;
  }

  /** Forgets the derived key, overwriting its bytes first (`tobira agent` on exit). */
  lock(): void {
    this.key?.key.fill(0);
    this.key = undefined;
  }

  private async mutate(change: (file: SecretsFile, key: Buffer) => void): Promise<void> {
    ensureHome(this.home);
    await withTracedLock(this.path, async () => {
      const file = this.readFile({ fresh: true }) ?? (await this.createFile());
      const key = await this.unlock(file);
      change(file, key);
      assertLockHeld(this.path);
      writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`);
    });
  }

  /**
   * The parsed file, reused while its inode, size and mtime are unchanged: listing 10,000 profiles' session states
   * asks for 10,000 ids, which must not parse the file 10,000 times. The copy is read-only; `fresh` (the writer,
   * which changes it) parses the file anew.
   */
  private readFile(options: { fresh?: boolean } = {}): SecretsFile | undefined {
    let stamp: string;
    try {
      const stat = statSync(this.path, { bigint: true });
      stamp = `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new TobiraError('vault.file.corrupt', ExitCode.error, { path: this.path }, { cause: error });
    }
    if (!options.fresh && this.parsed?.stamp === stamp) return this.parsed.file;
    const file = this.parseFile();
    if (file && !options.fresh) this.parsed = { stamp, file };
    return file;
  }

  private parseFile(): SecretsFile | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new TobiraError('vault.file.corrupt', ExitCode.error, { path: this.path }, { cause: error });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const parsed = SecretsFile.safeParse(raw);
    if (!parsed.success) throw new TobiraError('vault.file.corrupt', ExitCode.error, { path: this.path });
    return parsed.data;
  }

  private async createFile(): Promise<SecretsFile> {
    const passphrase = await this.askPassphrase(true);
    const salt = randomBytes(16).toString('base64');
    const key = await deriveKey(passphrase, salt, KDF);
    this.key = { salt, key };
    return {
      format: 'tobira-secrets',
      version: 1,
      kdf: { name: 'scrypt', salt, N: KDF.N, r: KDF.r, p: KDF.p },
      verifier: seal(key, VERIFIER_PLAINTEXT, AAD_PREFIX + 'verifier'),
      records: {},
    };
  }

  private async unlock(file: SecretsFile): Promise<Buffer> {
    if (this.key?.salt === file.kdf.salt) return this.key.key;
    const passphrase = await this.askPassphrase(false);
    const key = await deriveKey(passphrase, file.kdf.salt, file.kdf);
    const check = tryOpen(key, file.verifier, AAD_PREFIX + 'verifier');
    if (check === undefined || !timingSafeEqual(Buffer.from(check), Buffer.from(VERIFIER_PLAINTEXT))) {
      throw new TobiraError('vault.file.wrongPassphrase', ExitCode.error, { path: this.path });
    }
    this.key = { salt: file.kdf.salt, key };
    return key;
  }

  private async askPassphrase(creating: boolean): Promise<string> {
    const passphrase = await this.passphrase({ creating, path: this.path });
    if (passphrase.length === 0) throw new TobiraError('vault.file.passphraseEmpty', ExitCode.error);
    return passphrase;
  }
}

function deriveKey(
  passphrase: string,
  salt: string,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(
      passphrase.normalize('NFC'),
      Buffer.from(salt, 'base64'),
      KDF.keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem: KDF.maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

function seal(key: Buffer, plaintext: string, aad: string): Sealed {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    nonce: nonce.toString('base64'),
    data: data.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

function tryOpen(key: Buffer, sealed: Sealed, aad: string): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

function open(key: Buffer, sealed: Sealed, aad: string): string {
  const value = tryOpen(key, sealed, aad);
  if (value === undefined) throw new TobiraError('vault.file.tampered', ExitCode.error, {});
  return value;
}
