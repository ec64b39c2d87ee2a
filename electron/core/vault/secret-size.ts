import { ExitCode, TobiraError } from '../errors';

/**
 * The largest secret Tobira takes, in bytes of UTF-8. Passwords, keys, seeds and PINs are far smaller; anything larger
 * is a mistake (the wrong file piped in) or an attempt to bloat secrets.enc, which every later command decrypts.
 */
export const MAX_SECRET_BYTES = 64 * 1024;

/** Refuses a secret over MAX_SECRET_BYTES with exit 2, before anything is written. */
export function assertSecretSize(value: string): void {
  // length is a lower bound of the UTF-8 size: only count bytes when it might matter.
  if (value.length > MAX_SECRET_BYTES || Buffer.byteLength(value, 'utf8') > MAX_SECRET_BYTES) {
    throw secretTooLarge();
  }
}

export function secretTooLarge(): TobiraError {
  return new TobiraError('vault.secret.tooLarge', ExitCode.usage, { max: '64 KiB' });
}
