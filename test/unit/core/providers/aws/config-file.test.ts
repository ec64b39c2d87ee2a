import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendSection,
  insertAfter,
  joinLines,
  profileOfConfigHeader,
  profileSections,
  removeLines,
  sections,
  shlexSplit,
  splitLines,
  type IniLine,
} from '../../../../../electron/core/providers/aws/config-file';
import { credentialProcessCommand } from '../../../../../electron/core/providers/aws/link';

const SAMPLE =
  '# top\r\n[default]\r\nregion=us-east-1\r\n\r\n; c\r\n[profile dev]\r\ns3 =\r\n    x = 1\r\nkey = v = w\r\n';

/** Runs Python's own shlex.split (botocore's splitter) on each text: the list of words, or null where it raises. */
function pythonShlex(texts: readonly string[]): Array<string[] | null> {
  const script =
    'import json,shlex,sys\nout=[]\nfor t in json.load(sys.stdin):\n  try: out.append(shlex.split(t))\n  except ValueError: out.append(None)\nprint(json.dumps(out))';
  const run = spawnSync('/usr/bin/python3', ['-c', script], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Array<string[] | null>;
}

/** Runs each command line through /bin/sh (as the JS SDK's exec does) and returns the argv it would start. */
function shWords(lines: readonly string[]): string[][] {
  return lines.map((line) => {
    const run = spawnSync('/bin/sh', ['-c', `set -- ${line}; for w in "$@"; do printf '%s\\0' "$w"; done`], {
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(run.stderr);
    return run.stdout.split('\0').slice(0, -1);
  });
}

/** Removes what `appendSection` added (the section and its separator), the way unlink does. */
function removeAppended(lines: readonly IniLine[], header: string): IniLine[] {
  const section = sections(lines).find((candidate) => candidate.header === header);
  if (!section) throw new Error('section missing');
  const indexes = new Set<number>();
  for (let at = section.start - 1; at < section.end; at += 1) indexes.add(at);
  return removeLines(lines, indexes);
}

describe('line-preserving ~/.aws/config editor', () => {
  it('splits and joins any text back to the same bytes', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(joinLines(splitLines(text))).toBe(text);
      }),
    );
    expect(joinLines(splitLines(SAMPLE))).toBe(SAMPLE);
  });

  it('reads sections, keys (not comments or indented sub-keys) and config profile names', () => {
    const found = sections(splitLines(SAMPLE));
    expect(found.map((section) => section.header)).toEqual(['default', 'profile dev']);
    expect([...(found[1]?.values ?? [])]).toEqual([
      ['s3', ''],
      ['key', 'v = w'],
    ]);
    expect(profileOfConfigHeader('profile dev')).toBe('dev');
    expect(profileOfConfigHeader('default')).toBe('default');
    expect(profileOfConfigHeader('sso-session corp')).toBeUndefined();
  });

  it('names profiles the way botocore does: shlex words after "profile", the raw name between the brackets', () => {
    const text = [
      '[profile  prod]',
      '[profile\tstage]',
      '[profile "quoted"]',
      '[ default ]',
      '[profileprod]',
      '[profile a b]',
      '[profile "open]',
      '[profile x] ; not a comment for configparser',
      '  [profile indented]',
    ]
      .map((line) => `${line}\nk = v\n`)
      .join('');
    const names = sections(splitLines(text)).map((section) => profileOfConfigHeader(section.header));
    expect(names).toEqual([
      'prod',
      'stage',
      'quoted',
      undefined,
      undefined,
      undefined,
      undefined,
      'x',
      'indented',
    ]);
    expect(profileSections(splitLines(text), 'prod').map((section) => section.header)).toEqual([
      'profile  prod',
    ]);
  });

  it('shlexSplit agrees with Python’s shlex.split', () => {
    const samples = fc.sample(
      fc.string({
        unit: fc.constantFrom('a', 'b', ' ', '\t', "'", '"', '\\', '$', '#', 'p', 'profile '),
        maxLength: 16,
      }),
      { numRuns: 300, seed: 42 },
    );
    const cases = [...samples, 'profile  prod', 'profile "a b"', "profile 'x'\\ y", 'a\\', '"a\\"b\\c"'];
    const expected = pythonShlex(cases);
    cases.forEach((text, index) => {
      expect({ text, words: shlexSplit(text) ?? null }).toEqual({ text, words: expected[index] });
    });
  });

  it('append then remove gives back the original bytes, in the file’s own line endings', () => {
    const lines = splitLines(SAMPLE);
    const added = appendSection(lines, 'profile x', [
      ['credential_process', '/bin/tobira credential-process x'],
    ]);
    expect(joinLines(added)).toBe(
      `${SAMPLE}\r\n[profile x]\r\ncredential_process = /bin/tobira credential-process x\r\n`,
    );
    expect(joinLines(removeAppended(added, 'profile x'))).toBe(SAMPLE);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('[a]', 'k = v', '# c', '', '  x = y', '[profile b]'), { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n', ''),
        (body, last) => {
          const text = body
            .map((line) => `${line}\n`)
            .join('')
            .replace(/\n$/, last);
          const withSection = appendSection(splitLines(text), 'profile tobira-test', [['k', 'x']], '# mine');
          expect(joinLines(removeAppended(withSection, 'profile tobira-test'))).toBe(text);
        },
      ),
    );
  });

  it('a file without a final newline keeps going without one (the added section takes the last line)', () => {
    expect(joinLines(appendSection([], 'default', [['k', 'v']]))).toBe('[default]\nk = v\n');
    const added = appendSection(splitLines('[a]\nk=v'), 'b', [['k', 'v']]);
    expect(joinLines(added)).toBe('[a]\nk=v\n\n[b]\nk = v');
    expect(joinLines(removeAppended(added, 'b'))).toBe('[a]\nk=v');
    expect(joinLines(insertAfter(splitLines('[a]\r\nk=v'), 1, [{ text: 'x = 1', eol: '\n' }]))).toBe(
      '[a]\r\nk=v\r\nx = 1',
    );
  });
});

