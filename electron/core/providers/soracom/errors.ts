import { ExitCode, TobiraError } from '../../errors';
import { TOTP_CLOCK_TOLERANCE_SECONDS } from '../common/time';
import { SoracomRejection } from './api';

/** A rejected login: exit 3 with the server's own code and message (docs/architecture.md §5). */
export function loginRejected(error: SoracomRejection, codeWasSent: boolean): TobiraError {
  const { code, message, clockOffset } = error.rejection;
  // A code made with a clock more than a step off is wrong however right the secret is: say so, with by how much.
  if (codeWasSent && clockOffset !== undefined && Math.abs(clockOffset) > TOTP_CLOCK_TOLERANCE_SECONDS) {
    return new TobiraError(clockOffset > 0 ? 'clock.ahead' : 'clock.behind', ExitCode.rejected, {
      service: 'SORACOM',
      seconds: Math.abs(clockOffset),
      code,
      message,
    });
  }
  return new TobiraError(codeWasSent ? 'soracom.rejected.withCode' : 'soracom.rejected', ExitCode.rejected, {
    code,
    message,
  });
}

export function switchRejected(error: SoracomRejection, target: string, source: string): TobiraError {
  const { status, code, message } = error.rejection;
  if (status === 401) {
    return new TobiraError('soracom.switch.sourceRejected', ExitCode.rejected, { source, code, message });
  }
  return new TobiraError('soracom.switch.denied', ExitCode.rejected, { target, source, code, message });
}

/** Any other 4xx answer to a call made with a session. */
export function apiRejected(error: SoracomRejection): TobiraError {
  const { code, message } = error.rejection;
  return new TobiraError('soracom.apiRejected', ExitCode.rejected, { code, message });
}

export function rethrowRejection(error: unknown, map: (rejection: SoracomRejection) => TobiraError): never {
  if (error instanceof SoracomRejection) throw map(error);
  throw error;
}
