import type { ProfileSummary } from '../../shared/ipc';
import { translate, type Lang, type MessageKey, type MessageParams } from '../../shared/i18n';
import { timeLeftOf, twoDigits } from '../../shared/time-left';

export type TrayAction =
  | { type: 'login' | 'logout' | 'console' | 'copyEnv' | 'copyOtp' | 'select'; profile: string }
  | { type: 'show' | 'prompts' | 'quit' };

export type TrayItem =
  | { kind: 'separator' }
  | { kind: 'item'; id: string; label: string; enabled: boolean; action?: TrayAction }
  | { kind: 'submenu'; id: string; label: string; items: TrayItem[] };

export interface TrayState {
  profiles: readonly ProfileSummary[];
  /** Prompts waiting for an answer (MFA from a terminal, ...). */
  pendingPrompts: number;
  lang: Lang;
  now: number;
  /** How many non-favourite profiles are shown at the top level before "Other profiles". */
  topLimit?: number;
}

const SEPARATOR: TrayItem = { kind: 'separator' };

/** Compact time left for menu labels: "1h05m", "12m". */
export function timeLeftShort(expiration: string | null, now: number): string | undefined {
  if (!expiration) return undefined;
  const { seconds, hours, minutes } = timeLeftOf(expiration, now);
  if (seconds <= 0) return undefined;
  return hours > 0 ? `${hours}h${twoDigits(minutes)}m` : `${Math.max(1, minutes)}m`;
}

/**
 * The tray (menu bar) menu as plain data, built from the app's state only, so it is unit-tested without Electron:
 * pending prompts, favourites first (each with Log in / Open console / Copy credentials as env / Log out), the other
 * profiles, "Switch <provider> user" (profiles built on another: SORACOM switch user, AWS roles), MFA codes of TOTP
 * profiles, then Show and Quit.
 */
