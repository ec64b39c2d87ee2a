export { MfaBroker } from './broker';
export type {
  CodePrompt,
  CodeSource,
  MfaBrokerDeps,
  MfaCode,
  MfaRequest,
  PromptRequest,
  TotpWait,
} from './broker';
export { parseTotpInput, parseOtpauthUri } from './otpauth';
export type { TotpSeed } from './otpauth';
export { totpCode, totpStep, secondsLeftInStep, verifyTotp, DEFAULT_TOTP_PARAMS } from './totp';
export { base32Encode, base32Decode, normaliseBase32Secret } from './base32';
export { splitCommand, runCodeCommand, isValidCode } from './command';
export { UsedSteps } from './used-steps';
export type { Claim, MfaDevice } from './used-steps';
