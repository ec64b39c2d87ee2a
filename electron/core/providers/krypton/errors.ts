import { ExitCode, TobiraError } from '../../errors';

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
