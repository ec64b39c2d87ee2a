import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendSection,
  findSection,
  joinLines,
  profileOfConfigHeader,
  removeSection,
  sections,
  splitLines,
} from '../../../../../electron/core/providers/aws/config-file';
import { credentialProcessCommand } from '../../../../../electron/core/providers/aws/link';

const SAMPLE =
  '# top\r\n[default]\r\nregion=us-east-1\r\n\r\n; c\r\n[profile dev]\r\ns3 =\r\n    x = 1\r\nkey = v = w\r\n';

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

  it('append then remove gives back the original bytes, in the file’s own line endings', () => {
    const lines = splitLines(SAMPLE);
    const added = appendSection(lines, 'profile x', [
      ['credential_process', '/bin/tobira credential-process x'],
    ]);
    expect(joinLines(added)).toBe(
      `${SAMPLE}\r\n[profile x]\r\ncredential_process = /bin/tobira credential-process x\r\n`,
    );
    const section = findSection(added, 'profile x');
    expect(section).toBeDefined();
    expect(joinLines(removeSection(added, section as NonNullable<typeof section>))).toBe(SAMPLE);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('[a]', 'k = v', '# c', '', '  x = y', '[profile b]'), { maxLength: 12 }),
        (body) => {
          const text = body.map((line) => `${line}\n`).join('');
          const withSection = appendSection(splitLines(text), 'profile tobira-test', [
            ['credential_process', 'x'],
          ]);
          const found = findSection(withSection, 'profile tobira-test') as NonNullable<
            ReturnType<typeof findSection>
          >;
          expect(joinLines(removeSection(withSection, found))).toBe(text);
        },
      ),
    );
  });

  it('an empty or newline-less file gets no stray blank line', () => {
    expect(joinLines(appendSection([], 'default', [['k', 'v']]))).toBe('[default]\nk = v\n');
    expect(joinLines(appendSection(splitLines('[a]\nk=v'), 'b', [['k', 'v']]))).toBe(
      '[a]\nk=v\n\n[b]\nk = v\n',
    );
  });

  it('quotes a credential_process word only when botocore’s shell split needs it', () => {
    expect(credentialProcessCommand(['/usr/bin/tobira'], 'dev')).toBe(
      '/usr/bin/tobira credential-process dev',
    );
    expect(credentialProcessCommand(['/Users/me/My Apps/tobira', '--home', '/h'], 'dev')).toBe(
      '"/Users/me/My Apps/tobira" --home /h credential-process dev',
    );
  });
});
