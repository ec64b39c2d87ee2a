import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ExitCode, TobiraError } from '../../errors';
import type { Env } from '../../home';
import type { ProfileRecord } from '../../vault/schema';
import { editToolFile } from '../common/tool-file';
import type { LinkContext, LinkNotice, LinkResult, ProviderLinker } from '../types';
import {
  appendSection,
  configSectionName,
  insertAfter,
  isContent,
  joinLines,
  lineEnding,
  profileSections,
  removeLines,
  sections,
  setText,
  setValue,
  splitLines,
  type IniLine,
  type IniSection,
} from './config-file';
import { Region } from './profile';

/** ~/.aws/config, or AWS_CONFIG_FILE as every AWS SDK and CLI honours it. */
export function awsConfigPath(env: Env): string {
  const custom = env.AWS_CONFIG_FILE;
  return custom && custom.length > 0 ? resolve(custom) : join(env.HOME || homedir(), '.aws', 'config');
}

/** ~/.aws/credentials, or AWS_SHARED_CREDENTIALS_FILE. Read by `profile import aws` and `link`; never written. */
export function awsCredentialsPath(env: Env): string {
  const custom = env.AWS_SHARED_CREDENTIALS_FILE;
  return custom && custom.length > 0 ? resolve(custom) : join(env.HOME || homedir(), '.aws', 'credentials');
}

const SAFE_WORD = /^[\w@%+=:,./-]+$/;

/**
 * The credential_process value, quoted for both programs that read it: botocore splits it with POSIX shlex, the JS
 * SDK v3 hands it to /bin/sh. Single quotes are literal in both (`$`, backticks, `\`, spaces); a `'` is closed,
 * escaped and reopened (`'\''`, the same in both). `#` and `;` go in double quotes of their own, because the JS
 * SDK's INI reader ends a line at whitespace followed by `#` or `;`. On Windows both use double quotes.
 */
