import type { Call } from '../../bridge';
import type { Notify } from '../../hooks/useToasts';
import { useT } from '../../i18n';
import { ConfirmDialog } from '../ConfirmDialog';

/** "Remove this profile?"; a failure stays in the dialog, success closes it with a toast. */
export function RemoveDialog({
  name,
  call,
  notify,
  onClose,
}: {
  name: string;
  call: Call;
  notify: Notify;
  onClose(): void;
}) {
  const t = useT();
  const remove = async () => {
    await call('profiles:remove', { name });
    onClose();
    notify(t('ui.remove.done', { name }));
  };
  return (
    <ConfirmDialog
      title={t('ui.remove.title', { name })}
      body={t('ui.remove.body')}
      submit={t('ui.remove')}
      danger
      run={remove}
      onClose={onClose}
    />
  );
}
