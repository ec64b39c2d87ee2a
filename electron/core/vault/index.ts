export { Vault, cacheSecretId, secretStoreMode } from './vault';
export type { NewProfile, NewMfa, VaultOptions, SecretStoreMode } from './vault';
export type { PassphraseSource } from './file-store';
export { FileSecretStore, SECRETS_FILE_NAME } from './file-store';
export { KeychainStore } from './keychain-store';
export { ProfileStore, PROFILES_FILE_NAME } from './profile-store';
export type { SecretStore } from './secret-store';
export * from './schema';
export { profileSummary } from './summary';
