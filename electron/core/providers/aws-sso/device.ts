import { ExitCode, TobiraError } from '../../errors';
import {
  SsoRejection,
  type DeviceAuthorization,
  type IssuedToken,
  type Registration,
  type TokenGrant,
} from './api';
import type { SsoContext } from './errors';
import { ssoRejected } from './errors';

/** RFC 8628 §3.5: five more seconds after each slow_down; five seconds when the server names no interval. */
export const SLOW_DOWN_SECONDS = 5;
export const DEFAULT_INTERVAL_SECONDS = 5;

export interface DevicePollIo {
  now(): number;
  /** Waits; rejects with `oauth.cancelled` when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface TokenCreator {
  createToken(registration: Registration, grant: TokenGrant): Promise<IssuedToken>;
}

/**
 * Polls CreateToken with the device code until the person approves (or denies) on the verification page:
 * authorization_pending waits one interval, slow_down adds five seconds to it, expired_token or the device code's
 * own lifetime ends the wait (exit 3), a cancelled login stops it.
 */
export async function pollDeviceToken(
  oidc: TokenCreator,
  registration: Registration,
  authorization: DeviceAuthorization,
  io: DevicePollIo,
  context: SsoContext,
  signal?: AbortSignal,
): Promise<IssuedToken> {
  let interval = authorization.interval ?? DEFAULT_INTERVAL_SECONDS;
  const deadline = io.now() + authorization.expiresIn * 1000;
  for (;;) {
    await io.sleep(interval * 1000, signal);
    if (io.now() >= deadline)
      throw new TobiraError('sso.device.expired', ExitCode.rejected, { session: context.session });
    try {
      return await oidc.createToken(registration, {
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode: authorization.deviceCode,
      });
    } catch (error) {
      if (!(error instanceof SsoRejection)) throw error;
      if (error.code === 'AuthorizationPendingException') continue;
      if (error.code === 'SlowDownException') {
        interval += SLOW_DOWN_SECONDS;
        continue;
      }
      throw ssoRejected(error, context);
    }
  }
}

/** A sleep that a cancelled login interrupts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new TobiraError('oauth.cancelled', ExitCode.error));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new TobiraError('oauth.cancelled', ExitCode.error));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
