import { ExitCode, TobiraError } from '../../errors';
import { KryptonRejection } from './api';
import type { SecondFactor } from './profile';

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
