import { useAction } from '../hooks/useAction';
import { useT } from '../i18n';
import { Dialog } from './Dialog';
import { FormError } from './FormError';

interface ConfirmDialogProps {
  title: string;
  body: string;
  submit: string;
  danger: boolean;
  /** The confirmed action; its failure is shown in the dialog, which stays open. */
  run(): Promise<void>;
  onClose(): void;
}

/** "Are you sure?" with Cancel focused first; every confirmation in the app is this one dialog. */
export function ConfirmDialog({ title, body, submit, danger, run, onClose }: ConfirmDialogProps) {
  const t = useT();
  const action = useAction();
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{body}</p>
      <FormError message={action.failure} />
      <div className="actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          {t('ui.cancel')}
        </button>
        <button
          type="button"
          className={danger ? 'button danger' : 'button primary'}
          onClick={() => void action.run(run)}
          disabled={action.busy}
        >
          {action.busy ? t('ui.working') : submit}
        </button>
      </div>
    </Dialog>
  );
}
