import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir` whose bytes contain `canary` (as UTF-8, and base64 of it, to catch lazy encodings). */
export function filesContaining(dir: string, canary: string): string[] {
  const needles = [Buffer.from(canary), Buffer.from(Buffer.from(canary).toString('base64'))];
  const hits: string[] = [];
  const walk = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) walk(join(path, entry));
      return;
    }
    const bytes = readFileSync(path);
    if (needles.some((needle) => bytes.includes(needle))) hits.push(path);
  };
  walk(dir);
  return hits;
}
