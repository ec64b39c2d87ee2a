import { useState, type FormEvent } from 'react';
import type { PromptView } from '../../../shared/ipc';
import { useT } from '../i18n';
import { Dialog } from './Dialog';
import { ProviderIcon } from './ProviderIcon';

interface PromptDialogProps {
  prompt: PromptView;
  /** How many more are waiting after this one. */
  queued: number;
  now: number;
  onAnswer(value: string): Promise<void>;
  onCancel(): void;
}

/** The MFA / PIN prompt: names the profile, the provider and, for a terminal's request, the process that asked. */
export function PromptDialog({ prompt, queued, now, onAnswer, onCancel }: PromptDialogProps) {
  const t = useT();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const code = prompt.kind === 'code';
  const valid = code ? /^\d{6,8}$/.test(value.trim()) : value.length > 0;
  const secondsLeft = Math.max(0, Math.round((Date.parse(prompt.expiresAt) - now) / 1000));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    try {
      await onAnswer(code ? value.trim() : value);
    } finally {
      setBusy(false);
    }
  };

  const label = t(prompt.label.key, prompt.label.params);
  return (
    <Dialog
      title={code ? t('ui.prompt.titleCode') : t('ui.prompt.titleSecret')}
      onClose={onCancel}
      description={
        <div className="prompt-who">
          <ProviderIcon label={prompt.provider} size={36} />
          <div>
            <div className="prompt-profile">{prompt.profile || 'Tobira'}</div>
            <div className="muted">{prompt.provider}</div>
          </div>
        </div>
      }
    >
      {prompt.requester ? (
        <dl className="requester" aria-label={t('ui.prompt.requester')}>
          <dt>{t('ui.prompt.requestedBy')}</dt>
          <dd>
            <code>{prompt.requester.tobira}</code>
          </dd>
          <dt>{t('ui.prompt.process')}</dt>
          <dd>
            <code>
              {t('ui.prompt.pid', { pid: prompt.requester.pid })}
              {prompt.requester.command ? ` · ${prompt.requester.command}` : ''}
            </code>
          </dd>
        </dl>
      ) : (
        <p className="muted">{t('ui.prompt.fromApp')}</p>
      )}
      <form onSubmit={submit} className="prompt-form">
        <label htmlFor="prompt-input">{label}</label>
        <input
          id="prompt-input"
          data-autofocus
          className={code ? 'code-input' : undefined}
          type={code ? 'text' : 'password'}
          inputMode={code ? 'numeric' : undefined}
          autoComplete={code ? 'one-time-code' : 'off'}
          maxLength={code ? 8 : 256}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-describedby="prompt-timer"
        />
        <p id="prompt-timer" className="muted small">
          {t('ui.prompt.expires', { seconds: secondsLeft })}
          {queued > 0 ? ` · ${t('ui.prompt.queued', { count: queued })}` : ''}
        </p>
        <div className="actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('ui.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={!valid || busy}>
            {t('ui.prompt.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
