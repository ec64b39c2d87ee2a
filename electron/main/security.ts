import type { WebPreferences } from 'electron';

/** The renderer's sandbox (docs/architecture.md §4.3–4.5): no Node, isolated context, OS sandbox, no webviews. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
    // Middle-click opens links through setWindowOpenHandler (denied) in current Electron; off anyway.
    disableBlinkFeatures: 'Auxclick',
  };
}

export { CONTENT_SECURITY_POLICY } from '../../shared/csp';
