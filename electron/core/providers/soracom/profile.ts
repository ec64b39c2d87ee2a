import * as z from 'zod';
import { ExitCode, TobiraError } from '../../errors';
import { ProfileName } from '../../vault/schema';
import { EndpointOrigin } from '../common/endpoint';
import { ENDPOINT_OPTION, optionalString, parseFields, SOURCE_OPTION } from '../common/fields';
import type { AddOption, ProviderProfileSpec } from '../types';

export const SORACOM_TYPE = 'soracom';
export const SORACOM_SWITCH_TYPE = 'soracom-switch';
/** The secret role: the password (root, SAM) or the AuthKey secret. */
export const SORACOM_SECRET_ROLE = 'secret';
export const SWITCH_TTL_MAX = 3600;
export const SWITCH_TTL_MIN = 180;

const OperatorId = z.string().regex(/^OP[0-9A-Z]{10}$/, 'an operator ID looks like OP0012345678');
const UserName = z.string().min(1).max(100);
const AuthKeyId = z.string().regex(/^keyId-[A-Za-z0-9]{8,64}$/, 'an AuthKey ID looks like keyId-…');
const Email = z.string().email();
const Coverage = z.enum(['jp', 'g']);

const Common = { coverage: Coverage, sandbox: z.boolean().optional(), endpoint: EndpointOrigin.optional() };

export const SoracomFields = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('root'), email: Email, ...Common }).strict(),
  z.object({ mode: z.literal('sam'), operatorId: OperatorId, userName: UserName, ...Common }).strict(),
  z.object({ mode: z.literal('authkey'), authKeyId: AuthKeyId, ...Common }).strict(),
]);
export type SoracomFields = z.infer<typeof SoracomFields>;

export const SoracomSwitchFields = z
  .object({
    source: ProfileName,
    operatorId: OperatorId,
    userName: UserName,
    ttl: z.number().int().min(SWITCH_TTL_MIN).max(SWITCH_TTL_MAX).optional(),
  })
  .strict();
export type SoracomSwitchFields = z.infer<typeof SoracomSwitchFields>;

/** SORACOM's coverage, also a flag of aws-krypton (the Keys API is SORACOM's). */
export const COVERAGE_OPTION = {
  flags: '--coverage <jp|g>',
  key: 'coverage',
  description: 'soracom.opt.coverage',
} as const satisfies AddOption;

const OPTIONS = {
  email: { flags: '--email <email>', key: 'email', description: 'soracom.opt.email' },
  operatorId: { flags: '--operator-id <id>', key: 'operatorId', description: 'soracom.opt.operatorId' },
  user: { flags: '--user <name>', key: 'user', description: 'soracom.opt.user' },
  authKeyId: { flags: '--auth-key-id <id>', key: 'authKeyId', description: 'soracom.opt.authKeyId' },
  coverage: COVERAGE_OPTION,
  sandbox: { flags: '--sandbox', key: 'sandbox', description: 'soracom.opt.sandbox' },
  endpoint: ENDPOINT_OPTION,
  source: SOURCE_OPTION,
  ttl: { flags: '--ttl <seconds>', key: 'ttl', description: 'soracom.opt.ttl' },
} as const satisfies Record<string, AddOption>;
/** The stored `userName` is the form's `--user`. */
const FORM_FIELDS = { userName: OPTIONS.user.key };

