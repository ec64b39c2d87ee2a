import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ExitCode, TobiraError } from '../../errors';
import type { Env } from '../../home';
import { writeFileAtomic } from '../../vault/atomic-file';
import type { ProfileRecord } from '../../vault/schema';
import type { LinkContext, LinkResult, ProviderLinker } from '../types';
import {
  appendSection,
  configSectionName,
  findSection,
  joinLines,
  removeSection,
  setValue,
  splitLines,
} from './config-file';

/** ~/.aws/config, or AWS_CONFIG_FILE as every AWS SDK and CLI honours it. */
export function awsConfigPath(env: Env): string {
  const custom = env.AWS_CONFIG_FILE;
  return custom && custom.length > 0 ? resolve(custom) : join(env.HOME || homedir(), '.aws', 'config');
}

/** ~/.aws/credentials, or AWS_SHARED_CREDENTIALS_FILE. Read by `profile import aws`; never written. */
export function awsCredentialsPath(env: Env): string {
  const custom = env.AWS_SHARED_CREDENTIALS_FILE;
  return custom && custom.length > 0 ? resolve(custom) : join(env.HOME || homedir(), '.aws', 'credentials');
}

/**
 * The credential_process value: the SDKs split it like a shell (botocore uses shlex), and the AWS docs allow
 * double quotes around paths with spaces, so a word is double-quoted when it needs to be.
 */
export function credentialProcessCommand(tobiraCommand: readonly string[], profile: string): string {
  return [...tobiraCommand, 'credential-process', profile]
    .map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, '\\$1')}"`))
    .join(' ');
}

function isOurs(value: string | undefined, profile: string): boolean {
  return value !== undefined && value.endsWith(` credential-process ${profile}`);
}

/**
 * The file as a byte-transparent string: latin1 maps each byte to one character and back, so lines in another
 * encoding (a Shift_JIS or Latin-1 comment) survive an edit byte for byte, where a UTF-8 round trip would replace them
 * with U+FFFD. What Tobira adds goes in as its UTF-8 bytes (`asBytes`).
 */
function readConfig(path: string): string {
  if (!existsSync(path)) return '';
  return readFileSync(path, 'latin1');
}

function asBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/**
 * `tobira link NAME` for every profile type that yields AWS credentials: adds `[profile NAME]` with
 * `credential_process = <tobira> credential-process NAME` (and the profile's region) to ~/.aws/config. Other
 * profiles, comments and ~/.aws/credentials are never touched; a `[profile NAME]` someone else wrote is refused.
 */
export const awsConfigLinker: ProviderLinker = {
  async link(context: LinkContext, profile: ProfileRecord): Promise<LinkResult> {
    const path = awsConfigPath(context.env);
    const content = readConfig(path);
    const lines = splitLines(content);
    const header = configSectionName(profile.name);
    const command = asBytes(credentialProcessCommand(context.tobiraCommand, profile.name));
    const section = findSection(lines, header);
    let next;
    if (section) {
      const current = section.values.get('credential_process');
      const at = section.keyLines.get('credential_process');
      if (!isOurs(current, profile.name) || at === undefined) {
        throw new TobiraError('aws.link.foreignProfile', ExitCode.error, { name: profile.name, path });
      }
      if (current === command) return { path, changed: false };
      next = setValue(lines, at, 'credential_process', command);
    } else {
      const region = typeof profile.fields.region === 'string' ? profile.fields.region : undefined;
      next = appendSection(lines, header, [
        ['credential_process', command],
        ...(region ? ([['region', region]] as const) : []),
      ]);
    }
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o600;
    writeFileAtomic(path, Buffer.from(joinLines(next), 'latin1'), mode);
    return { path, changed: true };
  },

  async unlink(context: LinkContext, profile: ProfileRecord): Promise<LinkResult> {
    const path = awsConfigPath(context.env);
    const lines = splitLines(readConfig(path));
    const section = findSection(lines, configSectionName(profile.name));
    if (!section) return { path, changed: false };
    if (!isOurs(section.values.get('credential_process'), profile.name)) {
      throw new TobiraError('aws.link.foreignProfile', ExitCode.error, { name: profile.name, path });
    }
    writeFileAtomic(
      path,
      Buffer.from(joinLines(removeSection(lines, section)), 'latin1'),
      statSync(path).mode & 0o777,
    );
    return { path, changed: true };
  },
};
