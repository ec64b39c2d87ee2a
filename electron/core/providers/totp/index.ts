export { totpProfile, TOTP_TYPE, TOTP_SEED_ROLE, TotpFields } from './profile';
export { otpOfProfile } from './otp';
