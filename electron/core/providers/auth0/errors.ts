import type { MessageKey } from '../../../../shared/i18n';
import { ExitCode, TobiraError } from '../../errors';
import type { Auth0Rejection } from './api';

function isBlocked(rejection: Auth0Rejection): boolean {
  return /user is blocked|blocked user/i.test(rejection.description);
}

/** `/oauth/token` refusals, mapped to what the user should do; all exit 3 (rejected by the provider). */
export function tokenRejected(
  rejection: Auth0Rejection,
  context: { what: string; keyId?: string },
): TobiraError {
  const params = {
    what: context.what,
    id: context.keyId ?? '-',
    code: rejection.code,
    detail: rejection.description,
  };
  const key: MessageKey = isBlocked(rejection)
    ? 'auth0.token.blocked'
    : rejection.code === 'too_many_attempts'
      ? 'auth0.token.bruteForce'
      : rejection.code === 'invalid_grant'
        ? 'auth0.token.wrongKey'
        : rejection.code === 'unauthorized_client'
          ? 'auth0.token.grantNotAllowed'
          : rejection.code === 'mfa_required'
            ? 'auth0.token.mfaRequired'
            : rejection.code === 'access_denied' && /service not found/i.test(rejection.description)
              ? 'auth0.token.unknownAudience'
              : rejection.status === 401 || rejection.code === 'invalid_client'
                ? 'auth0.token.clientRejected'
                : 'auth0.token.rejected';
  return new TobiraError(key, ExitCode.rejected, params);
}

/** Management API refusals. 404 and 400 are exit 1 (nothing was denied); 401/403/409 and others exit 3. */
export function managementRejected(rejection: Auth0Rejection, context: { id?: string } = {}): TobiraError {
  const params = {
    status: rejection.status,
    code: rejection.code,
    detail: rejection.description,
    id: context.id ?? '-',
  };
  if (rejection.status === 401) return new TobiraError('auth0.mgmt.unauthorized', ExitCode.rejected, params);
  if (rejection.status === 403)
    return new TobiraError(
      rejection.code === 'insufficient_scope' ? 'auth0.mgmt.scope' : 'auth0.mgmt.forbidden',
      ExitCode.rejected,
      params,
    );
  if (rejection.status === 404) return new TobiraError('auth0.key.notFound', ExitCode.error, params);
  if (rejection.status === 400) return new TobiraError('auth0.mgmt.badRequest', ExitCode.error, params);
  return new TobiraError('auth0.mgmt.rejected', ExitCode.rejected, params);
}
