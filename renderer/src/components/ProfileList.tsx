import { memo, useEffect, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ProfileSummary } from '../../../shared/ipc';
import { useT } from '../i18n';
import { ProviderIcon } from './ProviderIcon';
import { StateBadge } from './profile/StateBadge';

interface ProfileListProps {
  profiles: ProfileSummary[];
  selected: string | undefined;
  select(name: string): void;
  /** A row the pointer is over: its detail can be fetched before it is clicked. */
  prefetch(name: string): void;
}

const ROW_HEIGHT = 56;
const optionId = (index: number) => `profile-option-${index}`;

/**
 * The profiles as one listbox: a single Tab stop, ↑/↓ move the selection, Home/End jump, PageUp/PageDown move a
 * screenful (aria-activedescendant names the selected row). Only the rows in view are in the DOM, so 10,000 profiles
 * cost what 20 do; rows are memoised, and only a row's time-left badge follows the clock.
 */
export function ProfileList({ profiles, selected, select, prefetch }: ProfileListProps) {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualizer is a mutable object by design (the React compiler cannot memoise around it; nothing here relies on that).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: profiles.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const index = profiles.findIndex((profile) => profile.name === selected);

  // The selected row is kept in view, however it was chosen (keys, a link in the detail pane, a new profile).
  useEffect(() => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [index, virtualizer]);

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: profiles.length - 1,
      PageDown: index + page,
      PageUp: index - page,
    };
    const next = moves[event.key];
    if (next === undefined || profiles.length === 0) return;
    event.preventDefault();
    const target = profiles[Math.max(0, Math.min(profiles.length - 1, next))];
    if (target) select(target.name);
  };

  return (
    <div
      ref={scroller}
      className="profile-list"
      role="listbox"
      aria-label={t('ui.profiles')}
      tabIndex={profiles.length > 0 ? 0 : -1}
      aria-activedescendant={index >= 0 ? optionId(index) : undefined}
      onKeyDown={onKey}
    >
      <div className="profile-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const profile = profiles[item.index];
          if (!profile) return null;
          return (
            <Row
              key={profile.name}
              id={optionId(item.index)}
              profile={profile}
              selected={item.index === index}
              start={item.start}
              position={item.index + 1}
              count={profiles.length}
              select={select}
              prefetch={prefetch}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  id: string;
  profile: ProfileSummary;
  selected: boolean;
  start: number;
  position: number;
  count: number;
  select(name: string): void;
  prefetch(name: string): void;
}

const Row = memo(function Row(props: RowProps) {
  const { id, profile, selected, start, position, count, select, prefetch } = props;
  const t = useT();
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-posinset={position}
      aria-setsize={count}
      className={selected ? 'row selected' : 'row'}
      style={{ transform: `translateY(${start}px)` }}
      onClick={() => select(profile.name)}
      onPointerEnter={() => prefetch(profile.name)}
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
      <StateBadge profile={profile} compact />
    </div>
  );
});
