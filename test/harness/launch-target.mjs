// The URL a Tobira launch file forwards to (electron/core/browser.ts writes them; a browser's argv holds only the
// file's file:// URL). Plain JavaScript, so the throwaway "browser" scripts that tests hand to TOBIRA_BROWSER can
// import it as well as the tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** @param {string} launch a file:// URL or a path  @returns {string} */
export function launchTarget(launch) {
  const path = launch.startsWith('file:') ? fileURLToPath(launch) : launch;
  const match = /<meta http-equiv="refresh" content="0;url=([^"]*)">/.exec(readFileSync(path, 'utf8'));
  if (!match) throw new Error(`not a launch file: ${launch}`);
  return (match[1] ?? '').replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
}

/** Where launchTarget lives, for scripts written by tests. */
export const LAUNCH_TARGET_MODULE = import.meta.url;
