/**
 * Shell snippets that set environment variables, for `eval "$(tobira export NAME)"` and friends. Values are
 * quoted for each shell so that any byte sequence survives; hand-written because the quoting rules are three lines
 * each and no library covers fish and PowerShell together.
 */
export type ShellFormat = 'env' | 'fish' | 'powershell';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function shellExports(variables: Readonly<Record<string, string>>, format: ShellFormat): string {
  const lines = Object.entries(variables).map(([name, value]) => {
    if (!NAME.test(name)) throw new Error(`not an environment variable name: ${name}`);
    if (format === 'fish') return `set -gx ${name} ${fishQuote(value)};`;
    if (format === 'powershell') return `$Env:${name} = ${powershellQuote(value)}`;
    return `export ${name}=${posixQuote(value)}`;
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** POSIX sh: single quotes keep everything literal; a single quote becomes '\'' */
export function posixQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish: inside single quotes only \\ and \' are escapes. */
function fishQuote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * PowerShell: single-quoted strings are literal, but its tokenizer takes the typographic single quotes (U+2018,
 * U+2019, U+201A, U+201B) for ' too (CharTraits.IsSingleQuote in PowerShell's parser; language spec §2.3.5.2,
 * single-quote-character), so each of those is doubled as well.
 */
const POWERSHELL_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

export function powershellQuote(value: string): string {
  return `'${value.replace(POWERSHELL_SINGLE_QUOTES, '$&$&')}'`;
}