export function credentialProcessCommand(
  tobiraCommand: readonly string[],
  profile: string,
  platform: NodeJS.Platform = process.platform,
): string {
  return [...tobiraCommand, 'credential-process', profile]
    .map((word) => {
      if (SAFE_WORD.test(word)) return word;
      if (/[\r\n]/.test(word)) throw new TobiraError('aws.link.newline', ExitCode.error, { word });
      if (platform === 'win32') return `"${word}"`;
      return `'${word.replace(/'/g, `'\\''`).replace(/[#;]/g, (char) => `'"${char}"'`)}'`;
    })
    .join(' ');
}

/** The keys `link` may write, in the order it writes them. */
const MANAGED_KEYS = ['credential_process', 'region'] as const;
type ManagedKey = (typeof MANAGED_KEYS)[number];
const MARKER = /^\s*[#;]\s*managed by tobira:(.*)$/;

/** The comment line that records which keys of the section `link` wrote, so `unlink` removes exactly those. */
function markerLine(keys: ReadonlySet<string>): string {
  return `# managed by tobira: ${MANAGED_KEYS.filter((key) => keys.has(key)).join(' ')}`;
}

function isManagedKey(key: string): key is ManagedKey {
  return (MANAGED_KEYS as readonly string[]).includes(key);
}

/** A section `link` wrote, and which of its keys are Tobira's. */
interface Ours {
  section: IniSection;
  marker?: number;
  keys: Set<ManagedKey>;
}

type Wanted = Map<ManagedKey, string>;

/** Keys that make a section a credential source of its own: such a section, unmarked, is someone else's. */
const CREDENTIAL_KEYS = [
  'credential_process',
  'role_arn',
  'source_profile',
  'credential_source',
  'web_identity_token_file',
  'sso_session',
  'sso_start_url',
  'sso_account_id',
  'sso_role_name',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'login_session',
];

function ownership(lines: readonly IniLine[], section: IniSection, wanted: Wanted): Ours | undefined {
  for (let index = section.start + 1; index < section.end; index += 1) {
    const marker = MARKER.exec(lines[index]?.text ?? '');
    if (marker) {
      const keys = (marker[1] ?? '').trim().split(/\s+/).filter(isManagedKey);
      return { section, marker: index, keys: new Set(keys) };
    }
  }
  // Only settings (region, output, cli_pager … left by unlink or written by hand): link may add its keys to it.
  if (!CREDENTIAL_KEYS.some((key) => section.values.has(key))) return { section, keys: new Set() };
  // Written by a tobira before the marker existed: exactly the command this tobira writes.
  if (section.values.get('credential_process') !== wanted.get('credential_process')) return undefined;
  const keys = new Set<ManagedKey>(['credential_process']);
  const region = wanted.get('region');
  if (region !== undefined && section.values.get('region') === region) keys.add('region');
  return { section, keys };
}

/** Whether a managed key still holds what `link` wrote (the user may have changed it since; then it is theirs). */
function holdsOurValue(key: ManagedKey, value: string | undefined, wanted: Wanted, profile: string): boolean {
  if (value === undefined) return false;
  if (key === 'credential_process') {
    return value === wanted.get(key) || value.endsWith(` credential-process ${profile}`);
  }
  return value === wanted.get(key);
}

/**
 * The file as a byte-transparent string: latin1 maps each byte to one character and back, so lines in another
 * encoding (a Shift_JIS or Latin-1 comment) survive an edit byte for byte, where a UTF-8 round trip would replace them
 * with U+FFFD. What Tobira adds goes in as its UTF-8 bytes (`asBytes`). A UTF-8 byte order mark is set aside and put
 * back, so the first section is recognised and the mark kept.
 */
const BOM = '\xEF\xBB\xBF';
function parse(content: Buffer | undefined): { bom: string; text: string; lines: IniLine[] } {
  const raw = content?.toString('latin1') ?? '';
  const bom = raw.startsWith(BOM) ? BOM : '';
  const text = raw.slice(bom.length);
  return { bom, text, lines: splitLines(text) };
}

function asBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** The region a tool needs with this profile: its own, else the nearest one along its source chain. */
export function linkedRegion(context: LinkContext, profile: ProfileRecord): string | undefined {
  const seen = new Set<string>();
  let current: ProfileRecord | undefined = profile;
  while (current && !seen.has(current.name)) {
    seen.add(current.name);
    const region: unknown = current.fields.region;
    const source: unknown = current.fields.source;
    if (typeof region === 'string' && Region.safeParse(region).success) return region;
    current = typeof source === 'string' ? context.profileOf?.(source) : undefined;
  }
  return undefined;
}

function wantedEntries(context: LinkContext, profile: ProfileRecord): Wanted {
  const wanted: Wanted = new Map([
    ['credential_process', asBytes(credentialProcessCommand(context.tobiraCommand, profile.name))],
  ]);
  const region = linkedRegion(context, profile);
  if (region) wanted.set('region', region);
  return wanted;
}

/** Updates a section `link` wrote: its own keys get the wanted values, keys the user wrote stay theirs. */
function updateSection(lines: readonly IniLine[], ours: Ours, wanted: Wanted): IniLine[] {
  const { section } = ours;
  const eol = lineEnding(lines);
  const keys = new Set(ours.keys);
  const added: IniLine[] = [];
  let next = [...lines];
  let anchor = ours.marker ?? section.start;
  for (const [key, value] of wanted) {
    const at = section.keyLines.get(key);
    if (at === undefined) {
      added.push({ text: `${key} = ${value}`, eol });
      keys.add(key);
      continue;
    }
    if (!keys.has(key)) continue;
    anchor = Math.max(anchor, at);
    if (section.values.get(key) !== value) next = setValue(next, at, key, value);
  }
  for (const key of keys) anchor = Math.max(anchor, section.keyLines.get(key) ?? anchor);
  const marker = markerLine(keys);
  if (ours.marker !== undefined) {
    if (lines[ours.marker]?.text !== marker) next = setText(next, ours.marker, marker);
    return insertAfter(next, anchor, added);
  }
  next = insertAfter(next, anchor, added);
  return insertAfter(next, section.start, [{ text: marker, eol }]);
}

/** Where the person's setup makes tools ignore the linked profile: said on every link, never a failure. */
function shadowNotices(context: LinkContext, profile: ProfileRecord): LinkNotice[] {
  const notices: LinkNotice[] = [];
  const credentials = awsCredentialsPath(context.env);
  if (existsSync(credentials) && statSync(credentials).isFile()) {
    const found = sections(splitLines(readFileSync(credentials, 'latin1'))).some(
      (section) => section.header === profile.name && section.values.has('aws_access_key_id'),
    );
    if (found)
      notices.push({
        key: 'aws.link.shadowedByCredentials',
        params: { name: profile.name, path: credentials },
      });
  }
  if (context.env.AWS_ACCESS_KEY_ID) {
    notices.push({ key: 'aws.link.shadowedByEnvKeys', params: { name: profile.name } });
  }
  const selected = context.env.AWS_PROFILE;
  if (selected && selected !== profile.name) {
    notices.push({ key: 'aws.link.shadowedByEnvProfile', params: { name: profile.name, other: selected } });
  }
  return notices;
}

/**
 * `tobira link NAME` for every profile type that yields AWS credentials: adds `[profile NAME]` with a marker comment,
 * `credential_process = <tobira> credential-process NAME` and the region (the profile's or its source's) to
 * ~/.aws/config. Other profiles, comments and ~/.aws/credentials are never touched; a section botocore reads as NAME
 * that someone else wrote is refused.
 */
export const awsConfigLinker: ProviderLinker = {
  async link(context: LinkContext, profile: ProfileRecord): Promise<LinkResult> {
    const path = awsConfigPath(context.env);
    const wanted = wantedEntries(context, profile);
    const notices = shadowNotices(context, profile);
    if (!wanted.has('region')) notices.push({ key: 'aws.link.noRegion', params: { name: profile.name } });
    const changed = await editToolFile(path, (current) => {
      const { bom, text, lines } = parse(current);
      const matching = profileSections(lines, profile.name);
      const mine = matching.flatMap((section) => ownership(lines, section, wanted) ?? []);
      if (mine.length < matching.length) {
        throw new TobiraError('aws.link.foreignProfile', ExitCode.error, { name: profile.name, path });
      }
      const last = mine[mine.length - 1];
      const next = last
        ? updateSection(lines, last, wanted)
        : appendSection(
            lines,
            configSectionName(profile.name),
            [...wanted],
            markerLine(new Set(wanted.keys())),
          );
      const joined = joinLines(next);
      if (joined === text) return { result: false };
      return { content: Buffer.from(bom + joined, 'latin1'), result: true };
    });
    return { path, changed, notices };
  },

  async unlink(context: LinkContext, profile: ProfileRecord): Promise<LinkResult> {
    const path = awsConfigPath(context.env);
    const wanted = wantedEntries(context, profile);
    const notices: LinkNotice[] = [];
    if (!existsSync(path)) return { path, changed: false };
    const changed = await editToolFile(path, (current) => {
      const { bom, lines } = parse(current);
      const matching = profileSections(lines, profile.name);
      if (matching.length === 0) return { result: false };
      const owned = matching.map((section) => ownership(lines, section, wanted));
      // A section of the user's settings only (no marker, nothing of ours) is not linked: nothing to remove.
      const mine = owned.flatMap((ours) =>
        ours && (ours.marker !== undefined || ours.keys.size > 0) ? [ours] : [],
      );
      if (mine.length === 0) {
        if (owned.every((ours) => ours !== undefined)) return { result: false };
        throw new TobiraError('aws.link.foreignProfile', ExitCode.error, { name: profile.name, path });
      }
      const remove = new Set<number>();
      for (const { section, marker, keys } of mine) {
        if (marker !== undefined) remove.add(marker);
        for (const key of keys) {
          const at = section.keyLines.get(key);
          if (at !== undefined && holdsOurValue(key, section.values.get(key), wanted, profile.name))
            remove.add(at);
        }
        const kept = [...section.keyLines].filter(([, at]) => !remove.has(at)).map(([key]) => key);
        const content = Array.from(
          { length: section.end - section.start - 1 },
          (_, i) => section.start + 1 + i,
        )
          .filter((at) => !remove.has(at))
          .some((at) => isContent(lines[at]?.text ?? ''));
        if (content) {
          // The user's own keys stay under their header; removing it would hand them to the section above.
          notices.push({
            key: 'aws.unlink.sectionKept',
            params: { name: profile.name, path, keys: kept.length > 0 ? kept.join(', ') : '…' },
          });
          continue;
        }
        remove.add(section.start);
        const before = section.start - 1;
        if (before >= 0 && (lines[before]?.text ?? '').trim() === '' && !remove.has(before))
          remove.add(before);
      }
      return { content: Buffer.from(bom + joinLines(removeLines(lines, remove)), 'latin1'), result: true };
    });
    return { path, changed, notices };
  },
};
