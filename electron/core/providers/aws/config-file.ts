/**
 * A line-preserving reader and editor for ~/.aws/config and ~/.aws/credentials.
 *
 * Written by hand on purpose: every INI library we could use (ini, js-ini, ...) parses into an object and writes it
 * back, which drops comments, blank lines, key order and spacing – the exact damage users complain about (Leapp #228,
 * #260). Here the file stays a list of its own lines (with their own line endings); an edit replaces or removes
 * whole lines of one section and leaves every other byte as it was.
 */

export interface IniLine {
  /** The line without its ending. */
  text: string;
  /** "\n", "\r\n" or "" (last line without a newline). */
  eol: string;
}

export interface IniSection {
  /** The name between the brackets, trimmed, e.g. "profile dev" or "default". */
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

const HEADER = /^\s*\[\s*([^\]]+?)\s*\]\s*([#;].*)?$/;
const KEY_VALUE = /^([^\s=#;[][^=]*?)\s*=\s*(.*)$/;

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

export function sections(lines: readonly IniLine[]): IniSection[] {
  const found: IniSection[] = [];
  let current: IniSection | undefined;
  lines.forEach((line, index) => {
    const header = HEADER.exec(line.text);
    if (header) {
      if (current) current.end = index;
      current = {
        header: header[1] ?? '',
        start: index,
        end: lines.length,
        values: new Map(),
        keyLines: new Map(),
      };
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

/** The section name ~/.aws/config uses for a profile: `default` stays bare, others get the `profile ` prefix. */
export function configSectionName(profile: string): string {
  return profile === 'default' ? 'default' : `profile ${profile}`;
}

/** A profile name from a config header ("profile dev" → "dev", "default" → "default"); undefined for others (sso-session …). */
export function profileOfConfigHeader(header: string): string | undefined {
  if (header === 'default') return 'default';
  const match = /^profile\s+(\S+)$/.exec(header);
  return match?.[1];
}

export function findSection(lines: readonly IniLine[], header: string): IniSection | undefined {
  return sections(lines).find((section) => section.header === header);
}

/** The file's dominant line ending, so added lines match it (CRLF files stay CRLF). */
export function lineEnding(lines: readonly IniLine[]): string {
  const crlf = lines.filter((line) => line.eol === '\r\n').length;
  return crlf > lines.length / 2 ? '\r\n' : '\n';
}

/**
 * Appends a section at the end: a blank separator line first when the file has content, and a newline after the
 * last line if it had none (the only byte of the existing file that can change).
 */
export function appendSection(
  lines: readonly IniLine[],
  header: string,
  entries: ReadonlyArray<readonly [string, string]>,
): IniLine[] {
  const eol = lineEnding(lines);
  const next = lines.map((line) => ({ ...line }));
  const last = next[next.length - 1];
  if (last && last.eol === '') last.eol = eol;
  // After a bare "\r" ending, a separator ending in "\n" would fuse with it into one "\r\n" and change that line.
  if (last) next.push({ text: '', eol: last.eol === '\r' ? '\r' : eol });
  next.push({ text: `[${header}]`, eol });
  for (const [key, value] of entries) next.push({ text: `${key} = ${value}`, eol });
  return next;
}

/** Replaces the value of one key line, keeping the line's own key spelling and ending. */
export function setValue(lines: readonly IniLine[], index: number, key: string, value: string): IniLine[] {
  return lines.map((line, at) => (at === index ? { text: `${key} = ${value}`, eol: line.eol } : line));
}

/**
 * Removes a section that `appendSection` added: its header and its own key lines, plus the blank separator line
 * before it. Lines after its keys (comments or blank lines the user put there) stay.
 */
export function removeSection(lines: readonly IniLine[], section: IniSection): IniLine[] {
  let last = section.start;
  for (let index = section.start + 1; index < section.end; index += 1) {
    const text = lines[index]?.text ?? '';
    if (text.trim() === '' || isComment(text)) break;
    last = index;
  }
  const before = lines[section.start - 1];
  const from = before !== undefined && before.text.trim() === '' ? section.start - 1 : section.start;
  return [...lines.slice(0, from), ...lines.slice(last + 1)];
}
