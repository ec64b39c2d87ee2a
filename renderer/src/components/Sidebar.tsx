import type { AppInfo } from '../../../shared/ipc';
import { PAGES, type Page } from '../hooks/useNavigation';
import { useT } from '../i18n';
import { Brand } from './Brand';
import { ProviderIcon } from './ProviderIcon';

interface SidebarProps {
  page: Page;
  setPage(page: Page): void;
  /** The providers in use; their filter chips show when there is more than one. */
  labels: string[];
  filter: string | undefined;
  setFilter(label: string | undefined): void;
  info: AppInfo | undefined;
}

/** The pages, the provider filter of the profiles page, and the version and mode. */
export function Sidebar({ page, setPage, labels, filter, setFilter, info }: SidebarProps) {
  const t = useT();
  return (
    <nav className="sidebar" aria-label={t('ui.nav')}>
      <Brand />
      <ul className="nav">
        {PAGES.map((name) => (
          <li key={name}>
            <button
              type="button"
              className={page === name ? 'nav-item active' : 'nav-item'}
              aria-current={page === name ? 'page' : undefined}
              onClick={() => setPage(name)}
            >
              {t(`ui.${name}`)}
            </button>
          </li>
        ))}
      </ul>
      {page === 'profiles' && labels.length > 1 && (
        <div className="filters" role="group" aria-label={t('ui.filter')}>
          <p className="filters-title">{t('ui.filter')}</p>
          <button
            type="button"
            className={filter === undefined ? 'chip active' : 'chip'}
            aria-pressed={filter === undefined}
            onClick={() => setFilter(undefined)}
          >
            {t('ui.filter.all')}
          </button>
          {labels.map((label) => (
            <button
              key={label}
              type="button"
              className={filter === label ? 'chip active' : 'chip'}
              aria-pressed={filter === label}
              onClick={() => setFilter(filter === label ? undefined : label)}
            >
              <ProviderIcon label={label} size={16} /> {label}
            </button>
          ))}
        </div>
      )}
      <p className="sidebar-foot muted small">
        {info ? `v${info.version} · ${t(`ui.mode.${info.mode}`)}` : ''}
      </p>
    </nav>
  );
}
