import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ExitCode, TobiraError } from '../../errors';
import { writeFileAtomic } from '../../vault/atomic-file';
import { withFileLock } from '../../vault/lock';

/** What an edit of another tool's file decides: new bytes, `null` to delete the file, or undefined to leave it. */
export interface ToolFileChange<T> {
  content?: Uint8Array | null;
  result: T;
}

const MAX_LINKS = 40;

/**
 * The file a write to PATH lands in, as `open(path, "w")` would find it: symlinks (stow, chezmoi, home-manager) are
 * followed, also a dangling one whose target does not exist yet, so the dotfile itself is edited and the link kept.
 */
export function realTarget(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < MAX_LINKS; hops += 1) {
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return current; // does not exist (yet): the write creates it here
    }
    if (!isLink) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new TobiraError('link.tooManyLinks', ExitCode.error, { path });
}

/**
 * Edits another tool's config file the way that tool would: through symlinks to the real file, under an advisory
 * lock next to it (`FILE.lock`: concurrent `tobira link` runs, from any vault, never lose each other's entries),
 * replaced atomically in its own folder and keeping its mode (0600 for a new file).
 */
export async function editToolFile<T>(
  path: string,
  edit: (current: Buffer | undefined, real: string) => ToolFileChange<T>,
): Promise<T> {
  const real = realTarget(path);
  const dir = dirname(real);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return withFileLock(real, async () => {
    const exists = existsSync(real);
    const change = edit(exists ? readFileSync(real) : undefined, real);
    if (change.content === null) {
      if (exists) unlinkSync(real);
    } else if (change.content !== undefined) {
      writeFileAtomic(real, change.content, exists ? statSync(real).mode & 0o7777 : 0o600);
    }
    return change.result;
  });
}
