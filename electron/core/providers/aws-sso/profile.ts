import * as z from 'zod';
import { ProfileName } from '../../vault/schema';
import { optionalString, parseFields } from '../common/fields';
import { secureUrlIn } from '../common/endpoint';
import { Region } from '../aws/profile';
import type { AddOption, ProviderProfileSpec } from '../types';

export const AWS_SSO_SESSION_TYPE = 'aws-sso-session';
export const AWS_SSO_TYPE = 'aws-sso';
/** The scope every session asks for unless told otherwise: what the portal API (accounts, roles) needs. */
export const DEFAULT_SCOPES = ['sso:account:access'] as const;
/** The marker `sso sync` puts on the profiles it creates: it updates and removes only those. */
export const SYNC_MARK = 'sso-sync';

/** The AWS access portal URL of an IAM Identity Center instance (https, or http on loopback for tests). */
const StartUrl = z.string().superRefine((value, ctx) => {
  secureUrlIn(value, ctx);
});
const Scope = z.string().regex(/^[\w:.\-/]{1,256}$/, 'a scope like sso:account:access');
export const AccountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account ID');
export const RoleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'a role (permission set) name');

export const SsoSessionFields = z
  .object({
    startUrl: StartUrl,
    ssoRegion: Region,
    scopes: z.array(Scope).min(1).optional(),
    /**
     * Imported from the legacy profile form (sso_start_url in the profile): the AWS CLI keys that token cache by the
     * start URL instead of a session name, and registers without scopes.
     */
    legacyCache: z.literal(true).optional(),
  })
  .strict();
export type SsoSessionFields = z.infer<typeof SsoSessionFields>;

export const SsoRoleFields = z
  .object({
    session: ProfileName,
    accountId: AccountId,
    roleName: RoleName,
    region: Region.optional(),
    /** The account's name in the portal, for lists and search (sso sync fills it). */
    accountName: z.string().max(256).optional(),
    /** Set by `sso sync` on the profiles it created; it never touches a profile without it. */
    managedBy: z.literal(SYNC_MARK).optional(),
  })
  .strict();
export type SsoRoleFields = z.infer<typeof SsoRoleFields>;

export function sessionScopes(fields: SsoSessionFields): string[] {
  return fields.scopes ?? [...DEFAULT_SCOPES];
}

const OPTIONS = {
  startUrl: { flags: '--start-url <url>', key: 'startUrl', description: 'sso.opt.startUrl' },
  ssoRegion: { flags: '--sso-region <region>', key: 'ssoRegion', description: 'sso.opt.ssoRegion' },
  scopes: { flags: '--scopes <scopes>', key: 'scopes', description: 'sso.opt.scopes' },
  session: { flags: '--session <profile>', key: 'session', description: 'sso.opt.session' },
  accountId: { flags: '--account-id <id>', key: 'accountId', description: 'sso.opt.accountId' },
  roleName: { flags: '--role-name <name>', key: 'roleName', description: 'sso.opt.roleName' },
  // The same flag as the other AWS types (the CLI registers a key once).
  region: { flags: '--region <region>', key: 'region', description: 'aws.opt.region' },
} as const satisfies Record<string, AddOption>;

function present<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const awsSsoSessionProfile: ProviderProfileSpec = {
  type: AWS_SSO_SESSION_TYPE,
  label: 'AWS IAM Identity Center',
  addOptions: [OPTIONS.startUrl, OPTIONS.ssoRegion, OPTIONS.scopes],
  fieldsSchema: SsoSessionFields,
  build(options) {
    const scopes = optionalString(options, 'scopes')
      ?.split(',')
      .map((scope) => scope.trim())
      .filter(Boolean);
    const fields = parseFields(
      SsoSessionFields,
      present({
        startUrl: optionalString(options, 'startUrl'),
        ssoRegion: optionalString(options, 'ssoRegion'),
        scopes,
      }),
    );
    return { fields, secrets: {} };
  },
  describe(raw) {
    const fields = SsoSessionFields.parse(raw);
    return {
      startUrl: fields.startUrl,
      ssoRegion: fields.ssoRegion,
      scopes: sessionScopes(fields).join(','),
      ...(fields.legacyCache ? { tokenCache: 'legacy (start URL)' } : {}),
    };
  },
};

export const awsSsoProfile: ProviderProfileSpec = {
  type: AWS_SSO_TYPE,
  label: 'AWS',
  addOptions: [OPTIONS.session, OPTIONS.accountId, OPTIONS.roleName, OPTIONS.region],
  fieldsSchema: SsoRoleFields,
  // The session it signs in through: checked on add and edit, followed on rename, named on remove.
  links: [{ field: 'session', accepts: { types: [AWS_SSO_SESSION_TYPE] } }],
  build(options) {
    const fields = parseFields(
      SsoRoleFields,
      present({
        session: optionalString(options, 'session'),
        accountId: optionalString(options, 'accountId'),
        roleName: optionalString(options, 'roleName'),
        region: optionalString(options, 'region'),
      }),
    );
    return { fields, secrets: {} };
  },
  describe(raw) {
    const fields = SsoRoleFields.parse(raw);
    return {
      session: fields.session,
      accountId: fields.accountId,
      ...(fields.accountName ? { accountName: fields.accountName } : {}),
      roleName: fields.roleName,
      ...(fields.region ? { region: fields.region } : {}),
      ...(fields.managedBy ? { managedBy: fields.managedBy } : {}),
    };
  },
};
