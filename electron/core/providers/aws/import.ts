import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { nothingToImport, planEntries, type ImportEntry, type ImportVerdict } from '../common/import';
import {
  legacySessionEntry,
  legacySessionName,
  ssoProfileVerdict,
  ssoSessionEntry,
  ssoSessionOfHeader,
} from '../aws-sso/import';
import { AWS_SSO_SESSION_TYPE } from '../aws-sso/profile';
import type { ImportCandidate, ImportPlan, ProfileImporter } from '../types';
import { profileOfConfigHeader, sections, splitLines } from './config-file';
import { awsConfigPath, awsCredentialsPath } from './link';
import { AWS_IAM_USER_TYPE, AWS_ROLE_TYPE, AWS_SECRET_ROLE, IamUserFields, RoleFields } from './profile';

type Values = Map<string, string>;

function readSections(path: string, config: boolean): Map<string, Values> | undefined {
  if (!existsSync(path) || !statSync(path).isFile()) return undefined;
  const found = new Map<string, Values>();
  for (const section of sections(splitLines(readFileSync(path, 'utf8')))) {
    const name = config ? profileOfConfigHeader(section.header) : section.header;
    if (name === undefined) continue;
    // The same profile may appear twice; later keys win, as in botocore.
    found.set(name, new Map([...(found.get(name) ?? []), ...section.values]));
  }
  return found;
}

/**
 * `profile import aws`: IAM users from ~/.aws/credentials (keys go to the secret store), roles from ~/.aws/config
 * with their source_profile, mfa_serial, external_id, duration_seconds and role_session_name. Both files are only read.
 * `--path DIR` reads DIR/credentials and DIR/config instead.
 */
export const awsImporter: ProfileImporter = {
  source: 'aws',
  async plan({ path, env, existing }): Promise<ImportPlan> {
    const credentialsPath = path ? join(path, 'credentials') : awsCredentialsPath(env);
    const configPath = path ? join(path, 'config') : awsConfigPath(env);
    const credentials = readSections(credentialsPath, false);
    const config = readSections(configPath, true);
    if (!credentials && !config) return nothingToImport(path ?? configPath, 'import.sourceMissing');
    const names = new Set([...(credentials?.keys() ?? []), ...(config?.keys() ?? [])]);
    const sessionEntries = ssoSessionEntries(configPath, config);
    // The sessions a role can be imported on: those this import adds, and those Tobira has already.
    const sessions = new Set([
      ...sessionEntries.filter((entry) => !('reason' in entry.read())).map((entry) => entry.name),
      ...[...(existing ?? [])].filter(([, type]) => type === AWS_SSO_SESSION_TYPE).map(([name]) => name),
    ]);
    const plan = planEntries([
      ...sessionEntries,
      ...[...names].sort().map((name) => {
        const fromConfig = config?.get(name) ?? new Map<string, string>();
        const fromCredentials = credentials?.get(name) ?? new Map<string, string>();
        const origin = fromConfig.has('role_arn') || !credentials?.has(name) ? configPath : credentialsPath;
        // Keys in the credentials file win over keys in the config file, as in the AWS CLI.
        const read = () => toVerdict(new Map([...fromConfig, ...fromCredentials]), fromConfig, sessions);
        return { name, origin, read };
      }),
    ]);
    return withoutOrphanRoles(plan, existing);
  },
};

/**
 * A role whose source_profile is neither imported with it nor a Tobira profile already could never sign in: it is
 * skipped, naming the profile it lacks (and so is a role built on it, down the chain).
 */
