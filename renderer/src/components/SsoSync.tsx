import { useState } from 'react';
import type { SsoSyncItemView } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { useAction } from '../hooks/useAction';
import type { Notify } from '../hooks/useToasts';
import { useT } from '../i18n';
import { FormError } from './FormError';

interface SsoSyncProps {
  /** The aws-sso-session profile whose accounts and roles are synced. */
  session: string;
  call: Call;
  notify: Notify;
}

/** IAM Identity Center: preview, then create one profile per account × role (`tobira sso sync`). */
export function SsoSync({ session, call, notify }: SsoSyncProps) {
  const t = useT();
  const { busy, failure, run } = useAction();
  const [plan, setPlan] = useState<{ dryRun: boolean; items: SsoSyncItemView[] } | undefined>();

  const sync = (dryRun: boolean) =>
    run(async () => {
      const { items } = await call('sso:sync', { name: session, dryRun });
      setPlan({ dryRun, items });
      if (!dryRun) {
        const count = (action: SsoSyncItemView['action']) =>
          items.filter((item) => item.action === action).length;
        notify(
          t('sso.sync.done', {
            session,
            created: count('create'),
            updated: count('update'),
            removed: count('remove'),
            skipped: count('skip'),
          }),
        );
      }
    });

  return (
    <section className="card" aria-labelledby="sec-sso">
      <div className="card-head">
        <h3 id="sec-sso">{t('ui.sso.title')}</h3>
        <span className="spacer" />
        <button type="button" className="button subtle" onClick={() => void sync(true)} disabled={busy}>
          {t('ui.sso.preview')}
        </button>
        <button type="button" className="button primary" onClick={() => void sync(false)} disabled={busy}>
          {t('ui.sso.sync')}
        </button>
      </div>
      <p className="muted small">{t('ui.sso.help')}</p>
      {busy && <p role="status">{t('ui.sso.working')}</p>}
      <FormError message={failure} />
      {plan && plan.items.length === 0 && <p className="muted">{t('ui.sso.none')}</p>}
      {plan && plan.items.length > 0 && (
        <ul className="targets" aria-label={plan.dryRun ? t('ui.sso.planTitle') : t('ui.sso.title')}>
          {plan.items.map((item) => (
            <li key={`${item.accountId}/${item.roleName}/${item.name}`} data-action={item.action}>
              <span className="badge">{t(`sso.sync.action.${item.action}`)}</span>{' '}
              <strong>{item.name}</strong>{' '}
              <span className="muted small">
                {item.accountName} ({item.accountId}) · {item.roleName}
                {item.reason ? ` · ${t(`sso.sync.reason.${item.reason}`, { other: item.other ?? '' })}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
