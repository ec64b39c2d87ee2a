import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, TobiraError } from '../../errors';
import type { Env } from '../../home';
import type { ProfileRecord } from '../../vault/schema';
import { editToolFile } from '../common/tool-file';
import type { LinkContext, LinkResult, ProviderLinker } from '../types';
import { isDefaultSoracomBase, soracomBase } from './endpoint';
import { SORACOM_SWITCH_TYPE, SoracomFields } from './profile';

export function soracomProfileDir(env: Env): string {
  const dir = env.SORACOM_PROFILE_DIR;
  return dir && dir.length > 0 ? dir : join(env.HOME ?? homedir(), '.soracom');
}

/** go-shellwords (soracom-cli's splitter) treats `\` as an escape outside single quotes: single-quote every word. */
function shellWords(argv: readonly string[]): string {
  return argv
    .map((word) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`))
    .join(' ');
}

function profileCommand(context: LinkContext, profile: ProfileRecord): string {
  return shellWords([...context.tobiraCommand, 'export', profile.name, '--format', 'soracom-profile']);
}

/** The file soracom-cli reads for `--profile NAME`; only coverage and endpoint come from the file (spec §2.2). */
function linkedFile(context: LinkContext, profile: ProfileRecord): string {
  const fields = SoracomFields.parse(profile.fields);
  const base = soracomBase(fields, context.env);
  const sandbox = fields.sandbox === true;
  const entry = {
    sandbox,
    coverageType: fields.coverage,
    ...(isDefaultSoracomBase(base, fields.coverage, sandbox) ? {} : { endpoint: base }),
    profileCommand: profileCommand(context, profile),
  };
  return `${JSON.stringify(entry, null, 2)}\n`;
}

/** A file is ours when its profileCommand is a tobira export of this profile; anything else is never touched. */
function isOurs(text: string, profile: ProfileRecord): boolean {
  try {
    const parsed = JSON.parse(text) as { profileCommand?: unknown };
    return (
      typeof parsed.profileCommand === 'string' &&
      parsed.profileCommand.includes(` export ${profile.name} --format soracom-profile`)
    );
  } catch {
    return false;
  }
}

/**
 * `link` writes ~/.soracom/NAME.json whole (the file is one profile); through a symlink to the real file, under a
 * lock, keeping the file's mode. `unlink` removes the real file and leaves a symlink pointing at it in place, so a
 * later `link` writes the dotfile again.
 */
export const soracomLinker: ProviderLinker = {
  async link(context, profile): Promise<LinkResult> {
    if (profile.type === SORACOM_SWITCH_TYPE) {
      throw new TobiraError('soracom.profileCommand.switch', ExitCode.error, { name: profile.name });
    }
    const path = join(soracomProfileDir(context.env), `${profile.name}.json`);
    const wanted = linkedFile(context, profile);
    const changed = await editToolFile(path, (current) => {
      if (current !== undefined) {
        const text = current.toString('utf8');
        if (text === wanted) return { result: false };
        if (!isOurs(text, profile)) throw new TobiraError('link.foreignFile', ExitCode.error, { path });
      }
      return { content: Buffer.from(wanted, 'utf8'), result: true };
    });
    return { path, changed };
  },

  async unlink(context, profile): Promise<LinkResult> {
    const path = join(soracomProfileDir(context.env), `${profile.name}.json`);
    if (!existsSync(path)) return { path, changed: false };
    const changed = await editToolFile(path, (current) => {
      if (current === undefined) return { result: false };
      if (!isOurs(current.toString('utf8'), profile)) {
        throw new TobiraError('link.foreignFile', ExitCode.error, { path });
      }
      return { content: null, result: true };
    });
    return { path, changed };
  },
};
