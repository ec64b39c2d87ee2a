export {
  providerSpec,
  providerSessions,
  providerLinker,
  profileTypes,
  allAddOptions,
  providerAction,
  providerCommands,
  importSources,
  profileImporter,
} from './registry';
export { SessionManager } from './session';
export type { SessionManagerDeps, SessionOptions, SessionStatus } from './session';
export type {
  ActiveSession,
  AddOption,
  AskRequest,
  ConsoleOptions,
  BuiltProfile,
  LoginServices,
  ProviderAction,
  ProviderActionId,
  ProviderCommandId,
  ProviderDefinition,
  ProviderExtras,
  ProviderProfileSpec,
  ProviderSessions,
  SecretInput,
  SessionIdentity,
  ImportPlan,
  LinkContext,
  LinkResult,
} from './types';
export { otpOfProfile, TOTP_TYPE } from './totp';
export { runMfaSetup } from './idp-server';
export { planSync as planSsoSync, applySync as applySsoSync } from './aws-sso';
export type { SyncItem as SsoSyncItem } from './aws-sso';
export type { SetupChange, SetupReport, SetupRequest } from './idp-server';
/** Auth0's API-key administration, an action of its own beside the session flow (docs/adding-a-provider.md). */
export * as auth0Keys from './auth0/apikeys';
export { optionsOfFields, planEdit } from './edit';
export type { EditPlan, EditRequest } from './edit';
export {
  assertLinks,
  canServe,
  compatibleTypes,
  dependentsOf,
  linkCandidates,
  linkProblems,
  linksOf,
} from './links';
export type { Dependent } from './links';
