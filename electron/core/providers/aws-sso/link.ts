import { existsSync } from 'node:fs';
import { ExitCode, TobiraError } from '../../errors';
import type { ProfileRecord } from '../../vault/schema';
import {
  appendSection,
  findSection,
  insertAfter,
  joinLines,
  lineEnding,
  removeLines,
  setValue,
  splitLines,
  type IniLine,
} from '../aws/config-file';
import { awsConfigPath } from '../aws/link';
import { editToolFile } from '../common/tool-file';
import type { LinkContext, LinkResult, ProviderLinker } from '../types';
import { sessionScopes, SsoSessionFields } from './profile';

const MARKER = '# managed by tobira: sso-session';

function wanted(profile: ProfileRecord): Array<[string, string]> {
  const fields = SsoSessionFields.parse(profile.fields);
  return [
    ['sso_start_url', fields.startUrl],
    ['sso_region', fields.ssoRegion],
    ['sso_registration_scopes', sessionScopes(fields).join(',')],
  ];
}

function ours(lines: readonly IniLine[], start: number, end: number): number | undefined {
  for (let at = start + 1; at < end; at += 1) if (lines[at]?.text.trim() === MARKER) return at;
  return undefined;
}

/**
 * `tobira link ORG` for a session: `[sso-session ORG]` in ~/.aws/config with its start URL, region and scopes, so the
 * AWS CLI's own `sso_session = ORG` profiles use the sign-in Tobira keeps in the shared token cache. A section of that
 * name someone else wrote is left alone (refused when it points elsewhere); `unlink` removes only Tobira's.
 */
export const ssoSessionLinker: ProviderLinker = {
  async link(context: LinkContext, profile: ProfileRecord): Promise<LinkResult> {
    const path = awsConfigPath(context.env);
    if (SsoSessionFields.parse(profile.fields).legacyCache) {
      return { path, changed: false, notices: [{ key: 'sso.link.legacy', params: { name: profile.name } }] };
    }
    const entries = wanted(profile);
    const changed = await editToolFile(path, (current) => {
      const text = current?.toString('latin1') ?? '';
      let lines = splitLines(text);
      const section = findSection(lines, `sso-session ${profile.name}`);
      if (!section) {
        lines = appendSection(lines, `sso-session ${profile.name}`, entries, MARKER);
      } else {
        const marker = ours(lines, section.start, section.end);
        const same = entries.every(([key, value]) => section.values.get(key) === value);
        if (marker === undefined) {
          if (same) return { result: false };
          throw new TobiraError('sso.link.foreignSession', ExitCode.error, { name: profile.name, path });
        }
        const added: IniLine[] = [];
        for (const [key, value] of entries) {
          const at = section.keyLines.get(key);
          if (at === undefined) added.push({ text: `${key} = ${value}`, eol: lineEnding(lines) });
          else if (section.values.get(key) !== value) lines = setValue(lines, at, key, value);
        }
        lines = insertAfter(lines, marker, added);
      }
      const joined = joinLines(lines);
      return joined === text ? { result: false } : { content: Buffer.from(joined, 'latin1'), result: true };
    });
    return { path, changed };
  },

  async unlink(context: LinkContext, profile: ProfileRecord): Promise<LinkResult> {
    const path = awsConfigPath(context.env);
    if (!existsSync(path)) return { path, changed: false };
    const changed = await editToolFile(path, (current) => {
      const lines = splitLines(current?.toString('latin1') ?? '');
      const section = findSection(lines, `sso-session ${profile.name}`);
      if (!section || ours(lines, section.start, section.end) === undefined) return { result: false };
      const remove = new Set<number>();
      for (let at = section.start; at < section.end; at += 1) remove.add(at);
      // The blank line appendSection put before it goes too, unless it was the first thing in the file.
      const before = section.start - 1;
      if (before >= 0 && lines[before]?.text.trim() === '') remove.add(before);
      return { content: Buffer.from(joinLines(removeLines(lines, remove)), 'latin1'), result: true };
    });
    return { path, changed };
  },
};