function withoutOrphanRoles(plan: ImportPlan, existing: ReadonlyMap<string, string> | undefined): ImportPlan {
  const candidates = [...plan.candidates];
  const skipped = [...plan.skipped];
  for (;;) {
    const known = new Set([...candidates.map((candidate) => candidate.name), ...(existing?.keys() ?? [])]);
    const orphan = candidates.findIndex(
      (candidate) =>
        candidate.type === AWS_ROLE_TYPE &&
        typeof candidate.fields.source === 'string' &&
        !known.has(candidate.fields.source),
    );
    if (orphan < 0) return { candidates, skipped };
    const [role] = candidates.splice(orphan, 1) as [ImportCandidate];
    skipped.push({
      name: role.name,
      origin: role.origin,
      reason: 'import.aws.sourceMissing',
      params: { source: String(role.fields.source) },
    });
  }
}

/**
 * IAM Identity Center sessions first (their roles refer to them): each `[sso-session NAME]`, and one session per
 * start URL of the legacy profiles that name it themselves (`sso_start_url` + `sso_region`).
 */
function ssoSessionEntries(configPath: string, config: Map<string, Values> | undefined): ImportEntry[] {
  const entries: ImportEntry[] = [];
  if (existsSync(configPath) && statSync(configPath).isFile()) {
    for (const section of sections(splitLines(readFileSync(configPath, 'utf8')))) {
      const name = ssoSessionOfHeader(section.header);
      if (name !== undefined) entries.push(ssoSessionEntry(name, section.values, configPath));
    }
  }
  const legacy = new Map<string, { url: string; region: string }>();
  for (const values of config?.values() ?? []) {
    const url = values.get('sso_start_url');
    const region = values.get('sso_region');
    if (values.has('sso_session') || !url || !region) continue;
    const name = legacySessionName(url);
    if (name !== undefined && !legacy.has(name)) legacy.set(name, { url, region });
  }
  for (const [name, { url, region }] of legacy)
    entries.push(legacySessionEntry(name, url, region, configPath));
  return entries;
}

function toVerdict(values: Values, config: Values, sessions: ReadonlySet<string>): ImportVerdict {
  const region = config.get('region') || undefined;
  if (config.has('credential_process')) return { reason: 'import.aws.credentialProcess' };
  const sso = ssoProfileVerdict(config, sessions);
  if (sso) return sso;
  // botocore looks at web_identity_token_file before source_profile and credential_source (AssumeRoleProvider
  // leaves such a profile to AssumeRoleWithWebIdentityProvider), so the reason given follows the same order.
  if (config.has('web_identity_token_file')) return { reason: 'import.aws.webIdentity' };
  if (config.has('role_arn')) {
    const source = config.get('source_profile');
    const credentialSource = config.get('credential_source');
    if (!source && credentialSource) {
      return { reason: 'import.aws.credentialSource', params: { source: credentialSource } };
    }
    if (!source) return { reason: 'import.aws.noSourceProfile' };
    const duration = config.get('duration_seconds');
    const fields = RoleFields.safeParse({
      source,
      roleArn: config.get('role_arn'),
      ...(config.get('mfa_serial') ? { mfaSerial: config.get('mfa_serial') } : {}),
      ...(config.get('external_id') ? { externalId: config.get('external_id') } : {}),
      ...(duration ? { duration: Number(duration) } : {}),
      ...(config.get('role_session_name') ? { sessionName: config.get('role_session_name') } : {}),
      ...(region ? { region } : {}),
    });
    return fields.success
      ? { type: AWS_ROLE_TYPE, fields: fields.data, secrets: {} }
      : { reason: 'import.incomplete' };
  }
  const accessKeyId = values.get('aws_access_key_id');
  const secret = values.get('aws_secret_access_key');
  if (!accessKeyId || !secret) return { reason: 'import.incomplete' };
  if (values.get('aws_session_token') || values.get('aws_security_token')) {
    return { reason: 'import.aws.temporary' };
  }
  const fields = IamUserFields.safeParse({
    accessKeyId,
    ...(config.get('mfa_serial') ? { mfaSerial: config.get('mfa_serial') } : {}),
    ...(region ? { region } : {}),
  });
  return fields.success
    ? { type: AWS_IAM_USER_TYPE, fields: fields.data, secrets: { [AWS_SECRET_ROLE]: secret } }
    : { reason: 'import.incomplete' };
}
