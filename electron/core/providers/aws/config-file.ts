/**
 * A line-preserving reader and editor for ~/.aws/config and ~/.aws/credentials.
 *
 * Written by hand on purpose: every INI library we could use (ini, js-ini, ...) parses into an object and writes it
 * back, which drops comments, blank lines, key order and spacing – the exact damage users complain about (Leapp #228,
 * #260). Here the file stays a list of its own lines (with their own line endings); an edit replaces, inserts or
 * removes whole lines and leaves every other byte as it was, including a missing final newline.
 */

export interface IniLine {
  /** The line without its ending. */
  text: string;
  /** "\n", "\r\n" or "" (last line without a newline). */
  eol: string;
}

export interface IniSection {
  /**
   * The section name as botocore's parser (Python's configparser) reads it: everything between the `[` and the last
   * `]` of the stripped line, not trimmed, so `[ default ]` is not `default` there and not here either.
   */
  header: string;
  /** Index of the `[header]` line. */
  start: number;
  /** One past the last line of the section (the next header, or the end of the file). */
  end: number;
  /** key → value of the section's own `key = value` lines (indented continuation lines are not keys). */
  values: Map<string, string>;
  /** key → index of its line. */
  keyLines: Map<string, number>;
}

const KEY_VALUE = /^([^\s=#;[][^=]*?)\s*=\s*(.*)$/;
/** configparser's SECTCRE on the stripped line: `.+` is greedy, so the name runs to the last `]`. */
const HEADER = /^\[(.+)\]/;

export function splitLines(content: string): IniLine[] {
  const lines: IniLine[] = [];
  const pattern = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(content)) !== null) {
    const [whole, text = '', eol = ''] = match;
    if (whole.length === 0) break;
    lines.push({ text, eol });
  }
  return lines;
}

export function joinLines(lines: readonly IniLine[]): string {
  return lines.map((line) => line.text + line.eol).join('');
}

