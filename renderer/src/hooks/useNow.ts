import { useSyncExternalStore } from 'react';

/**
 * One clock for the whole page, ticking once a second only while something shows a countdown: the components that
 * call useNow (badges with time left, the detail pane, the prompt) re-render each second, and nothing else does.
 */
const listeners = new Set<() => void>();
let current = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    current = Date.now();
    timer = setInterval(() => {
      current = Date.now();
      for (const notify of listeners) notify();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, renewed every second: for countdowns and time-left badges. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => current);
}
