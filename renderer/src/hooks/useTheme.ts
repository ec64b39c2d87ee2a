import { useEffect } from 'react';
import type { SettingsView } from '../../../shared/ipc';

/** Applies the theme setting: the system's preference unless light or dark is chosen. */
export function useTheme(theme: SettingsView['theme'] | undefined) {
  useEffect(() => {
    const root = document.documentElement;
    if (!theme || theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);
}
