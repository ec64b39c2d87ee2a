import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellExports } from '../../../../electron/core/exports';
import { powershellQuote } from '../../../../electron/core/exports/shell';

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

  it('powershell doubles every character its tokenizer takes for a single quote, not only the ASCII one', () => {
    const tricky = `a'b\u2018c\u2019d\u201Ae\u201Bf ; Remove-Item -Recurse C:\\ \u2019`;
    const script = shellExports({ A: tricky }, 'powershell');
    expect(script).toBe(
      `$Env:A = 'a''b\u2018\u2018c\u2019\u2019d\u201A\u201Ae\u201B\u201Bf ; Remove-Item -Recurse C:\\ \u2019\u2019'\n`,
    );
    const statement = script.slice('$Env:A = '.length, -1);
    expect(readPowershellVerbatimString(statement)).toEqual({ value: tricky, rest: '' });
    for (const quote of [`'`, '\u2018', '\u2019', '\u201A', '\u201B']) {
      expect(readPowershellVerbatimString(powershellQuote(`x${quote}y`))).toEqual({
        value: `x${quote}y`,
        rest: '',
      });
    }
  });

  it('refuses a name that is not a variable name', () => {
    expect(() => shellExports({ 'A;B': 'x' }, 'env')).toThrow();
  });
});

/**
 * PowerShell's verbatim-string-literal as its language specification (§2.3.5.2) defines it: a single-quote-character
 * (U+0027, U+2018, U+2019, U+201A or U+201B) opens and closes it, and two consecutive ones stand for the second.
 * pwsh itself is not installable here (no Debian package), so the test reads the output the way the grammar does.
 */
function readPowershellVerbatimString(text: string): { value: string; rest: string } {
  const isQuote = (char: string | undefined) =>
    char !== undefined && /['\u2018\u2019\u201A\u201B]/.test(char);
  if (!isQuote(text[0])) throw new Error('not a single-quoted string');
  let value = '';
  for (let index = 1; index < text.length; index += 1) {
    const char = text[index] as string;
    if (isQuote(char)) {
      if (!isQuote(text[index + 1])) return { value, rest: text.slice(index + 1) };
      index += 1;
      value += text[index];
    } else {
      value += char;
    }
  }
  throw new Error('unterminated string');
}
