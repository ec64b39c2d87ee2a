import { useCallback, useState } from 'react';
import type { AppInfo, IpcRequest, SettingsView } from '../../../shared/ipc';
import type { Call } from '../bridge';

/** The app's facts (version, mode, language, capabilities) and the person's settings. */
export function useSettings(call: Call) {
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [settings, setSettings] = useState<SettingsView | undefined>();
  const fetchSettings = useCallback(async () => {
    const [nextInfo, nextSettings] = await Promise.all([call('app:info', {}), call('settings:get', {})]);
    setInfo(nextInfo);
    setSettings(nextSettings);
  }, [call]);
  /** Saves a change, then re-reads the facts it may change (the language). */
  const saveSettings = useCallback(
    async (patch: IpcRequest<'settings:set'>) => {
      setSettings(await call('settings:set', patch));
      setInfo(await call('app:info', {}));
    },
    [call],
  );
  return { info, settings, fetchSettings, saveSettings };
}
