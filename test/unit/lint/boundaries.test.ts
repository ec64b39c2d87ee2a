import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('import boundaries of docs/architecture.md §2 (ESLint)', { timeout: 60_000 }, () => {
  it.each([
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nreadFileSync('');\n"],
    ['renderer/src/x.ts', "import { app } from 'electron';\nvoid app;\n"],
    ['renderer/src/x.ts', "import { Vault } from '../../electron/core/vault';\nvoid Vault;\n"],
    ['shared/x.ts', "import { Vault } from '../electron/core/vault';\nvoid Vault;\n"],
    ['shared/x.ts', "import { join } from 'node:path';\nvoid join;\n"],
    ['electron/core/vault/x.ts', "import { app } from 'electron';\nvoid app;\n"],
    ['electron/core/vault/x.ts', "import { runCli } from '../../cli/program';\nvoid runCli;\n"],
    ['electron/cli/x.ts', "import { Vault } from '../core/vault/vault';\nvoid Vault;\n"],
    ['electron/main/x.ts', "import { TobiraError } from '../core/errors';\nvoid TobiraError;\n"],
    ['electron/preload/x.ts', "import { Vault } from '../core/vault';\nvoid Vault;\n"],
  ])('%s may not: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['renderer/src/x.ts', "import { translate } from '../../shared/i18n';\nvoid translate;\n"],
    [
      'electron/cli/x.ts',
      "import { Vault } from '../core/vault';\nimport { TobiraError } from '../core';\nvoid Vault;\nvoid TobiraError;\n",
    ],
    ['electron/core/vault/x.ts', "import { join } from 'node:path';\nvoid join;\n"],
  ])('%s may: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
