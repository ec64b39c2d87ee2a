import type { Configuration } from 'openid-client';
import { ExitCode, TobiraError } from '../../errors';
import { openIdBadResponse, rememberingFetch, type LastResponse } from '../../bad-response';
import { SERVICE } from './api';

type OpenIdClient = typeof import('openid-client');
let loaded: Promise<OpenIdClient> | undefined;

/** openid-client is heavy: loaded only by the commands that talk to idp-server. */
export function openIdClient(): Promise<OpenIdClient> {
  loaded ??= import('openid-client');
  return loaded;
}

/** A token endpoint rejection (`invalid_grant`, …) with the server's own error code. */
export class TokenRejection extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`token endpoint: ${status} ${error}`);
  }
}

/** The tenant's metadata from /.well-known/openid-configuration, for a public client (PKCE, no secret). */
export async function discover(issuer: string, clientId: string): Promise<Configuration> {
  const client = await openIdClient();
  const insecure = new URL(issuer).protocol === 'http:';
  const memo = rememberingFetch();
  try {
    const config = await client.discovery(
      new URL(issuer),
      clientId,
      { token_endpoint_auth_method: 'none' },
      client.None(),
      {
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
        timeout: 15,
        [client.customFetch]: memo.fetch,
      },
    );
    answers.set(config, memo.last);
    return config;
  } catch (error) {
    const record = error as { code?: unknown; cause?: unknown };
    if (record.cause instanceof Response && record.cause.status === 404)
      throw new TobiraError('idp.discovery.notFound', ExitCode.error, { issuer });
    if (record.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON')
      throw new TobiraError('idp.discovery.issuerMismatch', ExitCode.error, { issuer });
    throw oidcFailure(error, 'discovery', memo.last());
  }
}

/** The last answer each discovered configuration's client got (its customFetch remembers it). */
const answers = new WeakMap<Configuration, () => LastResponse | undefined>();

/**
 * Turns openid-client's failures into TobiraErrors: a rejection stays one (TokenRejection), the rest is exit 4.
 * `from` is the configuration the call used (or the answer itself), for the status of a check that failed.
 */
export function oidcFailure(error: unknown, step: string, from?: Configuration | LastResponse): Error {
  if (error instanceof TobiraError) return error;
  const record = error as {
    status?: unknown;
    error?: unknown;
    error_description?: unknown;
    code?: unknown;
    name?: unknown;
    cause?: unknown;
  };
  if (typeof record.status === 'number' && typeof record.error === 'string') {
    if (record.status >= 500) {
      return new TobiraError('provider.unreachable', ExitCode.unreachable, {
        service: SERVICE,
        detail: `${step}: HTTP ${record.status}`,
        attempts: 1,
      });
    }
    return new TokenRejection(
      record.status,
      record.error,
      typeof record.error_description === 'string' ? record.error_description : '',
    );
  }
  if (record.name === 'TypeError' || record.name === 'TimeoutError' || record.name === 'AbortError') {
    const cause = record.cause as NodeJS.ErrnoException | undefined;
    return new TobiraError('provider.unreachable', ExitCode.unreachable, {
      service: SERVICE,
      detail: `${step}: ${cause?.code ?? (record.name === 'TypeError' ? 'network error' : 'timeout')}`,
      attempts: 1,
    });
  }
  const response = record.cause instanceof Response ? record.cause : undefined;
  if (response && response.status >= 500) {
    return new TobiraError('provider.unreachable', ExitCode.unreachable, {
      service: SERVICE,
      detail: `${step}: HTTP ${response.status}`,
      attempts: 1,
    });
  }
  const last = from === undefined || 'status' in from ? from : answers.get(from)?.();
  return openIdBadResponse(SERVICE, step, error, last);
}
