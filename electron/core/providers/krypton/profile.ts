import * as z from 'zod';
import type { AddOption, ProviderProfileSpec } from '../types';
import { EndpointOrigin } from '../common/endpoint';
import { ENDPOINT_OPTION, optionalString, parseFields } from '../common/fields';
import { COVERAGE_OPTION } from '../soracom/profile';
import { Region } from '../aws/profile';

export const KRYPTON_TYPE = 'aws-krypton';
/** The provider label in prompts (the PIN prompt names it). */
export const KRYPTON_LABEL = 'SORACOM Krypton';

export const SecondFactor = z.enum(['none', 'sim-pin']);
export type SecondFactor = z.infer<typeof SecondFactor>;

/** A PC/SC reader name as pcscd reports it (printable, one line). */
const ReaderName = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), {
    message: 'a reader name is one line of printable text',
  });

export const KryptonFields = z
  .object({
    reader: ReaderName.optional(),
    /** SIM authentication (Endorse) needs a global-coverage SIM in most plans (docs/protocols/krypton.md): g by default. */
    coverage: z.enum(['jp', 'g']),
    endpoint: EndpointOrigin.optional(),
    secondFactor: SecondFactor,
    /** The AWS region tools use with this profile (`link` writes it); Krypton's own answer otherwise. */
    region: Region.optional(),
  })
  .strict();
export type KryptonFields = z.infer<typeof KryptonFields>;

const OPTIONS = {
  reader: {
    flags: '--reader <name>',
    key: 'reader',
    description: 'krypton.opt.reader',
    picker: 'sim-reader',
  },
  coverage: COVERAGE_OPTION,
  endpoint: ENDPOINT_OPTION,
  secondFactor: {
    flags: '--second-factor <none|sim-pin>',
    key: 'secondFactor',
    description: 'krypton.opt.secondFactor',
  },
  region: { flags: '--region <region>', key: 'region', description: 'aws.opt.region' },
} as const satisfies Record<string, AddOption>;

export const kryptonProfile: ProviderProfileSpec = {
  type: KRYPTON_TYPE,
  label: KRYPTON_LABEL,
  addOptions: [OPTIONS.reader, OPTIONS.coverage, OPTIONS.endpoint, OPTIONS.secondFactor, OPTIONS.region],
  fieldsSchema: KryptonFields,
  build(options) {
    const reader = optionalString(options, 'reader');
    const endpoint = optionalString(options, 'endpoint');
    const region = optionalString(options, 'region');
    const fields = parseFields(KryptonFields, {
      ...(reader !== undefined ? { reader } : {}),
      coverage: optionalString(options, 'coverage') ?? 'g',
      ...(endpoint !== undefined ? { endpoint } : {}),
      secondFactor: optionalString(options, 'secondFactor') ?? 'none',
      ...(region !== undefined ? { region } : {}),
    });
    // No stored secret: the SIM is the key, and the PIN (sim-pin) is asked at every sign-in and never kept.
    return { fields, secrets: {} };
  },
  describe(raw) {
    const fields = KryptonFields.parse(raw);
    return {
      reader: fields.reader ?? '(first reader with a SIM)',
      coverage: fields.coverage,
      ...(fields.endpoint ? { endpoint: fields.endpoint } : {}),
      ...(fields.region ? { region: fields.region } : {}),
      secondFactor:
        fields.secondFactor === 'sim-pin'
          ? 'sim-pin (SIM + PIN: two factors)'
          : 'none (single factor: the SIM alone signs in)',
    };
  },
};
