export { providerSpec, providerSessions, profileTypes, allAddOptions } from './registry';
export { SessionManager } from './session';
export type { SessionManagerDeps, SessionOptions, SessionStatus } from './session';
export type {
  ActiveSession,
  AddOption,
  BuiltProfile,
  LoginServices,
  ProviderDefinition,
  ProviderProfileSpec,
  ProviderSessions,
  SecretInput,
  SessionIdentity,
} from './types';
export { otpOfProfile, TOTP_TYPE } from './totp';
