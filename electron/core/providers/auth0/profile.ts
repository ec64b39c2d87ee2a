import * as z from 'zod';
import { inField } from '../../errors';
import { optionalString, parseFields } from '../common/fields';
import type { AddOption, ProviderProfileSpec } from '../types';
import { Auth0Domain, Auth0Origin, hostOf } from './domain';
import { KEY_ID_PATTERN, parseKey } from './key';

export const AUTH0_ADMIN_TYPE = 'auth0-admin';
export const AUTH0_APIKEY_TYPE = 'auth0-apikey';
/** Secret roles in the secret store. */
export const CLIENT_SECRET_ROLE = 'clientSecret';
export const API_KEY_ROLE = 'apiKey';

const ClientId = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'an Auth0 client id (letters, digits, . _ -)');
/** Auth0 connection names: letters, digits and inner hyphens, up to 128 characters. */
export const ConnectionName = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,126}[A-Za-z0-9])?$/, 'an Auth0 database connection name');
/** An API identifier (usually a URL, but any string without spaces). */
const Audience = z
  .string()
  .regex(/^\S{1,600}$/, 'the API identifier (audience), e.g. https://api.example.com');

export const AdminFields = z
  .object({ domain: Auth0Origin, clientId: ClientId, connection: ConnectionName, audience: Audience })
  .strict();
export type AdminFields = z.infer<typeof AdminFields>;

export const ApiKeyFields = z
  .object({
    domain: Auth0Origin,
    clientId: ClientId,
    audience: Audience,
    realm: ConnectionName,
    keyId: z.string().regex(KEY_ID_PATTERN),
  })
  .strict();
export type ApiKeyFields = z.infer<typeof ApiKeyFields>;

const OPTIONS = {
  domain: { flags: '--domain <domain>', key: 'domain', description: 'auth0.opt.domain' },
  clientId: { flags: '--client-id <id>', key: 'clientId', description: 'auth0.opt.clientId' },
  connection: { flags: '--connection <name>', key: 'connection', description: 'auth0.opt.connection' },
  audience: { flags: '--audience <api>', key: 'audience', description: 'auth0.opt.audience' },
  realm: { flags: '--realm <connection>', key: 'realm', description: 'auth0.opt.realm' },
} as const satisfies Record<string, AddOption>;

function domainOption(options: Readonly<Record<string, unknown>>): string {
  return parseFields(z.object({ domain: Auth0Domain }), { domain: optionalString(options, 'domain') }).domain;
}

export const auth0AdminProfile: ProviderProfileSpec = {
  type: AUTH0_ADMIN_TYPE,
  label: 'Auth0',
  addOptions: [OPTIONS.domain, OPTIONS.clientId, OPTIONS.connection, OPTIONS.audience],
  secretInput: { role: CLIENT_SECRET_ROLE, label: 'auth0.secret.clientSecret' },
  fieldsSchema: AdminFields,
  build(options, secret) {
    const fields = parseFields(AdminFields, {
      domain: domainOption(options),
      clientId: optionalString(options, 'clientId'),
      connection: optionalString(options, 'connection'),
      audience: optionalString(options, 'audience'),
    });
    return { fields, secrets: { [CLIENT_SECRET_ROLE]: secret ?? '' } };
  },
  describe(raw) {
    const fields = AdminFields.parse(raw);
    return {
      domain: hostOf(fields.domain),
      clientId: fields.clientId,
      connection: fields.connection,
      audience: fields.audience,
    };
  },
};

export const auth0ApiKeyProfile: ProviderProfileSpec = {
  type: AUTH0_APIKEY_TYPE,
  label: 'Auth0',
  addOptions: [OPTIONS.domain, OPTIONS.clientId, OPTIONS.audience, OPTIONS.realm],
  secretInput: { role: API_KEY_ROLE, label: 'auth0.secret.apiKey' },
  fieldsSchema: ApiKeyFields,
  build(options, secret) {
    const domain = domainOption(options);
    const key = inField('secret', () => parseKey(secret ?? ''));
    const fields = parseFields(
      ApiKeyFields,
      {
        domain,
        clientId: optionalString(options, 'clientId'),
        audience: optionalString(options, 'audience'),
        realm: optionalString(options, 'realm'),
        // Checked before it is stored: a mistyped key never makes a profile.
        keyId: key.id,
      },
      { keyId: 'secret' },
    );
    return { fields, secrets: { [API_KEY_ROLE]: key.key } };
  },
  describe(raw) {
    const fields = ApiKeyFields.parse(raw);
    return {
      domain: hostOf(fields.domain),
      keyId: fields.keyId,
      clientId: fields.clientId,
      audience: fields.audience,
      realm: fields.realm,
    };
  },
};
