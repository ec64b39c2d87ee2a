import type { ProviderDefinition } from '../types';
import { adminEnv, adminJson, identifyAdmin, identifyIdpServer, idpServerEnv, idpServerJson } from './export';
import { loginIdpServer, loginIdpServerAdmin } from './login';
import { idpServerAdminProfile, idpServerProfile } from './profile';

export const idpServerProvider: ProviderDefinition = {
  profile: idpServerProfile,
  sessions: {
    provider: 'idp-server',
    login: loginIdpServer,
    identify: identifyIdpServer,
    exportJson: idpServerJson,
    exportEnv: idpServerEnv,
  },
};

export const idpServerAdminProvider: ProviderDefinition = {
  profile: idpServerAdminProfile,
  sessions: {
    provider: 'idp-server-admin',
    login: loginIdpServerAdmin,
    identify: identifyAdmin,
    exportJson: adminJson,
    exportEnv: adminEnv,
  },
  // `tobira idp-server mfa-setup ADMIN` (setup.ts).
  extras: { commands: ['idp-server'] },
};

export { runMfaSetup, buildMfaPolicy, buildSmsConfiguration } from './setup';
export type { SetupChange, SetupReport, SetupRequest } from './setup';
export { checkMfaPolicy, checkSmsSettings } from './policy';
