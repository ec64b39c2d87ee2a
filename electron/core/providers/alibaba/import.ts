import { TobiraError } from '../../errors';
import { ProfileName } from '../../vault/schema';
import type { ImportPlan, ProfileImporter } from '../types';
import { aliyunConfigPath, isTobiraProfile, readAliyunConfig } from './link';
import { ALIBABA_TYPE, AlibabaFields, RegionId } from './profile';

/**
 * `profile import aliyun`: the OAuth profiles of ~/.aliyun/config.json become alibaba profiles (site, region). The
 * file is only read. Its tokens are not taken over: the refresh token rotates, and two holders would invalidate each
 * other (spec §3.6), so the first `tobira login` signs in once in the browser.
 */
export const aliyunImporter: ProfileImporter = {
  source: 'aliyun',
  async plan({ path, env }): Promise<ImportPlan> {
    const file = path ?? aliyunConfigPath(env);
    const plan: ImportPlan = { candidates: [], skipped: [] };
    let config;
    try {
      config = readAliyunConfig(file);
    } catch (error) {
      if (!(error instanceof TobiraError)) throw error;
      plan.skipped.push({ name: '-', origin: file, reason: 'import.unreadable' });
      return plan;
    }
    if (!config) {
      plan.skipped.push({ name: '-', origin: file, reason: 'import.sourceMissing' });
      return plan;
    }
    for (const entry of config.profiles ?? []) {
      const name = entry.name;
      const mode = String(entry.mode ?? '');
      if (!ProfileName.safeParse(name).success) {
        plan.skipped.push({ name: name || '-', origin: file, reason: 'import.badName' });
        continue;
      }
      if (isTobiraProfile(entry)) {
        plan.skipped.push({ name, origin: file, reason: 'import.aliyun.ours' });
        continue;
      }
      if (mode.toLowerCase() !== 'oauth') {
        plan.skipped.push({
          name,
          origin: file,
          reason: 'import.aliyun.mode',
          params: { mode: mode || '-' },
        });
        continue;
      }
      const siteType = String(entry.oauth_site_type ?? 'CN').toLowerCase();
      const region = typeof entry.region_id === 'string' ? entry.region_id : '';
      const fields = AlibabaFields.safeParse({
        site: siteType,
        ...(RegionId.safeParse(region).success ? { region } : {}),
      });
      if (!fields.success) {
        plan.skipped.push({ name, origin: file, reason: 'import.incomplete' });
        continue;
      }
      plan.candidates.push({ name, origin: file, type: ALIBABA_TYPE, fields: fields.data, secrets: {} });
    }
    return plan;
  },
};
