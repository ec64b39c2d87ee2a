import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-quic',
  // The tests share a session bus with an unlocked gnome-keyring; Chromium must not store its own keys there.
  '--password-store=basic',
];

export interface LaunchChromiumOptions {
  /** A visible browser window; needs an X display (see xvfb.ts). */
  headful?: boolean;
  /** DISPLAY for a headful browser, e.g. from startXvfb(); defaults to the inherited DISPLAY. */
  display?: string;
}

/** Debian's Chromium through playwright-core (docs/architecture.md §8); the caller closes the Browser. */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const headful = options.headful ?? false;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  if (options.display) env.DISPLAY = options.display;
  if (headful && !env.DISPLAY) {
    throw new Error(
      'launchChromium({ headful: true }) needs an X display: pass { display } from startXvfb()',
    );
  }
  if (!headful) delete env.DISPLAY;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: !headful,
    args: CHROMIUM_ARGS,
    env,
    timeout: 30_000,
  });
}

/** test-output/screenshots/<name>.png (the folder is created); `name` is reduced to a safe file name. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'screenshot';
  return join(SCREENSHOT_DIR, safe.endsWith('.png') ? safe : `${safe}.png`);
}
