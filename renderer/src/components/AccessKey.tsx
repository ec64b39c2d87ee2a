import { useCallback, useEffect, useState } from 'react';
import type { IpcReply } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { errorText } from '../errors';
import type { Notify } from '../hooks/useToasts';
import { useT } from '../i18n';
import { ConfirmDialog } from './ConfirmDialog';
import { FormError } from './FormError';

interface AccessKeyProps {
  /** The aws-iam-user profile. */
  name: string;
  call: Call;
  notify: Notify;
}

/**
 * The access key of an AWS IAM user profile: its id and age, and `tobira rotate` behind a button, which is the
 * primary action (with a warning) once the key is older than the rotation age of the settings.
 */
export function AccessKey({ name, call, notify }: AccessKeyProps) {
  const t = useT();
  const [key, setKey] = useState<IpcReply<'aws:key'> | undefined>();
  const [dueAfter, setDueAfter] = useState<number | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);

  const load = useCallback(async () => {
    try {
      const [nextKey, settings] = await Promise.all([call('aws:key', { name }), call('settings:get', {})]);
      setKey(nextKey);
      setDueAfter(settings.keyRotationDays);
      setFailure(undefined);
    } catch (error) {
      setFailure(errorText(t, error));
    }
  }, [call, name, t]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  const due = key?.ageDays != null && dueAfter !== undefined && key.ageDays >= dueAfter;
  return (
    <section className="card" aria-labelledby="sec-access-key">
      <div className="card-head">
        <h3 id="sec-access-key">{t('ui.accessKey.title')}</h3>
        <span className="spacer" />
        <button
          type="button"
          className={due ? 'button primary' : 'button subtle'}
          onClick={() => setConfirming(true)}
          disabled={!key}
        >
          {t('ui.accessKey.rotate')}
        </button>
      </div>
      <FormError message={failure} />
      {key && (
        <p className="muted small" data-testid="access-key-age">
          {t('ui.accessKey.id')} <code>{key.accessKeyId}</code> ·{' '}
          {key.ageDays === null
            ? t(key.unknown === 'mfaSession' ? 'ui.accessKey.ageNeedsMfa' : 'ui.accessKey.ageUnknown')
            : t('ui.accessKey.age', { days: key.ageDays, date: (key.created ?? '').slice(0, 10) })}
        </p>
      )}
      {due && (
        <p className="warning-note" role="status">
          {t('ui.accessKey.due', { days: key?.ageDays ?? 0, limit: dueAfter ?? 0 })}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('ui.accessKey.rotateTitle', { name })}
          body={t('ui.accessKey.rotateBody', { id: key?.accessKeyId ?? '' })}
          submit={t('ui.accessKey.rotate')}
          danger={false}
          onClose={() => setConfirming(false)}
          run={async () => {
            const result = await call('aws:rotate', { name });
            notify(t('ui.accessKey.rotated', { id: result.accessKeyId, old: result.deletedAccessKeyId }));
            setConfirming(false);
            await load();
          }}
        />
      )}
    </section>
  );
}
