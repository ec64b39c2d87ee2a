import type { ProviderDefinition, ProviderSessions } from '../types';
import { awsCredentialSessions } from '../aws';
import { awsConfigLinker } from '../aws/link';
import { identifySsoRole, identifySsoSession, ssoSessionEnv, ssoSessionJson } from './export';
import { loginSsoRole, loginSsoSession, logoutCliToken, logoutSsoSession } from './login';
import { ssoActions } from './actions';
import { ssoSessionLinker } from './link';
import { awsSsoProfile, awsSsoSessionProfile } from './profile';

/**
 * One folder serves both IAM Identity Center types: they share the OIDC and portal APIs, the endpoints, the errors
 * and the AWS CLI's token cache. The session signs in; each role profile turns its token into AWS credentials.
 */
const sessionSessions: ProviderSessions = {
  provider: 'aws-sso',
  login: loginSsoSession,
  logout: logoutSsoSession,
  logoutOutside: logoutCliToken,
  identify: identifySsoSession,
  exportJson: ssoSessionJson,
  exportEnv: ssoSessionEnv,
  withoutCredentials: 'sso.session.noCredentials',
};

const roleSessions: ProviderSessions = {
  provider: 'aws',
  login: loginSsoRole,
  ...awsCredentialSessions,
  identify: identifySsoRole,
};

export const awsSsoSessionProvider: ProviderDefinition = {
  profile: awsSsoSessionProfile,
  sessions: sessionSessions,
  linker: ssoSessionLinker,
  extras: { commands: ['sso'], actions: ssoActions, panels: ['ssoSync'] },
};

export const awsSsoProvider: ProviderDefinition = {
  profile: awsSsoProfile,
  sessions: roleSessions,
  linker: awsConfigLinker,
};

export { AWS_SSO_SESSION_TYPE, AWS_SSO_TYPE, SYNC_MARK } from './profile';
export { planSync, applySync, defaultProfileName } from './sync';
export type { SyncItem, SyncOptions, SyncAction } from './sync';
