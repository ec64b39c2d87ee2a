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

/** Titles by what is asked: an MFA code, a SIM PIN, another one-time secret, or a visible line. */
function titleKey(prompt: PromptView): string {
  if (prompt.kind === 'touch') return 'yubikey.touch.title';
  if (prompt.kind === 'code') return 'ui.prompt.titleCode';
  if (prompt.kind === 'line')
    return prompt.label.key === 'idp.otp.prompt' ? 'ui.prompt.titleCode' : 'ui.prompt.titleLine';
  return prompt.label.key === 'krypton.pin.label' ? 'ui.prompt.titlePin' : 'ui.prompt.titleSecret';
}

/**
 * The MFA / PIN / paste prompt: names the profile, the provider and, for a terminal's request, the process that
 * asked. A code is visible digits, a secret (SIM PIN, passphrase) is masked, a line (a pasted redirect address) is
 * visible text next to the sign-in page it comes from.
 */
export function PromptDialog({ prompt, queued, now, onAnswer, onCancel }: PromptDialogProps) {
  const t = useT();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const code = prompt.kind === 'code';
  const line = prompt.kind === 'line';
  const pin = prompt.label.key === 'krypton.pin.label';
  // idp-server's SMS / email code: asked as a visible line so "resend" can be answered; shown as a code field.
  const otpLine = line && prompt.label.key === 'idp.otp.prompt';
  const valid = code ? /^\d{6,8}$/.test(value.trim()) : value.trim().length > 0;
  const secondsLeft = Math.max(0, Math.round((Date.parse(prompt.expiresAt) - now) / 1000));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    try {
      await onAnswer(prompt.kind === 'secret' ? value : value.trim());
    } finally {
      setBusy(false);
    }
  };

  const label = otpLine
    ? t('day.prompt.otpLabel', prompt.label.params)
    : t(prompt.label.key, prompt.label.params);
  const resend = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await onAnswer('r');
    } finally {
      setBusy(false);
    }
  };
  if (prompt.kind === 'touch') {
    return <TouchPrompt prompt={prompt} queued={queued} secondsLeft={secondsLeft} onCancel={onCancel} />;
  }
  const describedBy = [
    'prompt-timer',
    prompt.note ? 'prompt-note' : '',
    prompt.warning ? 'prompt-warning' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Dialog
      title={t(titleKey(prompt))}
      onClose={onCancel}
      wide={line && !otpLine}
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
          {prompt.requester.verified === false && (
            <dd className="muted" data-testid="requester-unverified">
              {t('ui.prompt.unverified')}
            </dd>
          )}
        </dl>
      ) : (
        <p className="muted">{t('ui.prompt.fromApp')}</p>
      )}
      {prompt.link && (
        <div className="prompt-link">
          <p className="small">{t('ui.prompt.lineHelp')}</p>
          <div className="actions start">
            <a className="button" href={prompt.link} target="_blank" rel="noreferrer noopener">
              {t('ui.prompt.openLink')}
            </a>
            <button
              type="button"
              className="button subtle"
              onClick={() =>
                void navigator.clipboard.writeText(prompt.link ?? '').then(() => setCopied(true))
              }
            >
              {t('ui.prompt.copyLink')}
            </button>
            <span role="status" className="muted small">
              {copied ? t('ui.copied') : ''}
            </span>
          </div>
        </div>
      )}
      {prompt.warning && (
        <p className="warning-note" id="prompt-warning" role="alert">
          {t(prompt.warning.key, prompt.warning.params)}
        </p>
      )}
      <form onSubmit={submit} className="prompt-form">
        <label htmlFor="prompt-input">{label}</label>
        <input
          id="prompt-input"
          data-autofocus
          className={code || pin || otpLine ? 'code-input' : undefined}
          type={prompt.kind === 'secret' ? 'password' : 'text'}
          inputMode={code || pin || otpLine ? 'numeric' : undefined}
          autoComplete={code || otpLine ? 'one-time-code' : 'off'}
          spellCheck={false}
          maxLength={code || pin || otpLine ? 8 : line ? 4096 : 256}
          placeholder={otpLine ? t('day.prompt.otpPlaceholder') : line ? 'http://127.0.0.1:…' : undefined}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-describedby={describedBy}
        />
        {prompt.note && (
          <p id="prompt-note" className="hint">
            {t(prompt.note.key, prompt.note.params)}
          </p>
        )}
        <p id="prompt-timer" className="muted small">
          {t('ui.prompt.expires', { seconds: secondsLeft })}
          {queued > 0 ? ` · ${t('ui.prompt.queued', { count: queued })}` : ''}
        </p>
        <div className="actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('ui.cancel')}
          </button>
          {otpLine && (
            <button type="button" className="button subtle" onClick={() => void resend()} disabled={busy}>
              {t('day.prompt.resend')}
            </button>
          )}
          <button type="submit" className="button primary" disabled={!valid || busy}>
            {t('ui.prompt.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * A YubiKey waiting for its button: nothing to type, the profile and reader named, the key's wait counting down.
 * Main closes it when the code comes or the wait ends; Cancel stops waiting.
 */
function TouchPrompt({
  prompt,
  queued,
  secondsLeft,
  onCancel,
}: Pick<PromptDialogProps, 'prompt' | 'queued' | 'onCancel'> & { secondsLeft: number }) {
  const t = useT();
  const credential = String(prompt.label.params?.credential ?? '');
  // The page's clock may lag main's: never count from more than the key's whole wait.
  const wait = Math.round((Date.parse(prompt.expiresAt) - Date.parse(prompt.createdAt)) / 1000);
  const left = Math.min(secondsLeft, wait);
  return (
    <Dialog
      title={t('yubikey.touch.title')}
      onClose={onCancel}
      description={
        <div className="prompt-who">
          <ProviderIcon label={prompt.provider} size={36} />
          <div>
            <div className="prompt-profile">{prompt.profile}</div>
            <div className="muted">{prompt.provider}</div>
          </div>
        </div>
      }
    >
      <p className="touch-request" role="status" data-testid="touch-request">
        {t(prompt.label.key, prompt.label.params)}
      </p>
      <p className="hint">{t('yubikey.touch.note', { credential })}</p>
      <p id="prompt-timer" className="muted small" data-testid="touch-countdown">
        {t('yubikey.touch.countdown', { seconds: left })}
        {queued > 0 ? ` · ${t('ui.prompt.queued', { count: queued })}` : ''}
      </p>
      <div className="actions">
        <button type="button" className="button" data-autofocus onClick={onCancel}>
          {t('ui.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
