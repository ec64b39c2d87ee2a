import { ExitCode, TobiraError } from '../../errors';
import { StsRejection } from './sts';

/** The message STS answers (ValidationError) when a chained AssumeRole asks for more than one hour. */
const CHAINING_CAP = /role chaining/i;
const MFA_FAILED = /MultiFactorAuthentication failed/i;

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
