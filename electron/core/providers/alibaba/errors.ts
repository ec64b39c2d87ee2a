import { ExitCode, TobiraError } from '../../errors';
import type { ExchangeRejection } from './api';
import type { AlibabaTarget } from './endpoint';

/** Callback errors that mean "an administrator has to install or allow the app first". */
const ADMIN_CONSENT_ERRORS = new Set([
  'consent_required',
  'interaction_required',
  'admin_consent_required',
  'unauthorized_client',
]);

/** /v1/exchange refused to mint STS for an accepted access token. */
export function exchangeRejected(
  error: ExchangeRejection,
  target: AlibabaTarget,
  ownApp: boolean,
): TobiraError {
  const params = {
    error: error.error,
    description: error.description,
    requestId: error.requestId || '-',
    assignUrl: target.assignUrl,
  };
  if (ownApp) return new TobiraError('alibaba.exchange.ownApp', ExitCode.rejected, params);
  if (error.tokenInvalid) return new TobiraError('alibaba.exchange.tokenRefused', ExitCode.rejected, params);
  return new TobiraError('alibaba.exchange.noPermission', ExitCode.rejected, params);
}

/**
 * The generic OAuth failures, told the Alibaba way: a timeout usually means the browser showed an Alibaba page that
 * never redirects (identity not assigned to the app, admin consent missing), so say what those pages mean.
 */
export function explainAuthorizeError(error: unknown, target: AlibabaTarget, name: string): unknown {
  if (!(error instanceof TobiraError)) return error;
  if (error.key === 'oauth.timeout') {
    return new TobiraError('alibaba.login.timeout', ExitCode.error, {
      seconds: error.params.seconds ?? 0,
      assignUrl: target.assignUrl,
      name,
    });
  }
  if (error.key === 'oauth.callbackError' && ADMIN_CONSENT_ERRORS.has(String(error.params.error))) {
    return new TobiraError('alibaba.login.adminConsent', ExitCode.rejected, {
      error: error.params.error ?? '',
      description: error.params.description ?? '',
      assignUrl: target.assignUrl,
    });
  }
  if (error.key === 'oauth.tokenRejected' && error.params.error === 'invalid_client') {
    return new TobiraError('alibaba.login.unknownClient', ExitCode.rejected, {
      clientId: target.client.clientId,
    });
  }
  return error;
}