export function isComment(text: string): boolean {
  return /^\s*[#;]/.test(text);
}

function headerOf(text: string): string | undefined {
  if (isComment(text)) return undefined;
  return HEADER.exec(text.trim())?.[1];
}

export function sections(lines: readonly IniLine[]): IniSection[] {
  const found: IniSection[] = [];
  let current: IniSection | undefined;
  lines.forEach((line, index) => {
    const header = headerOf(line.text);
    if (header !== undefined) {
      if (current) current.end = index;
      current = { header, start: index, end: lines.length, values: new Map(), keyLines: new Map() };
      found.push(current);
      return;
    }
    if (!current || isComment(line.text) || /^\s/.test(line.text)) return;
    const pair = KEY_VALUE.exec(line.text);
    if (pair) {
      const key = (pair[1] ?? '').trim().toLowerCase();
      current.values.set(key, (pair[2] ?? '').trim());
      current.keyLines.set(key, index);
    }
  });
  return found;
}

/**
 * Python's `shlex.split(text)` (POSIX mode, no comments), which botocore uses for section names and for
 * credential_process. Undefined where shlex raises (an unclosed quote, a trailing backslash).
 */
export function shlexSplit(text: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let at = 0;
  while (at < text.length) {
    const char = text.charAt(at);
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      if (word !== undefined) words.push(word);
      word = undefined;
      at += 1;
      continue;
    }
    word ??= '';
    if (char === '\\') {
      if (at + 1 >= text.length) return undefined;
      word += text.charAt(at + 1);
      at += 2;
    } else if (char === "'") {
      const close = text.indexOf("'", at + 1);
      if (close < 0) return undefined;
      word += text.slice(at + 1, close);
      at = close + 1;
    } else if (char === '"') {
      at += 1;
      for (;;) {
        if (at >= text.length) return undefined;
        const inner = text.charAt(at);
        if (inner === '"') break;
        const next = text.charAt(at + 1);
        if (inner === '\\' && (next === '"' || next === '\\')) {
          word += next;
          at += 2;
        } else {
          word += inner;
          at += 1;
        }
      }
      at += 1;
    } else {
      word += char;
      at += 1;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The section name Tobira writes for a profile: `default` stays bare, others get the `profile ` prefix. */
export function configSectionName(profile: string): string {
  return profile === 'default' ? 'default' : `profile ${profile}`;
}

/**
 * The profile a ~/.aws/config section defines, the way botocore's configloader decides it: `default`, or a name
 * starting with "profile" that shlex splits into exactly two words (`[profile  prod]`, `[profile\t"prod"]` → prod).
 * Undefined for other sections (sso-session, services, …).
 */
export function profileOfConfigHeader(header: string): string | undefined {
  if (header === 'default') return 'default';
  if (!header.startsWith('profile')) return undefined;
  const parts = shlexSplit(header);
  return parts?.length === 2 ? parts[1] : undefined;
}

/** Every ~/.aws/config section botocore would read as PROFILE (a profile may be spelled more than once). */
export function profileSections(lines: readonly IniLine[], profile: string): IniSection[] {
  return sections(lines).filter((section) => profileOfConfigHeader(section.header) === profile);
}

export function findSection(lines: readonly IniLine[], header: string): IniSection | undefined {
  return sections(lines).find((section) => section.header === header);
}

/** The file's dominant line ending, so added lines match it (CRLF files stay CRLF). */
export function lineEnding(lines: readonly IniLine[]): string {
  const ended = lines.filter((line) => line.eol !== '');
  const crlf = ended.filter((line) => line.eol === '\r\n').length;
  return crlf > ended.length / 2 ? '\r\n' : '\n';
}

/**
 * Appends a section at the end, with a blank separator line first when the file has content. A file that did not
 * end in a newline still does not: the newline moves to the old last line and the new last line goes without, so
 * removing the section later gives back the very same bytes.
 */
export function appendSection(
  lines: readonly IniLine[],
  header: string,
  entries: ReadonlyArray<readonly [string, string]>,
  comment?: string,
): IniLine[] {
  const eol = lineEnding(lines);
  const added: IniLine[] = [];
  // After a bare "\r" ending, a separator ending in "\n" would fuse with it into one "\r\n" and change that line.
  const last = lines[lines.length - 1];
  if (last) added.push({ text: '', eol: last.eol === '\r' ? '\r' : eol });
  added.push({ text: `[${header}]`, eol });
  if (comment !== undefined) added.push({ text: comment, eol });
  for (const [key, value] of entries) added.push({ text: `${key} = ${value}`, eol });
  return insertAfter(lines, lines.length - 1, added);
}

/**
 * Inserts lines after line INDEX (-1: at the top). Inserted after a last line without a newline, that line gets the
 * file's ending and the last inserted line goes without one (the file keeps "no final newline").
 */
export function insertAfter(lines: readonly IniLine[], index: number, added: readonly IniLine[]): IniLine[] {
  const next = lines.map((line) => ({ ...line }));
  const inserted = added.map((line) => ({ ...line }));
  const before = next[index];
  const lastInserted = inserted[inserted.length - 1];
  if (before && before.eol === '' && lastInserted) {
    before.eol = lineEnding(lines);
    lastInserted.eol = '';
  }
  next.splice(index + 1, 0, ...inserted);
  return next;
}

/** Replaces the value of one key line, keeping the line's own key spelling and ending. */
export function setValue(lines: readonly IniLine[], index: number, key: string, value: string): IniLine[] {
  return lines.map((line, at) => (at === index ? { text: `${key} = ${value}`, eol: line.eol } : line));
}

/** Replaces the text of one line, keeping its ending. */
export function setText(lines: readonly IniLine[], index: number, text: string): IniLine[] {
  return lines.map((line, at) => (at === index ? { text, eol: line.eol } : line));
}

/**
 * Removes the lines at INDEXES. When the removed lines include a last line without a newline, the new last line
 * loses its newline too (the file goes back to how it ended before `insertAfter`).
 */
export function removeLines(lines: readonly IniLine[], indexes: ReadonlySet<number>): IniLine[] {
  const next = lines.filter((_, index) => !indexes.has(index)).map((line) => ({ ...line }));
  const lastIndex = lines.length - 1;
  const newLast = next[next.length - 1];
  if (indexes.has(lastIndex) && lines[lastIndex]?.eol === '' && newLast) newLast.eol = '';
  return next;
}

/** Whether a section line (other than its header) is something a parser reads: a key or a continuation. */
export function isContent(text: string): boolean {
  return text.trim() !== '' && !isComment(text);
}
