import type { Call } from '../../bridge';
import type { Notify } from '../../hooks/useToasts';
import { useT } from '../../i18n';
import { ConfirmDialog } from '../ConfirmDialog';

/** "Remove this profile?"; a failure stays in the dialog, success closes it with a toast. */
export function RemoveDialog({
  name,
  hasConsole = false,
  call,
  notify,
  onClose,
}: {
  name: string;
  /** Its console may have a browser identity of its own, removed with it (docs/consoles.md). */
  hasConsole?: boolean;
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
      body={hasConsole ? `${t('ui.remove.body')} ${t('ui.remove.bodyConsole')}` : t('ui.remove.body')}
      submit={t('ui.remove')}
      danger
      run={remove}
      onClose={onClose}
    />
  );
}
