import * as z from 'zod';
import { ExitCode, TobiraError } from '../../errors';
import { optionalString, parseFields } from '../common/fields';
import type { AddOption, ProviderProfileSpec } from '../types';
import { officialClientId, SITES, type Site } from './endpoint';

export const ALIBABA_TYPE = 'alibaba';

export const AlibabaSite = z.enum(['cn', 'intl']);
/** Alibaba region ids: cn-hangzhou, ap-northeast-1, eu-central-1, … */
export const RegionId = z.string().regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, 'a region id looks like cn-hangzhou');
/** Alibaba application ids are numeric; anything id-like is accepted for a customer's own OAuth app. */
const ClientId = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'an OAuth application id');

export const AlibabaFields = z
  .object({
    site: AlibabaSite,
    region: RegionId.optional(),
    /** Absent: the official CLI app of the site (docs/protocols/alibaba.md). */
    clientId: ClientId.optional(),
  })
  .strict();
export type AlibabaFields = z.infer<typeof AlibabaFields>;

const OPTIONS = {
  site: { flags: '--site <cn|intl>', key: 'site', description: 'alibaba.opt.site' },
  region: { flags: '--region <region>', key: 'region', description: 'alibaba.opt.region' },
  clientId: { flags: '--client-id <id>', key: 'clientId', description: 'alibaba.opt.clientId' },
} as const satisfies Record<string, AddOption>;

export const alibabaProfile: ProviderProfileSpec = {
  type: ALIBABA_TYPE,
  label: 'Alibaba Cloud',
  addOptions: [OPTIONS.site, OPTIONS.region, OPTIONS.clientId],
  fieldsSchema: AlibabaFields,
  build(options) {
    const site = optionalString(options, 'site');
    if (site === undefined)
      throw new TobiraError('alibaba.site.required', ExitCode.usage, {}, { field: 'site' });
    const region = optionalString(options, 'region');
    const clientId = optionalString(options, 'clientId');
    const fields = parseFields(AlibabaFields, {
      site,
      ...(region !== undefined ? { region } : {}),
      // The official id is not stored, so the profile follows the site's default.
      ...(clientId !== undefined && clientId !== officialClientId(site as Site) ? { clientId } : {}),
    });
    return { fields, secrets: {} };
  },
  describe(raw) {
    const fields = AlibabaFields.parse(raw);
    return {
      site: `${fields.site} (${SITES[fields.site].signin.replace('https://', '')})`,
      region: fields.region ?? '-',
      clientId: fields.clientId ?? `${officialClientId(fields.site)} (official-cli)`,
    };
  },
};
