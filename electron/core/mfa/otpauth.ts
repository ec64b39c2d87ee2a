import { ExitCode, TobiraError } from '../errors';
import { TotpAlgorithm, type TotpParams } from '../vault/schema';
import { normaliseBase32Secret } from './base32';
import { DEFAULT_TOTP_PARAMS } from './totp';

export interface TotpSeed {
  secret: string;
  params: TotpParams;
  issuer?: string;
  account?: string;
}

/**
 * Reads what a user pastes for a TOTP secret: an `otpauth://totp/...` URI (Key Uri Format, as in QR codes) or a
 * bare base32 secret. Errors name the problem but never echo the secret.
 */
export function parseTotpInput(input: string): TotpSeed {
  const trimmed = input.trim();
  if (/^otpauth:/i.test(trimmed)) return parseOtpauthUri(trimmed);
  return { secret: normaliseBase32Secret(trimmed), params: { ...DEFAULT_TOTP_PARAMS } };
}

export function parseOtpauthUri(uri: string): TotpSeed {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new TobiraError('mfa.otpauth.malformed', ExitCode.usage);
  }
  if (url.protocol !== 'otpauth:') throw new TobiraError('mfa.otpauth.malformed', ExitCode.usage);
  const kind = url.host.toLowerCase();
  if (kind === 'hotp') throw new TobiraError('mfa.otpauth.hotp', ExitCode.usage);
  if (kind !== 'totp') throw new TobiraError('mfa.otpauth.malformed', ExitCode.usage);

  const query = url.searchParams;
  const rawSecret = query.get('secret');
  if (!rawSecret) throw new TobiraError('mfa.otpauth.noSecret', ExitCode.usage);
  const secret = normaliseBase32Secret(rawSecret);

  const algorithm = TotpAlgorithm.safeParse((query.get('algorithm') ?? 'SHA1').toUpperCase());
  if (!algorithm.success) {
    throw new TobiraError('mfa.otpauth.badParam', ExitCode.usage, {
      param: 'algorithm',
      allowed: 'SHA1, SHA256, SHA512',
    });
  }
  const digits = integerParam(query.get('digits'), DEFAULT_TOTP_PARAMS.digits);
  if (digits === undefined || digits < 6 || digits > 8) {
    throw new TobiraError('mfa.otpauth.badParam', ExitCode.usage, { param: 'digits', allowed: '6, 7, 8' });
  }
  const period = integerParam(query.get('period'), DEFAULT_TOTP_PARAMS.period);
  if (period === undefined || period < 1 || period > 300) {
    throw new TobiraError('mfa.otpauth.badParam', ExitCode.usage, { param: 'period', allowed: '1–300' });
  }

  const { issuer, account } = splitLabel(url.pathname, query.get('issuer'));
  return {
    secret,
    params: { algorithm: algorithm.data, digits, period },
    ...(issuer ? { issuer } : {}),
    ...(account ? { account } : {}),
  };
}

function integerParam(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  return /^\d{1,4}$/.test(value) ? Number(value) : undefined;
}

/** The label is "Issuer:account" or "account", percent-encoded; the issuer parameter wins when both are given. */
function splitLabel(pathname: string, issuerParam: string | null): { issuer?: string; account?: string } {
  let label: string;
  try {
    label = decodeURIComponent(pathname.replace(/^\//, ''));
  } catch {
    throw new TobiraError('mfa.otpauth.malformed', ExitCode.usage);
  }
  const colon = label.indexOf(':');
  const labelIssuer = colon >= 0 ? label.slice(0, colon).trim() : undefined;
  const account = (colon >= 0 ? label.slice(colon + 1) : label).trim();
  const issuer = issuerParam?.trim() || labelIssuer;
  return { ...(issuer ? { issuer } : {}), ...(account ? { account } : {}) };
}