export function trayModel(state: TrayState): TrayItem[] {
  const t = (key: MessageKey, params?: MessageParams) => translate(state.lang, key, params);
  const items: TrayItem[] = [];
  if (state.pendingPrompts > 0) {
    items.push(
      {
        kind: 'item',
        id: 'prompts',
        label: t('ui.tray.prompts', { count: state.pendingPrompts }),
        enabled: true,
        action: { type: 'prompts' },
      },
      SEPARATOR,
    );
  }
  const byName = (a: ProfileSummary, b: ProfileSummary) => a.name.localeCompare(b.name);
  const withSessions = state.profiles.filter((profile) => profile.hasSessions && profile.source === null);
  const favourites = withSessions.filter((profile) => profile.favourite).sort(byName);
  const others = withSessions.filter((profile) => !profile.favourite).sort(byName);
  const limit = state.topLimit ?? (favourites.length > 0 ? 0 : 8);

  const entry = (profile: ProfileSummary): TrayItem => {
    const left =
      profile.session.state === 'expired' ? undefined : timeLeftShort(profile.session.expiration, state.now);
    const label = left ? t('ui.tray.entry', { name: profile.name, left }) : profile.name;
    const actions: TrayItem[] = [];
    if (profile.hasConsole) {
      actions.push({
        kind: 'item',
        id: `console:${profile.name}`,
        // A remembered page (tobira console --remember) is where this opens: the label says which.
        label: profile.consolePage
          ? t('ui.tray.openConsoleAt', { page: profile.consolePage })
          : t('ui.tray.openConsole'),
        enabled: true,
        action: { type: 'console', profile: profile.name },
      });
    }
    actions.push(
      {
        kind: 'item',
        id: `copyEnv:${profile.name}`,
        label: t('ui.tray.copyEnv'),
        enabled: true,
        action: { type: 'copyEnv', profile: profile.name },
      },
      {
        kind: 'item',
        id: `login:${profile.name}`,
        label: t('ui.tray.login'),
        enabled: true,
        action: { type: 'login', profile: profile.name },
      },
    );
    if (profile.session.state !== 'none') {
      actions.push({
        kind: 'item',
        id: `logout:${profile.name}`,
        label: t('ui.tray.logout'),
        enabled: true,
        action: { type: 'logout', profile: profile.name },
      });
    }
    return {
      kind: 'submenu',
      id: `profile:${profile.name}`,
      label: `${profile.favourite ? '★ ' : ''}${label}`,
      items: actions,
    };
  };

  const top = [...favourites, ...others.slice(0, limit)];
  const rest = others.slice(limit);
  items.push(...top.map(entry));
  if (rest.length > 0)
    items.push({ kind: 'submenu', id: 'more', label: t('ui.tray.more'), items: rest.map(entry) });
  if (state.profiles.length === 0)
    items.push({ kind: 'item', id: 'none', label: t('ui.tray.none'), enabled: false });

  const derived = state.profiles.filter((profile) => profile.hasSessions && profile.source !== null);
  const providers = [...new Set(derived.map((profile) => profile.label))].sort();
  if (providers.length > 0) items.push(SEPARATOR);
  for (const provider of providers) {
    const targets = derived.filter((profile) => profile.label === provider).sort(byName);
    items.push({
      kind: 'submenu',
      id: `switch:${provider}`,
      label: t('ui.tray.switch', { provider }),
      items: targets.map((profile) => {
        const left = timeLeftShort(profile.session.expiration, state.now);
        const name = `${profile.name} (${profile.source ?? ''})`;
        return {
          kind: 'submenu' as const,
          id: `target:${profile.name}`,
          label: left ? t('ui.tray.entry', { name, left }) : name,
          items: [
            ...(profile.hasConsole
              ? [
                  {
                    kind: 'item' as const,
                    id: `console:${profile.name}`,
                    label: t('ui.tray.openConsole'),
                    enabled: true,
                    action: { type: 'console' as const, profile: profile.name },
                  },
                ]
              : []),
            {
              kind: 'item' as const,
              id: `copyEnv:${profile.name}`,
              label: t('ui.tray.copyEnv'),
              enabled: true,
              action: { type: 'copyEnv' as const, profile: profile.name },
            },
            {
              kind: 'item' as const,
              id: `login:${profile.name}`,
              label: t('ui.tray.login'),
              enabled: true,
              action: { type: 'login' as const, profile: profile.name },
            },
          ],
        };
      }),
    });
  }

  const codes = state.profiles.filter((profile) => profile.hasOtp).sort(byName);
  if (codes.length > 0) {
    items.push(SEPARATOR, {
      kind: 'submenu',
      id: 'codes',
      label: t('ui.tray.codes'),
      items: codes.map((profile) => ({
        kind: 'item' as const,
        id: `copyOtp:${profile.name}`,
        label: t('ui.tray.copyCode', { name: profile.name }),
        enabled: true,
        action: { type: 'copyOtp' as const, profile: profile.name },
      })),
    });
  }

  items.push(
    SEPARATOR,
    { kind: 'item', id: 'show', label: t('ui.tray.show'), enabled: true, action: { type: 'show' } },
    { kind: 'item', id: 'quit', label: t('ui.tray.quit'), enabled: true, action: { type: 'quit' } },
  );
  return items;
}

export interface ExpiryNotice {
  profile: string;
  expiration: string;
  title: string;
  body: string;
}

/**
 * Sessions that entered their last minutes since the last check, each once per expiration (a fresh login gets a new
 * expiration and may be noticed again). `notified` holds "name@expiration" keys and is updated in place.
 */
export function expiringNotices(
  profiles: readonly ProfileSummary[],
  notified: Set<string>,
  now: number,
  lang: Lang,
  windowMs = 5 * 60_000,
): ExpiryNotice[] {
  const notices: ExpiryNotice[] = [];
  for (const profile of profiles) {
    const expiration = profile.session.expiration;
    if (!expiration) continue;
    const left = Date.parse(expiration) - now;
    const key = `${profile.name}@${expiration}`;
    if (left <= 0 || left > windowMs || notified.has(key)) continue;
    notified.add(key);
    notices.push({
      profile: profile.name,
      expiration,
      title: translate(lang, 'ui.notify.expiring.title'),
      body: translate(lang, 'ui.notify.expiring.body', {
        name: profile.name,
        left: timeLeftShort(expiration, now) ?? '1m',
      }),
    });
  }
  return notices;
}
