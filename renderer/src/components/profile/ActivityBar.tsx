import { useEffect, useRef } from 'react';
import type { ActivityView } from '../../../../shared/ipc';
import type { Call } from '../../bridge';
import { useT } from '../../i18n';

/** Addresses this page already opened a tab for: each one-shot link is opened once, by one bar. */
const openedLinks = new Set<string>();

/**
 * What is running for the profile and what it waits for (the browser, an answer), with Cancel. In browser mode the
 * server hands the page the address to open (the console's one-shot loopback link, an OAuth sign-in page): the page
 * opens a new tab itself, and offers the link in case the browser blocked the tab.
 */
export function ActivityBar({ name, activity, call }: { name: string; activity: ActivityView; call: Call }) {
  const t = useT();
  const waiting = activity.waitingFor;
  const open = activity.open ?? null;
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (!open || openedLinks.has(open)) return;
    openedLinks.add(open);
    // noopener: the opened page gets no handle on this one.
    window.open(open, '_blank', 'noopener,noreferrer');
  }, [open]);
  return (
    <div className="activity" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>
        {waiting === 'browser'
          ? t('ui.activity.browser')
          : waiting === 'prompt'
            ? t('ui.activity.prompt')
            : t(`ui.activity.${activity.action}`)}
        {waiting === 'browser' && open && (
          <span className="activity-link">
            {' '}
            {t('day.activity.opened')}{' '}
            <a ref={link} className="link" href={open} target="_blank" rel="noreferrer noopener">
              {t('day.activity.openHere')}
            </a>
          </span>
        )}
        {waiting === 'browser' && !open && activity.link && (
          <span className="activity-link">
            {' '}
            {t('ui.activity.link')}{' '}
            <a className="link" href={activity.link} target="_blank" rel="noreferrer noopener">
              {t('ui.prompt.openLink')}
            </a>
          </span>
        )}
      </span>
      <button type="button" className="button subtle" onClick={() => void call('activity:cancel', { name })}>
        {t('ui.cancel')}
      </button>
    </div>
  );
}
