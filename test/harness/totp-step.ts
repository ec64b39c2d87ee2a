/** Seconds left in the current 30 s TOTP step of the real clock. */
export function secondsLeftInStep(): number {
  return 30 - ((Date.now() / 1000) % 30);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until at least `seconds` remain in the current step, so runs started now fall in the same step. */
export async function roomInStep(seconds: number): Promise<void> {
  const left = secondsLeftInStep();
  if (left < seconds) await sleep(left * 1000 + 200);
}

/** Waits until `seconds` (± 1 s) remain in the step, so that a wait for the next step stays short. */
export async function nearEndOfStep(seconds: number): Promise<void> {
  const left = secondsLeftInStep();
  await sleep((left >= seconds ? left - seconds : left + 30 - seconds) * 1000);
}