export const soracomProfile: ProviderProfileSpec = {
  type: SORACOM_TYPE,
  label: 'SORACOM',
  addOptions: [
    OPTIONS.email,
    OPTIONS.operatorId,
    OPTIONS.user,
    OPTIONS.authKeyId,
    OPTIONS.coverage,
    OPTIONS.sandbox,
    OPTIONS.endpoint,
  ],
  secretInput: { role: SORACOM_SECRET_ROLE, label: 'soracom.secret.label' },
  fieldsSchema: SoracomFields,
  storedAs: FORM_FIELDS,
  exclusiveOptions: [['email'], ['operatorId', 'user'], ['authKeyId']],
  build(options, secret) {
    const email = optionalString(options, 'email');
    const operatorId = optionalString(options, 'operatorId');
    const userName = optionalString(options, 'user');
    const authKeyId = optionalString(options, 'authKeyId');
    const modes = [
      email !== undefined,
      operatorId !== undefined || userName !== undefined,
      authKeyId !== undefined,
    ];
    if (modes.filter(Boolean).length !== 1) throw new TobiraError('soracom.mode.exactlyOne', ExitCode.usage);
    const common = {
      coverage: optionalString(options, 'coverage') ?? 'jp',
      ...(options.sandbox === true ? { sandbox: true } : {}),
      ...(optionalString(options, 'endpoint') ? { endpoint: optionalString(options, 'endpoint') } : {}),
    };
    const raw =
      email !== undefined
        ? { mode: 'root', email, ...common }
        : authKeyId !== undefined
          ? { mode: 'authkey', authKeyId, ...common }
          : { mode: 'sam', operatorId, userName, ...common };
    if (raw.mode === 'sam' && (operatorId === undefined || userName === undefined)) {
      throw new TobiraError('soracom.mode.samNeedsBoth', ExitCode.usage);
    }
    const fields = parseFields(SoracomFields, raw, FORM_FIELDS);
    if (fields.mode === 'authkey' && !/^secret-\S+$/.test(secret ?? '')) {
      throw new TobiraError('soracom.authKey.shape', ExitCode.usage, {}, { field: 'secret' });
    }
    return { fields, secrets: { [SORACOM_SECRET_ROLE]: secret ?? '' } };
  },
  describe(raw) {
    const fields = SoracomFields.parse(raw);
    const who: Record<string, string> =
      fields.mode === 'root'
        ? { email: fields.email }
        : fields.mode === 'sam'
          ? { operator: fields.operatorId, user: fields.userName }
          : { authKeyId: fields.authKeyId };
    return {
      mode: fields.mode,
      ...who,
      coverage: fields.coverage,
      ...(fields.sandbox ? { sandbox: 'yes' } : {}),
      ...(fields.endpoint ? { endpoint: fields.endpoint } : {}),
    };
  },
};

export const soracomSwitchProfile: ProviderProfileSpec = {
  type: SORACOM_SWITCH_TYPE,
  label: 'SORACOM',
  addOptions: [OPTIONS.source, OPTIONS.operatorId, OPTIONS.user, OPTIONS.ttl],
  fieldsSchema: SoracomSwitchFields,
  storedAs: FORM_FIELDS,
  // Switch user starts from a SORACOM login's API key (login.ts); a TOTP or another switch cannot serve.
  links: [{ field: 'source', accepts: { types: [SORACOM_TYPE] } }],
  build(options) {
    const ttlText = optionalString(options, 'ttl');
    if (ttlText !== undefined && !/^\d{1,6}$/.test(ttlText)) {
      throw new TobiraError(
        'profile.invalidField',
        ExitCode.usage,
        { field: 'ttl', detail: 'seconds' },
        { field: 'ttl' },
      );
    }
    // The API caps a switched session at one hour; a longer request is capped rather than refused.
    const ttl = ttlText === undefined ? undefined : Math.min(Number(ttlText), SWITCH_TTL_MAX);
    const fields = parseFields(
      SoracomSwitchFields,
      {
        source: optionalString(options, 'source'),
        operatorId: optionalString(options, 'operatorId'),
        userName: optionalString(options, 'user'),
        ...(ttl !== undefined ? { ttl } : {}),
      },
      FORM_FIELDS,
    );
    return { fields, secrets: {} };
  },
  describe(raw) {
    const fields = SoracomSwitchFields.parse(raw);
    return {
      source: fields.source,
      operator: fields.operatorId,
      user: fields.userName,
      ttl: `${fields.ttl ?? SWITCH_TTL_MAX}s`,
    };
  },
};
