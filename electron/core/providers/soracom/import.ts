import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as z from 'zod';
import { nothingToImport, planEntries, type ImportVerdict } from '../common/import';
import type { ImportPlan, ProfileImporter } from '../types';
import { soracomProfileDir } from './link';
import {
  SORACOM_SECRET_ROLE,
  SORACOM_SWITCH_TYPE,
  SORACOM_TYPE,
  SoracomFields,
  SoracomSwitchFields,
} from './profile';

/** soracom-cli's profile file (docs/protocols/soracom.md); unknown keys are ignored, as soracom-cli does. */
const CliProfile = z.object({
  sandbox: z.boolean().optional(),
  coverageType: z.string().optional(),
  email: z.string().optional(),
  password: z.string().optional(),
  authKeyId: z.string().optional(),
  authKey: z.string().optional(),
  username: z.string().optional(),
  operatorId: z.string().optional(),
  endpoint: z.string().optional(),
  profileCommand: z.string().optional(),
  sourceProfile: z.string().optional(),
  tokenTimeoutSeconds: z.number().optional(),
});
type CliProfile = z.infer<typeof CliProfile>;

export const soracomImporter: ProfileImporter = {
  source: 'soracom',
  async plan({ path, env }): Promise<ImportPlan> {
    const dir = path ?? soracomProfileDir(env);
    let files: string[];
    try {
      files = readdirSync(dir).filter((file) => file.endsWith('.json') && statSync(join(dir, file)).isFile());
    } catch {
      return nothingToImport(dir, 'import.sourceMissing');
    }
    return planEntries(
      files.sort().map((file) => {
        const origin = join(dir, file);
        return { name: basename(file, '.json'), origin, read: () => readProfile(origin) };
      }),
    );
  },
};

function readProfile(origin: string): ImportVerdict {
  let profile: CliProfile;
  try {
    const parsed = CliProfile.safeParse(JSON.parse(readFileSync(origin, 'utf8')));
    if (!parsed.success) throw new Error('shape');
    profile = parsed.data;
  } catch {
    return { reason: 'import.unreadable' };
  }
  return toVerdict(profile);
}

function toVerdict(profile: CliProfile): ImportVerdict {
  if (profile.profileCommand !== undefined) return { reason: 'import.soracom.profileCommand' };
  if (profile.sourceProfile !== undefined) {
    const fields = SoracomSwitchFields.safeParse({
      source: profile.sourceProfile,
      operatorId: profile.operatorId,
      userName: profile.username,
      ...(profile.tokenTimeoutSeconds !== undefined ? { ttl: profile.tokenTimeoutSeconds } : {}),
    });
    return fields.success
      ? { type: SORACOM_SWITCH_TYPE, fields: fields.data, secrets: {} }
      : { reason: 'import.incomplete' };
  }
  const common = {
    coverage: profile.coverageType === 'g' ? 'g' : 'jp',
    ...(profile.sandbox ? { sandbox: true } : {}),
    ...(profile.endpoint ? { endpoint: profile.endpoint.replace(/\/+$/, '') } : {}),
  };
  // soracom-cli's own precedence: AuthKey, then email, then SAM user (docs/protocols/soracom.md).
  const [raw, secret] =
    profile.authKeyId && profile.authKey
      ? [{ mode: 'authkey', authKeyId: profile.authKeyId, ...common }, profile.authKey]
      : profile.email && profile.password
        ? [{ mode: 'root', email: profile.email, ...common }, profile.password]
        : profile.operatorId && profile.username && profile.password
          ? [
              { mode: 'sam', operatorId: profile.operatorId, userName: profile.username, ...common },
              profile.password,
            ]
          : [undefined, undefined];
  if (raw === undefined || secret === undefined) return { reason: 'import.incomplete' };
  const fields = SoracomFields.safeParse(raw);
  if (!fields.success) return { reason: 'import.incomplete' };
  return { type: SORACOM_TYPE, fields: fields.data, secrets: { [SORACOM_SECRET_ROLE]: secret } };
}
