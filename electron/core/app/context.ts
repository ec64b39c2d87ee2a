import type { Lang } from '../../../shared/i18n';
import type { UiEvent } from '../../../shared/ipc';
import { ExitCode, TobiraError } from '../errors';
import type { Env } from '../home';
import type { Vault } from '../vault/vault';
import type { PromptCenter } from './prompts';
import type { SettingsStore } from '../settings';

export interface AppClipboard {
  /** Writes `text` and clears it after `clearAfterMs` if it is still what we wrote. */
  write(text: string, clearAfterMs: number): void;
}

export interface AppPlatform {
  mode: 'electron' | 'browser';
  /** The system's language, for the `auto` language setting. */
  systemLang: Lang;
  clipboard?: AppClipboard;
  startAtLogin?: { get(): boolean; set(enabled: boolean): void };
  /** Opens a URL (never one that carries a token; console links go through a one-shot redirect). */
  openBrowser?: (url: string) => Promise<void>;
  /** Whether this process serves the agent socket (CLI prompts appear here). */
  agent?: () => boolean;
}

export interface AppServiceOptions {
  home: string;
  env: Env;
  platform: AppPlatform;
  prompts?: PromptCenter;
  now?: () => number;
}

export const CLEAR_CREDENTIALS_MS = 60_000;
export const CLEAR_OTP_MS = 30_000;

/** What every concern of the app service shares: its options, the vault of the current settings and its events. */
export interface AppContext {
  readonly home: string;
  readonly env: Env;
  readonly platform: AppPlatform;
  readonly prompts: PromptCenter;
  readonly settings: SettingsStore;
  readonly now: () => number;
  vault(): Vault;
  lang(): Lang;
  emit(event: UiEvent): void;
}

/**
 * Puts `text` on the clipboard: the desktop app's own (cleared after `clearAfterMs` if unchanged), or in browser mode
 * hands it to the page, which writes the person's browser clipboard itself (the server machine's would be useless).
 */
export function copyText(
  platform: AppPlatform,
  text: string,
  clearAfterMs: number,
): { clearsInSeconds: number; text?: string } {
  const clearsInSeconds = clearAfterMs / 1000;
  if (platform.clipboard) {
    platform.clipboard.write(text, clearAfterMs);
    return { clearsInSeconds };
  }
  if (platform.mode === 'browser') return { clearsInSeconds, text };
  throw new TobiraError('ui.clipboard.unavailable', ExitCode.usage);
}

/** The platform's clipboard, or the usage error of a mode without one (browser mode). */
export function clipboardOf(platform: AppPlatform): AppClipboard {
  if (!platform.clipboard) throw new TobiraError('ui.clipboard.unavailable', ExitCode.usage);
  return platform.clipboard;
}
