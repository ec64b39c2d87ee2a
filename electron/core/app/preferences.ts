import { SecretStoreSetting, type AppInfo, type IpcRequest, type SettingsView } from '../../../shared/ipc';
import { detectBrowsers, parseBrowserChoice, systemProbe } from '../console-browser';
import { ExitCode, TobiraError } from '../errors';
import { TOBIRA_VERSION } from '../version';
import type { AppContext } from './context';
import type { AppSettings } from '../settings';

/** What the app is and can do here: version, home, language, mode and the platform's capabilities. */
export function appInfo(context: AppContext): AppInfo {
  const platform = context.platform;
  return {
    version: TOBIRA_VERSION,
    home: context.home,
    lang: context.lang(),
    mode: platform.mode,
    capabilities: {
      clipboard: platform.clipboard !== undefined,
      startAtLogin: platform.startAtLogin !== undefined,
      agent: platform.agent?.() ?? false,
    },
  };
}

export function settingsView(context: AppContext): SettingsView {
  const settings = context.settings.read();
  return {
    language: settings.language,
    theme: settings.theme,
    startAtLogin: context.platform.startAtLogin?.get() ?? settings.startAtLogin,
    secretStore: settings.secretStore,
    secretStoreInUse: context.vault().profiles.read().secretStore ?? null,
    secretStoreFromEnv: context.env.TOBIRA_SECRET_STORE !== undefined,
    keyRotationDays: settings.keyRotationDays,
    secretStoreEnv: SecretStoreSetting.safeParse(context.env.TOBIRA_SECRET_STORE).data ?? null,
    consoleBrowser: settings.consoleBrowser ?? 'default',
    installedBrowsers: detectBrowsers(systemProbe(context.env))
      .filter((browser) => !browser.snap)
      .map((browser) => browser.kind),
  };
}

/** Saves a change of settings; the secret store cannot change once the vault uses one or the environment sets it. */
export function setSettings(context: AppContext, change: IpcRequest<'settings:set'>): SettingsView {
  const next: Partial<Omit<AppSettings, 'version'>> = { ...change };
  if (change.consoleBrowser !== undefined) parseBrowserChoice(change.consoleBrowser);
  if (change.secretStore !== undefined && change.secretStore !== context.settings.read().secretStore) {
    const inUse = context.vault().profiles.read().secretStore;
    if (inUse || context.env.TOBIRA_SECRET_STORE !== undefined) {
      throw new TobiraError('ui.settings.storeLocked', ExitCode.usage, {
        store: inUse ?? 'TOBIRA_SECRET_STORE',
      });
    }
  }
  if (change.startAtLogin !== undefined) {
    const control = context.platform.startAtLogin;
    if (!control) throw new TobiraError('ui.startAtLogin.unavailable', ExitCode.usage);
    control.set(change.startAtLogin);
  }
  context.settings.write(next);
  context.emit({ kind: 'changed', topics: ['settings'] });
  return settingsView(context);
}
