import type { ActivityView } from '../../../../shared/ipc';
import type { Call } from '../../bridge';
import { useT } from '../../i18n';

/** What is running for the profile and what it waits for (the browser, an answer), with Cancel. */
export function ActivityBar({ name, activity, call }: { name: string; activity: ActivityView; call: Call }) {
  const t = useT();
  const waiting = activity.waitingFor;
  return (
    <div className="activity" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>
        {waiting === 'browser'
          ? t('ui.activity.browser')
          : waiting === 'prompt'
            ? t('ui.activity.prompt')
            : t(`ui.activity.${activity.action}`)}
        {waiting === 'browser' && activity.link && (
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
