import { describe, expect, it } from 'vitest';
import { TobiraError } from '../../../../../electron/core/errors';
import {
  SsoRejection,
  type IssuedToken,
  type TokenGrant,
} from '../../../../../electron/core/providers/aws-sso/api';
import { abortableSleep, pollDeviceToken } from '../../../../../electron/core/providers/aws-sso/device';

const REGISTRATION = { clientId: 'c', clientSecret: 's', expiresAt: 0 };
const CONTEXT = { name: 'org', session: 'org' };
const TOKEN: IssuedToken = { accessToken: 'at', expiresIn: 3600, refreshToken: 'rt' };

function rejection(code: string): SsoRejection {
  return new SsoRejection(code, '', 400);
}

/** A clock that only moves when the poller sleeps, and a service that answers from a script. */
function harness(answers: Array<SsoRejection | IssuedToken>) {
  let now = 0;
  const sleeps: number[] = [];
  const grants: TokenGrant[] = [];
  const oidc = {
    createToken: async (_registration: unknown, grant: TokenGrant) => {
      grants.push(grant);
      const answer = answers.shift();
      if (!answer) throw new Error('polled more often than scripted');
      if (answer instanceof SsoRejection) throw answer;
      return answer;
    },
  };
  const io = {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { oidc, io, sleeps, grants };
}

async function failure(promise: Promise<unknown>): Promise<TobiraError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TobiraError)) throw new Error(`expected a TobiraError, got ${String(error)}`);
  return error;
}

describe('device authorization polling', () => {
  const auth = { deviceCode: 'dc', userCode: 'ABCD-EFGH', verificationUri: 'u', expiresIn: 600, interval: 2 };

  it('waits one interval per authorization_pending, then returns the token', async () => {
    const h = harness([
      rejection('AuthorizationPendingException'),
      rejection('AuthorizationPendingException'),
      TOKEN,
    ]);
    await expect(pollDeviceToken(h.oidc, REGISTRATION, auth, h.io, CONTEXT)).resolves.toEqual(TOKEN);
    expect(h.sleeps).toEqual([2000, 2000, 2000]);
    expect(h.grants[0]).toEqual({
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: 'dc',
    });
  });

  it('adds five seconds to the interval after each slow_down, for good', async () => {
    const h = harness([
      rejection('SlowDownException'),
      rejection('AuthorizationPendingException'),
      rejection('SlowDownException'),
      TOKEN,
    ]);
    await pollDeviceToken(h.oidc, REGISTRATION, auth, h.io, CONTEXT);
    expect(h.sleeps).toEqual([2000, 7000, 7000, 12000]);
  });

  it('uses five seconds when the service names no interval', async () => {
    const h = harness([TOKEN]);
    await pollDeviceToken(h.oidc, REGISTRATION, { ...auth, interval: undefined }, h.io, CONTEXT);
    expect(h.sleeps).toEqual([5000]);
  });

  it('stops with sso.device.expired (exit 3) on expired_token', async () => {
    const h = harness([rejection('AuthorizationPendingException'), rejection('ExpiredTokenException')]);
    const error = await failure(pollDeviceToken(h.oidc, REGISTRATION, auth, h.io, CONTEXT));
    expect(error.key).toBe('sso.device.expired');
    expect(error.exitCode).toBe(3);
  });

  it('stops by itself when the device code outlives its expiresIn, without asking again', async () => {
    const pending = Array.from({ length: 10 }, () => rejection('AuthorizationPendingException'));
    const h = harness(pending);
    const error = await failure(
      pollDeviceToken(h.oidc, REGISTRATION, { ...auth, expiresIn: 9 }, h.io, CONTEXT),
    );
    expect(error.key).toBe('sso.device.expired');
    expect(h.grants).toHaveLength(4);
  });

  it('a denial is sso.denied, a wrong client sso.client.rejected (exit 3)', async () => {
    const denied = harness([rejection('AccessDeniedException')]);
    expect((await failure(pollDeviceToken(denied.oidc, REGISTRATION, auth, denied.io, CONTEXT))).key).toBe(
      'sso.denied',
    );
    const client = harness([new SsoRejection('InvalidClientException', '', 401)]);
    const error = await failure(pollDeviceToken(client.oidc, REGISTRATION, auth, client.io, CONTEXT));
    expect(error.key).toBe('sso.client.rejected');
    expect(error.exitCode).toBe(3);
  });

  it('a cancelled login stops waiting at once', async () => {
    const controller = new AbortController();
    const waiting = abortableSleep(60_000, controller.signal);
    controller.abort();
    expect((await failure(waiting)).key).toBe('oauth.cancelled');
    const h = harness([]);
    const io = { now: () => 0, sleep: abortableSleep };
    const error = await failure(pollDeviceToken(h.oidc, REGISTRATION, auth, io, CONTEXT, controller.signal));
    expect(error.key).toBe('oauth.cancelled');
    expect(h.grants).toHaveLength(0);
  });
});
