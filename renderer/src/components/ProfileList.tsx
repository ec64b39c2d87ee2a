import { useRef, type KeyboardEvent } from 'react';
import type { ProfileView } from '../../../shared/ipc';
import { useT } from '../i18n';
import { ProviderIcon } from './ProviderIcon';
import { StateBadge } from './profile/StateBadge';

interface ProfileListProps {
  profiles: ProfileView[];
  selected: string | undefined;
  now: number;
  select(name: string): void;
}

/** Favourites first; ↑/↓ move between rows, Home/End jump, Enter or Space opens. */
export function ProfileList({ profiles, selected, now, select }: ProfileListProps) {
  const t = useT();
  const list = useRef<HTMLUListElement>(null);
  const onKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button.row') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      event.key === 'ArrowDown'
        ? index + 1
        : event.key === 'ArrowUp'
          ? index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? buttons.length - 1
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, next))]?.focus();
  };
  return (
    <ul className="profile-list" aria-label={t('ui.profiles')} ref={list} onKeyDown={onKey}>
      {profiles.map((profile) => (
        <li key={profile.name}>
          <button
            type="button"
            className={profile.name === selected ? 'row selected' : 'row'}
            aria-current={profile.name === selected ? 'true' : undefined}
            onClick={() => select(profile.name)}
          >
            <ProviderIcon label={profile.label} />
            <span className="row-text">
              <span className="row-name">
                {profile.favourite && (
                  <span className="fav" aria-label={t('ui.favourite')}>
                    ★{' '}
                  </span>
                )}
                {profile.name}
              </span>
              <span className="row-sub muted small">
                {profile.label}
                {profile.source ? ` · ${t('ui.list.via', { source: profile.source })}` : ''}
              </span>
            </span>
            <StateBadge profile={profile} now={now} compact />
          </button>
        </li>
      ))}
    </ul>
  );
}
