import { ExitCode, TobiraError } from '../../errors';
import { isValidPin, simErrors, withUsim, type Usim } from '../../sim';
import type { FreshSession } from '../../vault/credential-cache';
import { partitionOfRegion } from '../aws/session';
import { isoSeconds } from '../common/time';
import { badResponse } from '../../bad-response';
import type { LoginRequest, LoginServices } from '../types';
import { translate } from '../../../../shared/i18n';
import { KryptonApi, KryptonRejection, type CognitoCredentials } from './api';
import { kryptonBase } from './endpoint';
import { signInFailure } from './errors';
import { KryptonKeyCache, type KryptonKey } from './key-cache';
import { KRYPTON_LABEL, KryptonFields } from './profile';

/** How long a sign-in waits for the SIM to be inserted (TOBIRA_SIM_WAIT_MS overrides; 0 = not at all). */
export const DEFAULT_SIM_WAIT_MS = 30_000;

/** Where the time of one sign-in went (`TOBIRA_KRYPTON_TIMINGS=1` prints it; the benchmark reads it). */
export class StepTimer {
  readonly steps: Record<string, number> = {};

  add(step: string, ms: number): void {
    this.steps[step] = (this.steps[step] ?? 0) + ms;
  }

  async time<T>(step: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.add(step, performance.now() - started);
    }
  }

  summary(): string {
    return Object.entries(this.steps)
      .map(([step, value]) =>
        step.endsWith('.apdus') ? `${step}=${value}` : `${step}=${value.toFixed(1)}ms`,
      )
      .join(' ');
  }
}

/**
 * SIM → Keys API (AKA, resync once on AUTS) → verify RES → CK → signed Cognito provisioning → AWS credentials
 * (docs/protocols/krypton.md). A cached key skips AKA; if the server refuses it, it is dropped and AKA is done once more.
 */
export async function loginKrypton(services: LoginServices, request: LoginRequest): Promise<FreshSession> {
  const { profile } = request;
  const fields = KryptonFields.parse(profile.fields);
  const timer = new StepTimer();
  const base = kryptonBase(fields, services.env);
  const api = new KryptonApi(base, {
    http: (step, ms) => timer.add(`http.${step}`, ms),
    sign: (ms) => timer.add('sign', ms),
  });
  const keys = new KryptonKeyCache(services.vault);
  if (fields.secondFactor === 'none') services.notice('krypton.singleFactor', { name: profile.name });

  const started = performance.now();
  let simStarted = started;
  let promptMs = 0;
  const askPin = async (): Promise<string> => {
    const asked = performance.now();
    try {
      const pin = await services.askSecret({
        profile,
        provider: KRYPTON_LABEL,
        label: 'krypton.pin.label',
        params: { reader: fields.reader ?? '' },
      });
      // Checked before anything reaches the card, so a typo never costs one of the SIM's few tries.
      if (!isValidPin(pin)) throw simErrors.pinFormat();
      return pin;
    } finally {
      promptMs += performance.now() - asked;
    }
  };

  const stats = { apdus: 0, waitMs: 0 };
  const aidHint = await timer.time('keyCache.read', () => keys.aidHint(profile));
  const credentials = await withUsim(
    {
      stats,
      ...(aidHint ? { aidHint } : {}),
      ...(fields.reader ? { reader: fields.reader } : {}),
      waitMs: simWaitMs(services.env),
      onWait: (reader) => {
        services.notice('sim.wait.waiting', {
          reader: reader ? `"${reader}"` : translate(services.lang, 'sim.wait.anyReader'),
        });
        simStarted = Number.NaN; // waiting for the person is not Tobira's time
      },
      ...(fields.secondFactor === 'sim-pin' ? { pin: askPin } : {}),
    },
    async (usim) => {
      timer.add('sim.imsi', Number.isNaN(simStarted) ? 0 : performance.now() - simStarted - promptMs);
      return signIn(api, keys, usim, request, base, timer);
    },
  ).catch((error: unknown) => {
    throw signInFailure(error, profile.name, fields.secondFactor);
  });
  if (promptMs > 0) timer.add('prompt.pin', promptMs);
  timer.add('pcsc.wait', stats.waitMs);
  timer.add('pcsc.apdus', stats.apdus);
  timer.add('total', performance.now() - started);
  if (services.env.TOBIRA_KRYPTON_TIMINGS === '1') {
    services.notice('krypton.timings', { detail: timer.summary() });
  }
  return toSession(credentials, fields.region);
}