describe('credential_process quoting', () => {
  it('leaves plain words bare', () => {
    expect(credentialProcessCommand(['/usr/bin/tobira'], 'dev')).toBe(
      '/usr/bin/tobira credential-process dev',
    );
  });

  it('quotes words so that botocore’s shlex and /bin/sh (the JS SDK) both get them back unchanged', () => {
    const awkward = [
      '/Users/me/My Apps/tobira',
      "/h/it's $HOME `id` \\ dir",
      '/h/a #b;c "d" %e !f *g ~h',
      "''",
      '日本語 フォルダ',
    ];
    const argvs = [
      ...awkward.map((word) => [word, '--home', word]),
      ...fc.sample(
        fc.array(
          fc.string({ minLength: 1, maxLength: 12 }).filter((w) => !/[\r\n\0]/.test(w)),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        { numRuns: 60, seed: 7 },
      ),
    ];
    const lines = argvs.map((argv) => credentialProcessCommand(argv, 'dev', 'linux'));
    const python = pythonShlex(lines);
    const sh = shWords(lines);
    argvs.forEach((argv, index) => {
      const expected = [...argv, 'credential-process', 'dev'];
      expect({ line: lines[index], words: python[index] }).toEqual({ line: lines[index], words: expected });
      expect({ line: lines[index], words: sh[index] }).toEqual({ line: lines[index], words: expected });
      // The JS SDK's INI reader cuts a line at whitespace followed by # or ;: never in what we write.
      expect(lines[index]).not.toMatch(/\s[#;]/);
    });
  });

  it('refuses a line break, which no INI line can hold', () => {
    expect(() => credentialProcessCommand(['/a\nb'], 'dev', 'linux')).toThrow();
  });
});
