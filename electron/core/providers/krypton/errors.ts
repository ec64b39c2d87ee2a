import { ExitCode, TobiraError } from '../../errors';
import type { SecondFactor } from './profile';

export type KryptonStep = 'keys' | 'verify' | 'provisioning';

/** A 4xx of the Krypton or Keys API, with SORACOM's `{code, message}` when it sent one. */
export class KryptonRejection extends Error {
  constructor(
    readonly step: KryptonStep,
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
  ) {
    super(`${step}: ${status} ${code}`);
  }

  toTobiraError(): TobiraError {
    return new TobiraError(`krypton.rejected.${this.step}`, ExitCode.rejected, {
      status: this.status,
      code: this.code,
      message: this.serverMessage,
    });
  }
}

/**
 * A failed sign-in as the user should hear it: a refusal of the Krypton or Keys API (exit 3), or a SIM that asks
 * for its PIN when the profile says there is none (`--second-factor none`).
 */
export function signInFailure(error: unknown, name: string, secondFactor: SecondFactor): unknown {
  if (error instanceof KryptonRejection) return error.toTobiraError();
  if (error instanceof TobiraError && error.key === 'sim.card.pinRequired' && secondFactor === 'none') {
    return new TobiraError('krypton.pinEnabled', ExitCode.error, { name });
  }
  return error;
}
