import type { TobiraApi } from '../../shared/ipc';

declare global {
  interface Window {
    tobira?: TobiraApi;
  }
}

/** The preload's typed bridge in Electron; undefined when the page is opened without it. */
export function tobiraApi(): TobiraApi | undefined {
  return window.tobira;
}
