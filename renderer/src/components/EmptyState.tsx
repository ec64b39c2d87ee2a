import { useT } from '../i18n';

/** The detail pane before the first profile: what a profile is, and the button that adds one. */
export function EmptyState({ add }: { add(): void }) {
  const t = useT();
  return (
    <div className="empty-state">
      <span className="empty-state-mark" aria-hidden="true">
        扉
      </span>
      <h2>{t('day.empty.title')}</h2>
      <p className="muted">{t('day.empty.body')}</p>
      <button type="button" className="button primary" onClick={add}>
        {t('day.empty.add')}
      </button>
    </div>
  );
}
