import { useEffect, useRef } from 'react';
import { useT } from '../i18n';

/** The detail pane before the first profile: what a profile is, and the button that adds one. */
export function EmptyState({ add }: { add(): void }) {
  const t = useT();
  const button = useRef<HTMLButtonElement>(null);
  // After the last profile is removed, the dialog's return target is gone and focus falls to <body>: it goes here.
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) button.current?.focus();
  }, []);
  return (
    <div className="empty-state">
      <span className="empty-state-mark" aria-hidden="true">
        扉
      </span>
      <h2>{t('day.empty.title')}</h2>
      <p className="muted">{t('day.empty.body')}</p>
      <button type="button" className="button primary" onClick={add} ref={button}>
        {t('day.empty.add')}
      </button>
    </div>
  );
}
