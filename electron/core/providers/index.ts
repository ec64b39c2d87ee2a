export { providerSpec, profileTypes, allAddOptions } from './registry';
export type { AddOption, BuiltProfile, ProviderProfileSpec, SecretInput } from './types';
export { otpOfProfile, TOTP_TYPE } from './totp';
