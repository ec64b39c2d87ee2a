import * as z from 'zod';
import { ExitCode, TobiraError } from '../../errors';
import { secureUrlIn } from '../common/endpoint';
import { optionalString, parseFields, type AddOptionValues } from '../common/fields';
import type { AddOption, ProviderProfileSpec } from '../types';

export const IDP_SERVER_TYPE = 'idp-server';
export const IDP_SERVER_ADMIN_TYPE = 'idp-server-admin';
export const IDP_PASSWORD_ROLE = 'password';
/** Where the code goes: never used as a real redirect (the authorization API answers JSON), but it must be registered. */
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1/callback';
export const DEFAULT_SCOPE = 'openid profile';

/**
 * The tenant's issuer as its discovery document gives it, e.g. https://idp.example.com/{tenant-id}. Plain http only
 * on loopback (tests, local servers), so a password never crosses a network in clear.
 */
export const IssuerUrl = z.string().superRefine((value, ctx) => {
  const url = secureUrlIn(value, ctx);
  if (url === undefined) return;
  if (
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== '' ||
    value.endsWith('/')
  ) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be the issuer URL without query, fragment or trailing slash',
    });
  }
  if (url.pathname === '/' || url.pathname === '') {
    ctx.addIssue({
      code: 'custom',
      message: 'must include the tenant id, e.g. https://idp.example.com/TENANT',
    });
  }
});

const RedirectUri = z.string().superRefine((value, ctx) => {
  try {
    const url = new URL(value);
    if (url.hash !== '') ctx.addIssue({ code: 'custom', message: 'must not have a fragment' });
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a URL' });
  }
});
const Scope = z
  .string()
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'space-separated scope names')
  .refine((value) => value.split(' ').includes('openid'), 'must include openid');
const ClientId = z.string().min(1).max(200);
const Username = z.string().min(1).max(256);

export const IdpServerFields = z
  .object({
    issuer: IssuerUrl,
    clientId: ClientId,
    username: Username,
    otp: z.enum(['sms', 'email']),
    redirectUri: RedirectUri,
    scope: Scope,
  })
  .strict();
export type IdpServerFields = z.infer<typeof IdpServerFields>;

export const IdpServerAdminFields = z
  .object({
    issuer: IssuerUrl,
    clientId: ClientId,
    username: Username,
    organization: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'an organization id')
      .optional(),
  })
  .strict();
export type IdpServerAdminFields = z.infer<typeof IdpServerAdminFields>;

const OPTIONS = {
  issuer: { flags: '--issuer <url>', key: 'issuer', description: 'idp.opt.issuer' },
  clientId: { flags: '--client-id <id>', key: 'clientId', description: 'idp.opt.clientId' },
  username: { flags: '--username <name>', key: 'username', description: 'idp.opt.username' },
  otp: { flags: '--otp <sms|email>', key: 'otp', description: 'idp.opt.otp' },
  redirectUri: { flags: '--redirect-uri <uri>', key: 'redirectUri', description: 'idp.opt.redirectUri' },
  scope: { flags: '--scope <scopes>', key: 'scope', description: 'idp.opt.scope' },
  organization: { flags: '--organization <id>', key: 'organization', description: 'idp.opt.organization' },
} as const satisfies Record<string, AddOption>;

function requireOptions(options: AddOptionValues, type: string, flags: string[]): void {
  const missing = flags.filter(
    (flag) =>
      optionalString(
        options,
        flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
      ) === undefined,
  );
  if (missing.length > 0) {
    throw new TobiraError('idp.profile.missing', ExitCode.usage, {
      type,
      options: missing.map((flag) => `--${flag}`).join(', '),
    });
  }
}

/** --issuer, --client-id and --username, which both idp-server types need. */
function accountOptions(options: AddOptionValues, type: string) {
  requireOptions(options, type, ['issuer', 'client-id', 'username']);
  return {
    issuer: optionalString(options, 'issuer'),
    clientId: optionalString(options, 'clientId'),
    username: optionalString(options, 'username'),
  };
}

function passwordOf(secret: string | undefined): Record<string, string> {
  if (secret === undefined || secret.length === 0)
    throw new TobiraError('input.secret.empty', ExitCode.usage, {}, { field: 'secret' });
  return { [IDP_PASSWORD_ROLE]: secret };
}

export const idpServerProfile: ProviderProfileSpec = {
  type: IDP_SERVER_TYPE,
  label: 'idp-server',
  addOptions: [
    OPTIONS.issuer,
    OPTIONS.clientId,
    OPTIONS.username,
    OPTIONS.otp,
    OPTIONS.redirectUri,
    OPTIONS.scope,
  ],
  secretInput: { role: IDP_PASSWORD_ROLE, label: 'idp.secret.label' },
  fieldsSchema: IdpServerFields,
  build(options, secret) {
    const fields = parseFields(IdpServerFields, {
      ...accountOptions(options, IDP_SERVER_TYPE),
      otp: optionalString(options, 'otp') ?? 'sms',
      redirectUri: optionalString(options, 'redirectUri') ?? DEFAULT_REDIRECT_URI,
      scope: optionalString(options, 'scope') ?? DEFAULT_SCOPE,
    });
    return { fields, secrets: passwordOf(secret) };
  },
  describe(raw) {
    const fields = IdpServerFields.parse(raw);
    return {
      issuer: fields.issuer,
      client: fields.clientId,
      user: fields.username,
      otp: fields.otp,
      redirect: fields.redirectUri,
      scope: fields.scope,
    };
  },
};

export const idpServerAdminProfile: ProviderProfileSpec = {
  type: IDP_SERVER_ADMIN_TYPE,
  label: 'idp-server',
  addOptions: [OPTIONS.issuer, OPTIONS.clientId, OPTIONS.username, OPTIONS.organization],
  secretInput: { role: IDP_PASSWORD_ROLE, label: 'idp.secret.adminLabel' },
  fieldsSchema: IdpServerAdminFields,
  build(options, secret) {
    const account = accountOptions(options, IDP_SERVER_ADMIN_TYPE);
    const organization = optionalString(options, 'organization');
    const fields = parseFields(IdpServerAdminFields, {
      ...account,
      ...(organization !== undefined ? { organization } : {}),
    });
    return { fields, secrets: passwordOf(secret) };
  },
  describe(raw) {
    const fields = IdpServerAdminFields.parse(raw);
    return {
      issuer: fields.issuer,
      client: fields.clientId,
      user: fields.username,
      level: fields.organization ? `organization ${fields.organization}` : 'system',
    };
  },
};