async function signIn(
  api: KryptonApi,
  keys: KryptonKeyCache,
  usim: Usim,
  request: LoginRequest,
  base: string,
  timer: StepTimer,
): Promise<CognitoCredentials> {
  const { profile } = request;
  const cached = await keys.read(profile, usim.imsi, base);
  if (cached) {
    try {
      return await api.cognitoCredentials(cached.keyId, cached.ck);
    } catch (error) {
      // An expired or forgotten key: drop it and run AKA once; any other failure is the answer.
      if (!(error instanceof KryptonRejection && (error.status === 401 || error.status === 403))) throw error;
      await keys.drop(profile);
    }
  }
  const key = await authenticate(api, usim, timer);
  const credentials = await api.cognitoCredentials(key.keyId, key.ck);
  // Kept only once the server has taken it, so a refused key is never reused.
  await timer.time('keyCache.write', () => keys.write(profile, usim.imsi, base, key, usim.aid));
  return credentials;
}

/** AKA: challenge → AUTHENTICATE → (sync failure: resync with AUTS, once) → verify RES. CK is the shared key. */
async function authenticate(api: KryptonApi, usim: Usim, timer: StepTimer): Promise<KryptonKey> {
  let challenge = await api.createKey(usim.imsi);
  let result = await timer.time('sim.authenticate', () => usim.authenticate(challenge.rand, challenge.autn));
  if (result.status === 'syncFailure') {
    challenge = await api.createKey(usim.imsi, { rand: challenge.rand, auts: result.auts });
    result = await timer.time('sim.authenticate', () => usim.authenticate(challenge.rand, challenge.autn));
    if (result.status === 'syncFailure') {
      throw new TobiraError('krypton.resyncFailed', ExitCode.rejected, { reader: usim.reader });
    }
  }
  await api.verify(challenge.keyId, result.res);
  return { keyId: challenge.keyId, ck: result.ck };
}

function simWaitMs(env: LoginServices['env']): number {
  const value = env.TOBIRA_SIM_WAIT_MS;
  if (value === undefined || value === '') return DEFAULT_SIM_WAIT_MS;
  if (!/^\d{1,7}$/.test(value)) {
    throw new TobiraError('profile.invalidField', ExitCode.usage, {
      field: 'TOBIRA_SIM_WAIT_MS',
      detail: 'milliseconds',
    });
  }
  return Number(value);
}

/** Cognito's answer as the AwsCredentials session data every AWS command understands. */
export function toSession(response: CognitoCredentials, profileRegion?: string): FreshSession {
  const { credentials } = response;
  const { expiration: raw } = credentials;
  // Epoch ms per the typed clients; a number too small for ms in this century is taken as seconds.
  const expiresAt = typeof raw === 'number' ? (raw < 1e11 ? raw * 1000 : raw) : Date.parse(raw);
  if (!Number.isFinite(expiresAt) || expiresAt <= Date.now()) {
    throw badResponse({
      service: KRYPTON_LABEL,
      what: 'Cognito credentials',
      problem: 'credentials.expiration is not in the future',
      status: 200,
      exitCode: ExitCode.error,
    });
  }
  const expiration = isoSeconds(expiresAt);
  return {
    expiration,
    data: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretKey,
      sessionToken: credentials.sessionToken,
      expiration,
      ...((profileRegion ?? response.region) ? { region: profileRegion ?? response.region } : {}),
      partition: partitionOfRegion(response.region) ?? 'aws',
      origin: 'cognito',
      ...(response.identityId ? { identityId: response.identityId } : {}),
    },
  };
}
