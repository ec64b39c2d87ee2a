// Writes one benchmark script's own section of BENCHMARKS.md (between `<!-- section:NAME -->` markers), leaving the
// rest of the file alone; bench/run.mjs keeps these sections when it rewrites its part.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = join(fileURLToPath(new URL('..', import.meta.url)), 'BENCHMARKS.md');

export function writeBenchmarkSection(name, markdown) {
  const start = `<!-- section:${name} -->`;
  const end = `<!-- /section:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let current;
  try {
    current = readFileSync(FILE, 'utf8');
  } catch {
    current = '# Tobira benchmarks\n';
  }
  const at = current.indexOf(start);
  const until = current.indexOf(end);
  const next =
    at >= 0 && until > at
      ? `${current.slice(0, at)}${block}${current.slice(until + end.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, next);
}
