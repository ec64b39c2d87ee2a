import { useEffect, useRef, type ComponentProps, type RefObject } from 'react';
import type { ActivityView, AppInfo, ProfileSummary, TypeView } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { useNow } from '../hooks/useNow';
import type { ProfileFilter } from '../hooks/useProfileFilter';
import { useProfileDetail } from '../hooks/useProfiles';
import type { Notify } from '../hooks/useToasts';
import { useT } from '../i18n';
import { EmptyState } from './EmptyState';
import { ProfileDetail } from './ProfileDetail';
import { ProfileList } from './ProfileList';

interface ProfilesPageProps {
  /** All profiles, before search and filter; undefined until the first load. */
  profiles: ProfileSummary[] | undefined;
  view: ProfileFilter;
  types: TypeView[];
  info: AppInfo | undefined;
  activity: ActivityView[];
  call: Call;
  notify: Notify;
  search: RefObject<HTMLInputElement | null>;
  add(initial: { type?: string; options?: Record<string, string> }): void;
}

/**
 * The searchable profile list and the chosen profile's detail, side by side at the window's height: each pane
 * scrolls on its own, and a newly chosen profile's detail starts at its top.
 */
export function ProfilesPage(props: ProfilesPageProps) {
  const { profiles, view, types, info, activity, call, notify, search, add } = props;
  const t = useT();
  const { current } = view;
  const at = current ? view.visible.indexOf(current) : -1;
  const neighbours = [view.visible[at - 1]?.name ?? '', view.visible[at + 1]?.name ?? ''];
  const { detail, prefetch } = useProfileDetail(call, profiles, current, neighbours);
  const pane = useRef<HTMLElement>(null);
  const shown = detail?.name;
  useEffect(() => {
    pane.current?.scrollTo({ top: 0 });
  }, [shown]);
  return (
    <div className="profiles-page">
      <section className="list-pane" aria-label={t('ui.profiles')}>
        <div className="toolbar">
          <label htmlFor="search" className="sr-only">
            {t('ui.search')}
          </label>
          <input
            id="search"
            ref={search}
            type="search"
            placeholder={t('ui.search.placeholder')}
            value={view.query}
            onChange={(event) => view.setQuery(event.target.value)}
          />
          <button type="button" className="button primary" onClick={() => add({})}>
            {t('ui.add')}
          </button>
        </div>
        {profiles === undefined && <p role="status">{t('ui.loading')}</p>}
        {profiles !== undefined && profiles.length === 0 && (
          <div className="empty">
            <p>{t('ui.empty.title')}</p>
            <p className="muted small">{t('ui.empty.body')}</p>
          </div>
        )}
        {profiles !== undefined && profiles.length > 0 && view.visible.length === 0 && (
          <p className="muted empty">{t('ui.search.none')}</p>
        )}
        <ProfileList
          profiles={view.visible}
          selected={current?.name}
          select={view.setSelected}
          prefetch={prefetch}
        />
      </section>
      <section className="detail-pane" aria-live="off" ref={pane}>
        {detail && info ? (
          <TickingDetail
            key={detail.name}
            profile={detail}
            profiles={view.sorted}
            types={types}
            info={info}
            call={call}
            activity={activity.find((entry) => entry.profile === detail.name)}
            notify={notify}
            select={view.reveal}
            addDerived={(type, source) => add({ type, options: { source } })}
          />
        ) : (
          profiles !== undefined &&
          current === undefined &&
          (profiles.length === 0 ? (
            <EmptyState add={() => add({})} />
          ) : (
            <p className="muted placeholder">{t('ui.detail.none')}</p>
          ))
        )}
      </section>
    </div>
  );
}

/** The detail pane follows the page clock (its countdowns); the list does not. */
function TickingDetail(props: Omit<ComponentProps<typeof ProfileDetail>, 'now'>) {
  return <ProfileDetail {...props} now={useNow()} />;
}
