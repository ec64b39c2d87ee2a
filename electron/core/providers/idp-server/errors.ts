import { ExitCode, TobiraError } from '../../errors';
import { badResponse } from '../../bad-response';
import { AuthorizationRedirectError, IdpRejection, rejectionOf, SERVICE, type Reply } from './api';
import { TokenRejection } from './oidc';

export type OtpMethod = 'sms' | 'email';

const METHOD_LABEL: Record<OtpMethod, string> = { sms: 'SMS', email: 'e-mail' };

/**
 * Turns an answer of the authorization API into a message a person can act on (docs/protocols/idp-server.md, “Errors”).
 * The server's own description is passed along where it adds something; it never holds a secret.
 */
export function stepFailure(error: unknown, otp: OtpMethod): unknown {
  if (error instanceof AuthorizationRedirectError) {
    if (error.error === 'server_error' && error.description === '') {
      return badResponse({
        service: SERVICE,
        what: 'authorization request',
        problem: 'empty Location (idp-server does this when the client is unknown or the server failed)',
        status: error.status,
      });
    }
    return new TobiraError('idp.authorization.refused', ExitCode.rejected, {
      error: error.error,
      detail: error.description,
    });
  }
  if (error instanceof TokenRejection) {
    return new TobiraError(
      error.error === 'invalid_client' ? 'idp.token.client' : 'idp.token.rejected',
      ExitCode.rejected,
      { error: error.error, detail: error.description },
    );
  }
  if (!(error instanceof IdpRejection)) return error;
  const { step, status, body } = error;
  const code = body.error ?? '';
  const detail = body.error_description ?? '';
  const method = METHOD_LABEL[otp];

  if (status === 401 && /auth_session_mismatch/.test(detail))
    return new TobiraError('idp.session.mismatch', ExitCode.error);
  if (status === 404 && /Authentication transaction not found/i.test(detail))
    return new TobiraError('idp.transaction.notFound', ExitCode.error);
  if (status === 404 && /Authentication Configuration is Not Found/i.test(detail))
    return new TobiraError('idp.config.notFound', ExitCode.error, { method });
  if (status === 404 && /Unsupported interaction type/i.test(detail))
    return new TobiraError('idp.interaction.unsupported', ExitCode.error, { step });
  if (status === 409) return new TobiraError('idp.transaction.conflict', ExitCode.error);

  if (step === 'password-authentication') {
    if (code === 'invalid_credentials') return new TobiraError('idp.password.wrong', ExitCode.rejected);
    if (code === 'too_many_attempts') return new TobiraError('idp.password.tooMany', ExitCode.rejected);
  }
  if (code === 'user_not_found') return new TobiraError('idp.user.notFound', ExitCode.rejected, { detail });

  if (step.endsWith('-authentication-challenge')) {
    if (code === 'external_service_error' || status >= 500 || error.keys.includes('http_request'))
      return new TobiraError('idp.otp.senderDown', ExitCode.unreachable, { method, status });
    if (/unspecified or invalid format/i.test(detail))
      return new TobiraError(otp === 'sms' ? 'idp.otp.noPhone' : 'idp.otp.noEmail', ExitCode.error);
  }
  if (step === `${otp}-authentication`) {
    if (status === 404) return new TobiraError('idp.otp.noChallenge', ExitCode.error, { method });
    if (/expired/i.test(detail) && !/invalid or expired/i.test(detail))
      return new TobiraError('idp.otp.expired', ExitCode.rejected, { method });
    const limit = /reached limited to (\d+)/i.exec(detail);
    if (limit) return new TobiraError('idp.otp.limit', ExitCode.rejected, { method, limit: limit[1] ?? '' });
    if (/invalid verification code|invalid_verification_code|invalid or expired/i.test(`${code} ${detail}`))
      return new TobiraError('idp.otp.wrong', ExitCode.rejected, { method });
    if (status >= 500) return new TobiraError('idp.otp.senderDown', ExitCode.unreachable, { method, status });
    if (code === '' && detail === '')
      return new TobiraError('idp.otp.rejectedSilently', ExitCode.rejected, { method });
  }
  if (step === 'authorize') {
    if (/authentication is required|user is required/i.test(detail))
      return new TobiraError('idp.policy.unsatisfied', ExitCode.rejected, { detail });
    if (/status is not active/i.test(detail))
      return new TobiraError('idp.user.inactive', ExitCode.rejected, { detail });
  }
  if (status >= 500) {
    return new TobiraError('provider.unreachable', ExitCode.unreachable, {
      service: SERVICE,
      detail: `${step}: HTTP ${status}`,
      attempts: 1,
    });
  }
  return new TobiraError('idp.rejected', ExitCode.rejected, {
    step,
    status,
    error: code || '-',
    detail: detail || '-',
  });
}

/** The admin profile's password grant refused: a wrong password, or a client or grant the tenant does not allow. */
export function adminTokenFailure(failure: unknown): unknown {
  if (!(failure instanceof TokenRejection)) return failure;
  return new TobiraError(
    failure.error === 'invalid_grant' ? 'idp.admin.rejected' : 'idp.admin.tokenRefused',
    ExitCode.rejected,
    { error: failure.error, detail: failure.description },
  );
}

/** A non-2xx answer of the Management API (docs/protocols/idp-server.md, “mfa-setup”) to a call on `what` (a collection) in `tenant`. */
export function managementFailure(reply: Reply, what: string, tenant: string): TobiraError {
  const { body } = rejectionOf(what, reply);
  const detail = [body.error_description, ...(body.error_messages ?? [])].filter(Boolean).join('; ') || '-';
  const error = body.error ?? '-';
  if (reply.status === 401)
    return new TobiraError('idp.mgmt.unauthorized', ExitCode.rejected, { error, detail });
  if (reply.status === 403)
    return new TobiraError('idp.mgmt.forbidden', ExitCode.rejected, { tenant, error, detail });
  if (reply.status === 404) return new TobiraError('idp.mgmt.notFound', ExitCode.error, { tenant, detail });
  if (reply.status === 409) return new TobiraError('idp.mgmt.conflict', ExitCode.error, { what, detail });
  if (reply.status === 400) return new TobiraError('idp.mgmt.invalid', ExitCode.error, { what, detail });
  if (reply.status >= 500) {
    return new TobiraError('provider.unreachable', ExitCode.unreachable, {
      service: SERVICE,
      detail: `${what}: HTTP ${reply.status}`,
      attempts: 1,
    });
  }
  return new TobiraError('idp.mgmt.rejected', ExitCode.rejected, {
    what,
    status: reply.status,
    error,
    detail,
  });
}

export function rethrowStep(otp: OtpMethod): (error: unknown) => never {
  return (error: unknown) => {
    throw stepFailure(error, otp);
  };
}
