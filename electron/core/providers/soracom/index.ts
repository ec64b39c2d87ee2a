import type { ProviderDefinition, ProviderSessions } from '../types';
import { identifySoracom, soracomEnv, soracomJson, soracomProfileCommandOutput } from './export';
import { soracomLinker } from './link';
import { loginSoracom, loginSoracomSwitch, logoutSoracom } from './login';
import { soracomProfile, soracomSwitchProfile } from './profile';

const shared = {
  provider: 'soracom',
  logout: (services, session) => logoutSoracom(services, session.data),
  identify: identifySoracom,
  exportJson: soracomJson,
  exportEnv: soracomEnv,
  formats: { 'soracom-profile': soracomProfileCommandOutput },
} satisfies Omit<ProviderSessions, 'login'>;

export const soracomProvider: ProviderDefinition = {
  profile: soracomProfile,
  sessions: { login: loginSoracom, ...shared },
  linker: soracomLinker,
};

export const soracomSwitchProvider: ProviderDefinition = {
  profile: soracomSwitchProfile,
  sessions: { login: loginSoracomSwitch, ...shared },
};

export { soracomImporter } from './import';
export { SORACOM_TYPE, SORACOM_SWITCH_TYPE } from './profile';
