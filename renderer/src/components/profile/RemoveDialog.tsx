import { useEffect, useState } from 'react';
import type { Call } from '../../bridge';
import type { Notify } from '../../hooks/useToasts';
import { useT } from '../../i18n';
import { ConfirmDialog } from '../ConfirmDialog';

/**
 * "Remove this profile?"; when others use it as their source it names them and offers to remove them too, or
 * cancel. A failure stays in the dialog, success closes it with a toast.
 */
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
  const [dependents, setDependents] = useState<string[] | undefined>();
  useEffect(() => {
    let live = true;
    void call('profiles:dependents', { name }).then(
      (names) => live && setDependents(names),
      () => live && setDependents([]),
    );
    return () => {
      live = false;
    };
  }, [call, name]);
  if (dependents === undefined) return null;
  const both = dependents.length > 0;
  const remove = async () => {
    await call('profiles:remove', { name, ...(both ? { withDependents: true } : {}) });
    onClose();
    for (const gone of [name, ...dependents]) notify(t('ui.remove.done', { name: gone }));
  };
  // With its dependents, two or more profiles go: the text speaks of all of them.
  const count = dependents.length + 1;
  const dependentsText = dependents.join(', ');
  return (
    <ConfirmDialog
      title={t('ui.remove.title', { name })}
      body={[
        ...(dependents.length === 1
          ? [t('form.remove.dependents', { name, dependents: dependentsText })]
          : both
            ? [t('form.remove.dependentsMany', { name, dependents: dependentsText, count })]
            : []),
        both ? t('ui.remove.bodyMany') : t('ui.remove.body'),
        ...(hasConsole ? [both ? t('ui.remove.bodyConsoleMany') : t('ui.remove.bodyConsole')] : []),
      ].join(' ')}
      submit={
        dependents.length > 1
          ? t('form.remove.all', { count })
          : both
            ? t('form.remove.both')
            : t('ui.remove')
      }
      danger
      run={remove}
      onClose={onClose}
    />
  );
}
