import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import { ExitCode, TobiraError } from '../../errors';
import type { Env } from '../../home';
import type { ProfileRecord } from '../../vault/schema';
import { editToolFile } from '../common/tool-file';
import type { LinkContext, LinkResult, ProviderLinker } from '../types';
import { AlibabaFields } from './profile';

export const EXTERNAL_FORMAT = 'aliyun-external';

/** ~/.aliyun/config.json (spec §3.1); the aliyun CLI itself reads no variable for it. */
export function aliyunConfigPath(env: Env): string {
  return join(env.HOME && env.HOME.length > 0 ? env.HOME : homedir(), '.aliyun', 'config.json');
}

const ConfigProfile = z.looseObject({ name: z.string(), mode: z.string().optional() });
/** The aliyun CLI's Configuration; unknown keys (of the file and of every profile) are kept as they are. */
export const AliyunConfig = z.looseObject({
  current: z.string().optional(),
  profiles: z.array(ConfigProfile).optional(),
  meta_path: z.string().optional(),
});
export type AliyunConfig = z.infer<typeof AliyunConfig>;
type ConfigProfile = z.infer<typeof ConfigProfile>;

export function readAliyunConfig(path: string): AliyunConfig | undefined {
  return parseAliyunConfig(existsSync(path) ? readFileSync(path) : undefined, path);
}

/**
 * A POSIX-shlex word list, as aliyun ≥ 3.4.9 splits process_command (it runs it without a shell). Words without
 * special characters stay bare, so the usual command also works with older CLIs that split on whitespace.
 */
function commandLine(argv: readonly string[]): string {
  return argv
    .map((word) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`))
    .join(' ');
}

function suffix(profile: ProfileRecord): string {
  return ` export ${profile.name} --format ${EXTERNAL_FORMAT}`;
}

/** A profile is ours when it is an External one running a tobira export of this very profile. */
export function isTobiraProfile(entry: ConfigProfile, name?: string): boolean {
  const command = entry.process_command;
  if (entry.mode !== 'External' || typeof command !== 'string') return false;
  return name === undefined
    ? command.includes(` --format ${EXTERNAL_FORMAT}`)
    : command.endsWith(` export ${name} --format ${EXTERNAL_FORMAT}`);
}

function wantedEntry(context: LinkContext, profile: ProfileRecord): ConfigProfile {
  const fields = AlibabaFields.parse(profile.fields);
  return {
    name: profile.name,
    mode: 'External',
    process_command: `${commandLine(context.tobiraCommand)}${suffix(profile)}`,
    ...(fields.region ? { region_id: fields.region } : {}),
    output_format: 'json',
    language: 'en',
  };
}

/** Reads BYTES as the aliyun CLI's configuration (undefined: no file yet). */
function parseAliyunConfig(bytes: Buffer | undefined, path: string): AliyunConfig | undefined {
  if (bytes === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new TobiraError('alibaba.config.unreadable', ExitCode.error, { path });
  }
  const config = AliyunConfig.safeParse(parsed);
  if (!config.success) throw new TobiraError('alibaba.config.unreadable', ExitCode.error, { path });
  return config.data;
}

/** The aliyun CLI writes tab-indented JSON, mode 0600 for a new file (spec §3.1). */
function serialise(config: AliyunConfig): Buffer {
  return Buffer.from(JSON.stringify(config, null, '\t'), 'utf8');
}

/**
 * ~/.aliyun/config.json is edited through a symlink to the real file, under a lock, replaced atomically next to it
 * with its mode kept (common/tool-file.ts).
 */
export const alibabaLinker: ProviderLinker = {
  async link(context, profile): Promise<LinkResult> {
    const path = aliyunConfigPath(context.env);
    const wanted = wantedEntry(context, profile);
    const changed = await editToolFile(path, (bytes) => {
      const config = parseAliyunConfig(bytes, path);
      if (!config) {
        return {
          content: serialise({ current: profile.name, profiles: [wanted], meta_path: '' }),
          result: true,
        };
      }
      const profiles = config.profiles ?? [];
      const index = profiles.findIndex((entry) => entry.name === profile.name);
      if (index >= 0) {
        const existing = profiles[index] as ConfigProfile;
        if (isDeepStrictEqual(existing, wanted)) return { result: false };
        if (!isTobiraProfile(existing, profile.name)) {
          throw new TobiraError('alibaba.link.foreignProfile', ExitCode.error, { name: profile.name, path });
        }
        profiles[index] = wanted;
      } else {
        profiles.push(wanted);
      }
      return { content: serialise({ ...config, profiles }), result: true };
    });
    return { path, changed };
  },

  async unlink(context, profile): Promise<LinkResult> {
    const path = aliyunConfigPath(context.env);
    if (!existsSync(path)) return { path, changed: false };
    const changed = await editToolFile(path, (bytes) => {
      const config = parseAliyunConfig(bytes, path);
      const profiles = config?.profiles ?? [];
      const existing = profiles.find((entry) => entry.name === profile.name);
      if (!config || !existing) return { result: false };
      if (!isTobiraProfile(existing, profile.name)) {
        throw new TobiraError('alibaba.link.foreignProfile', ExitCode.error, { name: profile.name, path });
      }
      const remaining = profiles.filter((entry) => entry !== existing);
      // `current` naming a profile that no longer exists would break every aliyun command.
      const current = config.current === profile.name ? (remaining[0]?.name ?? '') : config.current;
      return {
        content: serialise({ ...config, ...(current !== undefined ? { current } : {}), profiles: remaining }),
        result: true,
      };
    });
    return { path, changed };
  },
};
