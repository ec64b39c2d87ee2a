import { ESLint } from 'eslint';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cyclesOf, importGraph, sourceFiles } from '../../harness/import-graph';

const root = resolve(import.meta.dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'tobira-cycles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(files: Record<string, string>): string[] {
  return Object.entries(files).map(([name, text]) => {
    const path = join(scratch, name);
    writeFileSync(path, text);
    return path;
  });
}

describe('no import cycles (docs/architecture.md §2)', { timeout: 60_000 }, () => {
  it('the product code has none, type-only imports included', () => {
    const graph = importGraph(sourceFiles(root, ['electron', 'renderer/src', 'shared']));
    expect(graph.size).toBeGreaterThan(100);
    expect(cyclesOf(graph, root)).toEqual([]);
  });

  it('the check finds a cycle that runs only through a type-only import', () => {
    const files = tree({
      'program.ts': "import { registerX } from './x';\nexport type Factory = () => void;\nregisterX();\n",
      'x.ts': "import type { Factory } from './program';\nexport function registerX(f?: Factory): void {}\n",
      'leaf.ts': "import { registerX } from './x';\nvoid registerX;\n",
    });
    expect(cyclesOf(importGraph(files), scratch)).toEqual([['program.ts', 'x.ts']]);
  });

  it('ESLint runs import-x/no-cycle as an error on every product folder', async () => {
    const eslint = new ESLint();
    for (const file of [
      'electron/cli/program.ts',
      'electron/core/index.ts',
      'renderer/src/App.tsx',
      'shared/ipc.ts',
    ]) {
      const config = (await eslint.calculateConfigForFile(join(root, file))) as {
        rules?: Record<string, unknown>;
      };
      expect(config.rules?.['import-x/no-cycle'], file).toEqual([
        2,
        expect.objectContaining({ ignoreExternal: true }),
      ]);
    }
  });
});
