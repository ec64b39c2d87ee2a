import { useState } from 'react';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { Dialog } from './Dialog';
import { FormError } from './FormError';

interface RevealDialogProps {
  title: string;
  /** Fetches the secret text; only called after the person confirmed. */
  reveal(): Promise<string>;
  onClose(): void;
}

/** Shows credentials on screen only after an explicit confirmation; the text lives in this dialog's state only. */
export function RevealDialog({ title, reveal, onClose }: RevealDialogProps) {
  const t = useT();
  const [text, setText] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();

  const confirm = async () => {
    setBusy(true);
    try {
      setText(await reveal());
    } catch (error) {
      setFailure(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (text === undefined) return;
    await navigator.clipboard.writeText(text);
    setCopied(true);
  };

  return (
    <Dialog title={title} onClose={onClose} wide>
      {text === undefined ? (
        <>
          <p className="warning-note">{t('ui.reveal.warning')}</p>
          <FormError message={failure} />
          <div className="actions">
            <button type="button" className="button" onClick={onClose}>
              {t('ui.cancel')}
            </button>
            <button type="button" className="button danger" onClick={confirm} disabled={busy}>
              {busy ? t('ui.working') : t('ui.reveal.confirm')}
            </button>
          </div>
        </>
      ) : (
        <>
          <pre className="snippet" aria-label={t('ui.reveal.snippet')} tabIndex={0}>
            {text}
          </pre>
          <div className="actions">
            <span role="status" className="muted small">
              {copied ? t('ui.copied') : ''}
            </span>
            <button type="button" className="button" onClick={copy}>
              {t('ui.copy')}
            </button>
            <button type="button" className="button primary" onClick={onClose}>
              {t('ui.close')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
