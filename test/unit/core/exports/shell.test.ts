import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellExports } from '../../../../electron/core/exports';

const NASTY = `it's "quoted" $HOME \`id\` \\ back\nnew line; rm -rf /`;

describe('shellExports', () => {
  it('env: POSIX sh evaluates it back to the exact value', () => {
    const script = shellExports({ TOBIRA_TEST: NASTY, OTHER: 'plain' }, 'env');
    expect(script).toMatch(/^export TOBIRA_TEST='/);
    const result = spawnSync('sh', ['-c', `eval "$1"; printf '%s' "$TOBIRA_TEST"`, 'sh', script], {
      encoding: 'utf8',
    });
    expect(result.stdout).toBe(NASTY);
  });

  it('env: bash too', () => {
    const script = shellExports({ A: NASTY }, 'env');
    const result = spawnSync('bash', ['-c', `eval "$1"; printf '%s' "$A"`, 'bash', script], {
      encoding: 'utf8',
    });
    expect(result.stdout).toBe(NASTY);
  });

  it('fish and powershell quote for their own rules', () => {
    expect(shellExports({ A: `a'b\\c` }, 'fish')).toBe(`set -gx A 'a\\'b\\\\c';\n`);
    expect(shellExports({ A: `a'b` }, 'powershell')).toBe(`$Env:A = 'a''b'\n`);
  });

  it('refuses a name that is not a variable name', () => {
    expect(() => shellExports({ 'A;B': 'x' }, 'env')).toThrow();
  });
});
