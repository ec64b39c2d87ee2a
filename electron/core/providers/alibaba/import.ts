import { TobiraError } from '../../errors';
import { nothingToImport, planEntries, type ImportVerdict } from '../common/import';
import type { ImportPlan, ProfileImporter } from '../types';
import { aliyunConfigPath, isTobiraProfile, readAliyunConfig, type AliyunConfig } from './link';
import { ALIBABA_TYPE, AlibabaFields, RegionId } from './profile';

type ConfigEntry = NonNullable<AliyunConfig['profiles']>[number];

/**
 * `profile import aliyun`: the OAuth profiles of ~/.aliyun/config.json become alibaba profiles (site, region). The
 * file is only read. Its tokens are not taken over: the refresh token rotates, and two holders would invalidate each
 * other (spec §3.6), so the first `tobira login` signs in once in the browser.
 */
export const aliyunImporter: ProfileImporter = {
  source: 'aliyun',
  async plan({ path, env }): Promise<ImportPlan> {
    const file = path ?? aliyunConfigPath(env);
    let config;
    try {
      config = readAliyunConfig(file);
    } catch (error) {
      if (!(error instanceof TobiraError)) throw error;
      return nothingToImport(file, 'import.unreadable');
    }
    if (!config) return nothingToImport(file, 'import.sourceMissing');
    return planEntries(
      (config.profiles ?? []).map((entry) => ({
        name: entry.name,
        origin: file,
        read: () => toVerdict(entry),
      })),
    );
  },
};

function toVerdict(entry: ConfigEntry): ImportVerdict {
  if (isTobiraProfile(entry)) return { reason: 'import.aliyun.ours' };
  const mode = String(entry.mode ?? '');
  if (mode.toLowerCase() !== 'oauth') return { reason: 'import.aliyun.mode', params: { mode: mode || '-' } };
  const rawSite = entry.oauth_site_type ?? 'CN';
  // Only a string names a site; String() of a parsed object without a usable toString would throw.
  const siteType = typeof rawSite === 'string' ? rawSite.toLowerCase() : '';
  const region = typeof entry.region_id === 'string' ? entry.region_id : '';
  const fields = AlibabaFields.safeParse({
    site: siteType,
    ...(RegionId.safeParse(region).success ? { region } : {}),
  });
  if (!fields.success) return { reason: 'import.incomplete' };
  return { type: ALIBABA_TYPE, fields: fields.data, secrets: {} };
}
