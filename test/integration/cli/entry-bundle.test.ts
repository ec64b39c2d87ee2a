import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH } from '../../harness/cli';

/** Every file the entry file loads before it decides to load the rest of the CLI (static imports only). */
function staticallyLoaded(entry: string): Map<string, string> {
  const loaded = new Map<string, string>();
  const visit = (file: string): void => {
    if (loaded.has(file)) return;
    const text = readFileSync(file, 'utf8');
    loaded.set(file, text);
    for (const match of text.matchAll(
      /^(?:import|export)\s[^;]*?from\s+"(\.\/[^"]+)"|^import\s+"(\.\/[^"]+)"/gm,
    )) {
      const target = match[1] ?? match[2];
      if (target) visit(join(dirname(file), target));
    }
  };
  visit(entry);
  return loaded;
}

describe('the CLI entry file (credential_process runs it on every AWS call)', () => {
  it('loads neither the message catalog, zod nor commander before the fast paths answer', () => {
    const loaded = staticallyLoaded(CLI_PATH);
    const names = [...loaded.keys()].map((file) => file.slice(dirname(CLI_PATH).length + 1));
    const bytes = [...loaded.values()].reduce((sum, text) => sum + text.length, 0);
    for (const [file, text] of loaded) {
      expect(text, file).not.toContain('// shared/i18n/catalog/');
      expect(text, file).not.toContain('// node_modules/zod/');
      expect(text, file).not.toContain('// node_modules/commander/');
    }
    // The fast paths are a few kilobytes; the whole CLI is megabytes.
    expect(bytes, names.join(', ')).toBeLessThan(64 * 1024);
  });
});
