import type { AppInfo, IpcRequest, SettingsView } from '../../../shared/ipc';
import { useT } from '../i18n';

interface SettingsProps {
  info: AppInfo;
  settings: SettingsView;
  change(patch: IpcRequest<'settings:set'>): void;
}

export function Settings({ info, settings, change }: SettingsProps) {
  const t = useT();
  const storeLocked = settings.secretStoreInUse !== null || settings.secretStoreFromEnv;
  return (
    <section className="page" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('ui.settings')}</h2>
      <div className="card form">
        <div className="field row">
          <label htmlFor="s-language">{t('ui.settings.language')}</label>
          <select
            id="s-language"
            value={settings.language}
            onChange={(event) => change({ language: event.target.value as SettingsView['language'] })}
          >
            <option value="auto">{t('ui.settings.language.auto')}</option>
            <option value="ja">日本語</option>
            <option value="en">English</option>
          </select>
        </div>
        <div className="field row">
          <label htmlFor="s-theme">{t('ui.settings.theme')}</label>
          <select
            id="s-theme"
            value={settings.theme}
            onChange={(event) => change({ theme: event.target.value as SettingsView['theme'] })}
          >
            <option value="system">{t('ui.settings.theme.system')}</option>
            <option value="light">{t('ui.settings.theme.light')}</option>
            <option value="dark">{t('ui.settings.theme.dark')}</option>
          </select>
        </div>
        <div className="field row">
          <label htmlFor="s-store">{t('ui.settings.store')}</label>
          <select
            id="s-store"
            value={settings.secretStoreInUse ?? settings.secretStoreEnv ?? settings.secretStore}
            disabled={storeLocked}
            aria-describedby="s-store-hint"
            onChange={(event) => change({ secretStore: event.target.value as SettingsView['secretStore'] })}
          >
            <option value="auto">{t('ui.settings.store.auto')}</option>
            <option value="keychain">{t('ui.settings.store.keychain')}</option>
            <option value="file">{t('ui.settings.store.file')}</option>
          </select>
          <p className="hint" id="s-store-hint">
            {settings.secretStoreFromEnv
              ? t('ui.settings.store.fromEnv')
              : settings.secretStoreInUse
                ? t('ui.settings.store.inUse', { store: t(`ui.settings.store.${settings.secretStoreInUse}`) })
                : t('ui.settings.store.hint')}
          </p>
        </div>
        <div className="field row">
          <label htmlFor="s-console-browser">{t('ui.settings.consoleBrowser')}</label>
          <select
            id="s-console-browser"
            value={settings.consoleBrowser}
            aria-describedby="s-console-browser-hint"
            onChange={(event) => change({ consoleBrowser: event.target.value })}
          >
            {consoleBrowserOptions(settings).map((value) => (
              <option key={value} value={value}>
                {value === 'default' ? t('ui.settings.consoleBrowser.default') : value}
              </option>
            ))}
          </select>
          <p className="hint" id="s-console-browser-hint">
            {t('ui.settings.consoleBrowser.hint')}
          </p>
        </div>
        <div className="field checkbox">
          <input
            id="s-login"
            type="checkbox"
            checked={settings.startAtLogin}
            disabled={!info.capabilities.startAtLogin}
            onChange={(event) => change({ startAtLogin: event.target.checked })}
            aria-describedby="s-login-hint"
          />
          <label htmlFor="s-login">{t('ui.settings.startAtLogin')}</label>
          <p className="hint" id="s-login-hint">
            {info.capabilities.startAtLogin
              ? t('ui.settings.startAtLogin.hint')
              : t('ui.settings.startAtLogin.unavailable')}
          </p>
        </div>
        <div className="field row">
          <label htmlFor="s-key-age">{t('ui.settings.keyRotationDays')}</label>
          <input
            id="s-key-age"
            type="number"
            min={1}
            max={3650}
            defaultValue={settings.keyRotationDays}
            aria-describedby="s-key-age-hint"
            onBlur={(event) => {
              const days = Number(event.target.value);
              if (Number.isInteger(days) && days >= 1 && days <= 3650 && days !== settings.keyRotationDays)
                change({ keyRotationDays: days });
            }}
          />
          <p className="hint" id="s-key-age-hint">
            {t('ui.settings.keyRotationDays.hint')}
          </p>
        </div>
      </div>
      <div className="card">
        <h3>{t('ui.settings.about')}</h3>
        <dl className="details">
          <div>
            <dt>{t('ui.settings.version')}</dt>
            <dd>{info.version}</dd>
          </div>
          <div>
            <dt>{t('ui.settings.home')}</dt>
            <dd>
              <code>{info.home}</code>
            </dd>
          </div>
          <div>
            <dt>{t('ui.settings.mode')}</dt>
            <dd>{t(`ui.mode.${info.mode}`)}</dd>
          </div>
          <div>
            <dt>{t('ui.settings.agent')}</dt>
            <dd>{info.capabilities.agent ? t('ui.settings.agent.on') : t('ui.settings.agent.off')}</dd>
          </div>
        </dl>
      </div>
    </section>
  );
}

/** The system browser, the browsers found here, and the current choice (a command set from the CLI's settings). */
function consoleBrowserOptions(settings: SettingsView): string[] {
  const options = ['default', ...(settings.installedBrowsers ?? [])];
  return options.includes(settings.consoleBrowser) ? options : [...options, settings.consoleBrowser];
}
