import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ExitCode, TobiraError } from '../errors';
import { ensureHome } from '../home';
import { writeFileAtomic } from './atomic-file';
import { withTracedLock } from './traced-lock';
import { assertLockHeld } from './lock';
import { emptyProfilesFile, PROFILES_SCHEMA_VERSION, ProfilesFile } from './schema';

export const PROFILES_FILE_NAME = 'profiles.json';

/**
 * profiles.json: read without a lock (writers replace it atomically, so a reader sees a whole version), written
 * only through `update`, which holds the advisory lock across read → change → write so no writer is lost.
 */
export class ProfileStore {
  readonly path: string;
  private cached: { stamp: string; file: ProfilesFile } | undefined;

  /**
   * `cacheReads` (the long-running app): a read reuses the last parsed file while its inode, size and mtime are
   * unchanged, so 10,000 profiles are not parsed and validated again for every request. The cached file is shared:
   * callers must not change what read() returns (update() works on its own copy).
   */
  constructor(
    readonly home: string,
    private readonly options: { cacheReads?: boolean } = {},
  ) {
    this.path = join(home, PROFILES_FILE_NAME);
  }

  read(): ProfilesFile {
    if (!this.options.cacheReads) return this.readFile();
    let stamp: string;
    try {
      stamp = stampOf(this.path);
    } catch {
      this.cached = undefined;
      return this.readFile();
    }
    if (this.cached?.stamp !== stamp) this.cached = { stamp, file: this.readFile() };
    return this.cached.file;
  }

  private readFile(): ProfilesFile {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyProfilesFile();
      throw new TobiraError('vault.profiles.unreadable', ExitCode.error, {
        path: this.path,
        detail: errnoOf(error),
      });
    }
    return parseProfilesFile(text, this.path);
  }

  /** Runs `change` on the current file under the lock and writes its result; `change` may do async work (secrets). */
  async update<T>(change: (file: ProfilesFile) => Promise<{ file: ProfilesFile; result: T }>): Promise<T> {
    ensureHome(this.home);
    return withTracedLock(this.path, async () => {
      const current = this.read();
      const { file, result } = await change(structuredClone(current));
      const validated = ProfilesFile.parse(file);
      assertLockHeld(this.path);
      writeFileAtomic(this.path, `${JSON.stringify(validated, null, 2)}\n`);
      // The file just written is the next read's answer: no need to parse it again.
      if (this.options.cacheReads) this.cached = { stamp: stampOf(this.path), file: validated };
      return result;
    });
  }
}

/** What identifies one version of a file written by rename: its inode, size and modification time. */
function stampOf(path: string): string {
  const stat = statSync(path, { bigint: true });
  return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
}

export function parseProfilesFile(text: string, path: string): ProfilesFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new TobiraError('vault.profiles.corrupt', ExitCode.error, {
      path,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const version = z.object({ schemaVersion: z.number() }).safeParse(raw);
  if (version.success && version.data.schemaVersion > PROFILES_SCHEMA_VERSION) {
    throw new TobiraError('vault.profiles.newer', ExitCode.error, {
      path,
      version: version.data.schemaVersion,
    });
  }
  const parsed = ProfilesFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TobiraError('vault.profiles.corrupt', ExitCode.error, {
      path,
      detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    });
  }
  return parsed.data;
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
