import { ExitCode, TobiraError } from '../../errors';
import { SsoRejection } from './api';

export interface SsoContext {
  /** The profile the call was made for. */
  name: string;
  /** The aws-sso-session profile whose sign-in it used. */
  session: string;
  accountId?: string;
  roleName?: string;
}

/** An SSO OIDC or portal rejection as a user-facing error (exit 3) that says what to do; never a token. */
export function ssoRejected(error: SsoRejection, context: SsoContext): TobiraError {
  const params = {
    name: context.name,
    session: context.session,
    code: error.code,
    message: error.detail,
    accountId: context.accountId ?? '',
    roleName: context.roleName ?? '',
  };
  switch (error.code) {
    case 'UnauthorizedException':
    case 'InvalidGrantException':
      return new TobiraError('sso.token.rejected', ExitCode.rejected, params);
    case 'InvalidClientException':
      return new TobiraError('sso.client.rejected', ExitCode.rejected, params);
    case 'ForbiddenException':
      return new TobiraError('sso.role.forbidden', ExitCode.rejected, params);
    case 'AccessDeniedException':
      return new TobiraError('sso.denied', ExitCode.rejected, params);
    case 'ExpiredTokenException':
      return new TobiraError('sso.device.expired', ExitCode.rejected, params);
    default:
      return new TobiraError('sso.rejected', ExitCode.rejected, params);
  }
}

export function rethrowSso(error: unknown, context: SsoContext): never {
  if (error instanceof SsoRejection) throw ssoRejected(error, context);
  throw error;
}
