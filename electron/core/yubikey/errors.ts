import { ExitCode, TobiraError } from '../errors';

// Params are reader names, credential ids, versions and status words; never a password, a derived key or a secret.
function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

function listOrNone(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.map((name) => `"${name}"`).join(', ');
}

export const yubikeyErrors = {
  // No key where one is needed: the person has to act (insert it, name the reader), so exit 5 like a missing MFA answer.
  none: (readers: readonly string[]) =>
    new TobiraError('yubikey.none', ExitCode.mfaUnavailable, { readers: listOrNone(readers) }),
  readerNotFound: (reader: string, readers: readonly string[]) =>
    new TobiraError('yubikey.reader.notFound', ExitCode.mfaUnavailable, {
      reader,
      readers: listOrNone(readers),
    }),
  notOath: (reader: string) => new TobiraError('yubikey.notOath', ExitCode.mfaUnavailable, { reader }),
  several: (readers: readonly string[]) =>
    new TobiraError('yubikey.several', ExitCode.usage, { readers: listOrNone(readers) }),
  passwordNeeded: (reader: string) =>
    new TobiraError('yubikey.password.needed', ExitCode.mfaUnavailable, { reader }),
  passwordWrong: (reader: string) => new TobiraError('yubikey.password.wrong', ExitCode.rejected, { reader }),
  rememberedKeyWrong: (reader: string, name: string) =>
    new TobiraError('yubikey.password.rememberedWrong', ExitCode.rejected, { reader, name }),
  touchTimeout: (reader: string, credential: string) =>
    new TobiraError('yubikey.touch.timeout', ExitCode.mfaUnavailable, { reader, credential }),
  credentialNotFound: (credential: string, readers: readonly string[]) =>
    new TobiraError('yubikey.credential.notFound', ExitCode.error, {
      credential,
      readers: listOrNone(readers),
    }),
  credentialExists: (credential: string, reader: string) =>
    new TobiraError('yubikey.credential.exists', ExitCode.error, { credential, reader }),
  noSpace: (reader: string) => new TobiraError('yubikey.noSpace', ExitCode.error, { reader }),
  nameTooLong: (credential: string) =>
    new TobiraError('yubikey.name.tooLong', ExitCode.usage, { bytes: Buffer.byteLength(credential) }),
  mutualAuthFailed: () => new TobiraError('yubikey.mutualAuth', ExitCode.error),
  unexpectedStatus: (reader: string, command: string, sw: number) =>
    new TobiraError('yubikey.unexpectedStatus', ExitCode.error, { reader, command, sw: swHex(sw) }),
  malformed: (detail: string) => new TobiraError('yubikey.malformed', ExitCode.error, { detail }),
};
