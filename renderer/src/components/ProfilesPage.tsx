import type { RefObject } from 'react';
import type { ActivityView, AppInfo, ProfileView, TypeView } from '../../../shared/ipc';
import type { Call } from '../bridge';
import type { ProfileFilter } from '../hooks/useProfileFilter';
import type { Notify } from '../hooks/useToasts';
import { useT } from '../i18n';
import { EmptyState } from './EmptyState';
import { ProfileDetail } from './ProfileDetail';
import { ProfileList } from './ProfileList';

interface ProfilesPageProps {
  /** All profiles, before search and filter; undefined until the first load. */
  profiles: ProfileView[] | undefined;
  view: ProfileFilter;
  types: TypeView[];
  info: AppInfo | undefined;
  activity: ActivityView[];
  call: Call;
  now: number;
  notify: Notify;
  search: RefObject<HTMLInputElement | null>;
  add(initial: { type?: string; options?: Record<string, string> }): void;
}

/** The searchable profile list and the chosen profile's detail. */
export function ProfilesPage(props: ProfilesPageProps) {
  const { profiles, view, types, info, activity, call, now, notify, search, add } = props;
  const t = useT();
  const { current } = view;
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
        <ProfileList profiles={view.visible} selected={current?.name} now={now} select={view.setSelected} />
      </section>
      <section className="detail-pane" aria-live="off">
        {current && info ? (
          <ProfileDetail
            key={current.name}
            profile={current}
            profiles={view.sorted}
            types={types}
            info={info}
            call={call}
            activity={activity.find((entry) => entry.profile === current.name)}
            now={now}
            notify={notify}
            select={view.reveal}
            addDerived={(type, source) => add({ type, options: { source } })}
          />
        ) : (
          profiles !== undefined &&
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
