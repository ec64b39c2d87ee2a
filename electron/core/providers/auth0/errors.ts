import * as z from 'zod';
import type { MessageKey } from '../../../../shared/i18n';
import { ExitCode, TobiraError } from '../../errors';

/** Authentication API errors (`/oauth/token`): `{error, error_description}` (specs B3). */
const AuthError = z.object({ error: z.string(), error_description: z.string().optional() });
/** Management API errors: `{statusCode, error, message, errorCode?}` (specs B3). */
const ManagementError = z.object({
  statusCode: z.number(),
  error: z.string(),
  message: z.string(),
  errorCode: z.string().optional(),
});

/** A 4xx answer of Auth0 as sent, before it is turned into a user-facing error. */
export class Auth0Rejection extends Error {
  constructor(
    readonly status: number,
    /** `error` of the authentication API, or `errorCode` (else `error`) of the management API. */
    readonly code: string,
    readonly description: string,
  ) {
    super(`${status} ${code}`);
  }
}

/** Auth0 messages do not echo secrets, but keep them short and on one line anyway. */
function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

export function rejectionFrom(status: number, body: unknown): Auth0Rejection {
  const management = ManagementError.safeParse(body);
  if (management.success) {
    const { errorCode, error, message } = management.data;
    return new Auth0Rejection(status, errorCode ?? error, tidy(message));
  }
  const auth = AuthError.safeParse(body);
  if (auth.success)
    return new Auth0Rejection(status, auth.data.error, tidy(auth.data.error_description ?? ''));
  return new Auth0Rejection(status, `HTTP${status}`, '');
}

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
