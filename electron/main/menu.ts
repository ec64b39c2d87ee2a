import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayItem } from './tray-model';

/** Turns the tray model into Electron's menu template; clicks run the item's action. */
export function menuTemplate(
  items: readonly TrayItem[],
  run: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'submenu')
      return { id: item.id, label: item.label, submenu: menuTemplate(item.items, run) };
    const action = item.action;
    return {
      id: item.id,
      label: item.label,
      enabled: item.enabled,
      ...(action ? { click: () => run(action) } : {}),
    };
  });
}
