import { ExitCode, TobiraError } from '../../errors';
import { StsRejection } from './api';

/** The message STS answers (ValidationError) when a chained AssumeRole asks for more than one hour. */
const CHAINING_CAP = /role chaining/i;
const MFA_FAILED = /MultiFactorAuthentication failed/i;
/**
 * AWS's answer to a request signed too far from its clock: "Signature expired: <request time> is now earlier than
 * <edge> (<server time> - 15 min.)", or "Signature not yet current: … is still later than … (<server time> + 15 min.)".
 */
const CLOCK_SKEW =
  /^Signature (?:expired|not yet current): (\d{8}T\d{6}Z)\b.*\((\d{8}T\d{6}Z) [-+] \d+ min\.?\)/;
const CLOCK_SKEW_ANY = /^Signature (?:expired|not yet current)/;

export interface RejectionContext {
  /** The profile the call was made for. */
  name: string;
  /** Whether an MFA code went into the call (a denial then most often means a wrong or reused code). */
  codeWasSent: boolean;
  /** The source profile whose credentials signed the call, if not the profile itself. */
  source?: string;
}

/**
 * An STS rejection as a user-facing error (exit 3, docs/architecture.md §5), with what to do about it. Only the code and
 * STS's own one-line message are shown: neither carries a key or a token.
 */
export function stsRejected(error: StsRejection, context: RejectionContext): TobiraError {
  const params = {
    name: context.name,
    code: error.code,
    message: error.detail,
    source: context.source ?? context.name,
  };
  if (error.code === 'SignatureDoesNotMatch' && CLOCK_SKEW_ANY.test(error.detail)) {
    return clockSkew(error);
  }
  if (error.code === 'ValidationError' && CHAINING_CAP.test(error.detail)) {
    return new TobiraError('aws.role.chainingCap', ExitCode.rejected, params);
  }
  if (error.code === 'AccessDenied' && context.codeWasSent && MFA_FAILED.test(error.detail)) {
    return new TobiraError('aws.mfa.rejected', ExitCode.rejected, params);
  }
  switch (error.code) {
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
      return new TobiraError('aws.keys.rejected', ExitCode.rejected, params);
    case 'ExpiredToken':
      return new TobiraError('aws.expired', ExitCode.rejected, params);
    case 'AccessDenied':
      return new TobiraError('aws.accessDenied', ExitCode.rejected, params);
    default:
      return new TobiraError('aws.rejected', ExitCode.rejected, params);
  }
}

/** "Your clock is off by about N s", N from the two times AWS names; the profile needs no change. */
function clockSkew(error: StsRejection): TobiraError {
  const params = { service: 'AWS', code: error.code, message: error.detail };
  const match = CLOCK_SKEW.exec(error.detail);
  const ours = amzTime(match?.[1]);
  const theirs = amzTime(match?.[2]);
  if (ours === undefined || theirs === undefined)
    return new TobiraError('clock.off', ExitCode.rejected, params);
  const seconds = Math.round((ours - theirs) / 1000);
  return new TobiraError(seconds >= 0 ? 'clock.ahead' : 'clock.behind', ExitCode.rejected, {
    ...params,
    seconds: Math.abs(seconds),
  });
}

function amzTime(text: string | undefined): number | undefined {
  const iso = text?.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  const ms = iso === undefined ? NaN : Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

export function rethrowSts(error: unknown, context: RejectionContext): never {
  if (error instanceof StsRejection) throw stsRejected(error, context);
  throw error;
}

/** The source's credentials are no longer accepted: worth one fresh login of the source, then one retry. */
export function isStaleCredentials(error: unknown): boolean {
  return (
    error instanceof StsRejection && (error.code === 'ExpiredToken' || error.code === 'InvalidClientTokenId')
  );
}
