export {
  yubikeyStatus,
  yubikeyList,
  yubikeyAdd,
  yubikeyCode,
  yubikeyFind,
  withOneKey,
  TOUCH_WAIT_MS,
} from './session';
export type { OathKeyInfo, KeyCredentials, YubikeyCode, YubikeyOptions, UnlockOptions } from './session';
export { credentialId, periodOf, deriveAccessKey, MAX_NAME_BYTES } from './oath';
export { yubikeyErrors } from './errors';
export { abandonable, touchTimeoutMs, DEFAULT_TOUCH_TIMEOUT_MS } from './touch';
