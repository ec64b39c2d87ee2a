import type { ProviderDefinition, ProviderSessions } from '../types';
import { awsKeyActions } from './actions';
import { awsConsoleUrl, checkConsolePage } from './console';
import { AWS_CONSOLE_SERVICES } from './console-services';
import { AWS_SCRUB_ENV, awsEnv, awsJson, credentialProcessOutput, identifyAws } from './export';
import { awsConfigLinker } from './link';
import { loginIamUser, loginRole } from './login';
import { awsIamUserProfile, awsRoleProfile } from './profile';

/**
 * Everything a provider whose session data is `AwsCredentials` gets for free, to spread into its ProviderSessions:
 * `{ provider: 'aws', login: …, ...awsCredentialSessions }` – identity, JSON/env exports, the console sign-in URL,
 * the credential_process format and the variables `exec` scrubs.
 */
export const awsCredentialSessions = {
  identify: identifyAws,
  exportJson: awsJson,
  exportEnv: awsEnv,
  console: awsConsoleUrl,
  consolePages: { services: Object.keys(AWS_CONSOLE_SERVICES), check: checkConsolePage },
  scrubEnv: AWS_SCRUB_ENV,
  formats: { 'credential-process': credentialProcessOutput },
} satisfies Omit<ProviderSessions, 'provider' | 'login'>;

const iamUserSessions: ProviderSessions = { provider: 'aws', login: loginIamUser, ...awsCredentialSessions };
const roleSessions: ProviderSessions = { provider: 'aws', login: loginRole, ...awsCredentialSessions };

export const awsIamUserProvider: ProviderDefinition = {
  profile: awsIamUserProfile,
  sessions: iamUserSessions,
  linker: awsConfigLinker,
  extras: { actions: awsKeyActions, panels: ['accessKey'] },
};
export const awsRoleProvider: ProviderDefinition = {
  profile: awsRoleProfile,
  sessions: roleSessions,
  linker: awsConfigLinker,
};

export { awsConfigLinker, awsConfigPath, awsCredentialsPath, credentialProcessCommand } from './link';
export { awsImporter } from './import';
export {
  AwsCredentials,
  CredentialOrigin,
  Partition,
  PARTITIONS,
  DEFAULT_REGION,
  partitionOfArn,
  partitionOfRegion,
  accountOfArn,
} from './session';
export { AWS_SCRUB_ENV } from './export';
export { credentialProcessJson, CREDENTIAL_PROCESS_MARGIN_MS } from './credential-process-json';
export { awsConsoleUrl } from './console';
export { Sts, StsRejection } from './api';
export type { KeyPair, IssuedCredentials, StsTarget } from './api';
export { stsRejected, rethrowSts } from './errors';
export { AWS_IAM_USER_TYPE, AWS_ROLE_TYPE, AWS_SECRET_ROLE } from './profile';
export { defaultProfileShadow } from './default-shadow';
