/**
 * Where one CLI process spent its time, by step (keychain calls, PC/SC, HTTP exchanges, ...), for the benchmarks:
 * with TOBIRA_TIMINGS=1 electron/cli/main.ts prints the summary to stderr when the process ends. Recording is a Map
 * update per step, so it is always on; nothing is printed unless asked. Step names and durations only: never a
 * value, an id or a URL.
 */
const steps = new Map<string, { ms: number; count: number }>();

export function addStep(step: string, ms: number): void {
  const entry = steps.get(step);
  if (entry) {
    entry.ms += ms;
    entry.count += 1;
  } else {
    steps.set(step, { ms, count: 1 });
  }
}

/** Times `run` (its wall time, waits included) under `step`, whether it succeeds or throws. */
export async function timeStep<T>(step: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    addStep(step, performance.now() - started);
  }
}

/** Records the time since the process started (performance.timeOrigin) under `mark`, once. */
export function markStep(mark: string): void {
  if (!steps.has(mark)) steps.set(mark, { ms: performance.now(), count: 1 });
}

/** `step=12.3ms×2 ...` in recording order; `×n` only when a step ran more than once. */
export function timingSummary(): string {
  return [...steps]
    .map(([step, { ms, count }]) => `${step}=${ms.toFixed(1)}ms${count > 1 ? `×${count}` : ''}`)
    .join(' ');
}

/** For tests. */
export function resetTimings(): void {
  steps.clear();
}
