import { useEffect, useState } from 'react';
import type { OtpCodes } from '../../../../shared/ipc';
import type { Call } from '../../bridge';
import { copyInPage } from '../../clipboard';
import type { Run } from '../../hooks/useRun';
import { useT } from '../../i18n';

interface OtpSectionProps {
  name: string;
  call: Call;
  run: Run;
  clipboard: boolean;
  now: number;
  /** Codes from a YubiKey: made only when asked (a touch or the OATH password may be needed), not at every step. */
  onDemand?: boolean;
}

/** The next code appears this many seconds before the current one ends. */
const NEXT_CODE_SECONDS = 5;
const RING = 2 * Math.PI * 16;

/**
 * The profile's one-time code like an authenticator app: always shown, refreshed at each time step, a countdown
 * ring, click to copy, and the next code in the last seconds. Main (or `tobira ui`) makes the codes; the seed never
 * leaves it.
 */
export function OtpSection({ name, call, run, clipboard, now, onDemand = false }: OtpSectionProps) {
  const t = useT();
  const [codes, setCodes] = useState<(OtpCodes & { until: number }) | undefined>();
  const [failed, setFailed] = useState(false);
  // Fetched when shown and again when the step ends: main makes the codes, the page only counts down. On demand
  // (a YubiKey), only when the user asks, and an ended code is put away instead of refreshed.
  const expired = codes !== undefined && now >= codes.until;
  const due = !onDemand && (codes === undefined || expired);
  useEffect(() => {
    if (!due) return;
    let live = true;
    call('otp:codes', { name }).then(
      (next) => {
        if (!live) return;
        setCodes({ ...next, until: Date.now() + next.secondsLeft * 1000 });
        setFailed(false);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [call, name, due]);

  const shown = onDemand && expired ? undefined : codes;
  const left = shown ? Math.max(0, Math.ceil((shown.until - now) / 1000)) : 0;
  const showNext = shown !== undefined && shown.next !== '' && left <= NEXT_CODE_SECONDS;
  const copy = (which: 'code' | 'next') =>
    run(async () => {
      if (!shown) return undefined;
      const reply = await call('otp:copy', { name });
      // Browser mode: the page copies (the code of the click's moment, as main would have).
      if (reply.text !== undefined) {
        await copyInPage(which === 'next' ? shown.next : reply.text, reply.clearsInSeconds);
        return t('day.otp.copiedPage', { seconds: reply.clearsInSeconds });
      }
      return t('ui.otp.copied', { seconds: reply.clearsInSeconds });
    });
  const spaced = (code: string) => code.replace(/^(\d{3,4})(\d{3,4})$/, '$1 $2');

  return (
    <section className="card" aria-labelledby="sec-otp">
      <h3 id="sec-otp">{t('ui.section.otp')}</h3>
      {shown && (
        <div className="authenticator">
          <svg className="otp-ring" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true">
            <circle cx="20" cy="20" r="16" className="otp-ring-track" />
            <circle
              cx="20"
              cy="20"
              r="16"
              className={showNext ? 'otp-ring-left ending' : 'otp-ring-left'}
              strokeDasharray={RING}
              strokeDashoffset={RING * (1 - left / shown.period)}
              transform="rotate(-90 20 20)"
            />
          </svg>
          {clipboard ? (
            <button
              type="button"
              className="otp-code-button"
              onClick={() => void copy(showNext && left <= 1 ? 'next' : 'code')}
              title={t('day.otp.copyHint', { name })}
            >
              <span className="otp-code" data-testid="otp-code">
                {spaced(shown.code)}
              </span>
              <span className="sr-only"> {t('day.otp.copyHint', { name })}</span>
            </button>
          ) : (
            <span className="otp-code" data-testid="otp-code">
              {spaced(shown.code)}
            </span>
          )}
          <span className="muted small" aria-live="off">
            {t('day.otp.left', { seconds: left })}
          </span>
          {showNext && (
            <span className="otp-next small" data-testid="otp-next">
              {t('day.otp.next', { code: spaced(shown.next) })}
            </span>
          )}
        </div>
      )}
      {onDemand && !shown && (
        <div className="actions start">
          <button
            type="button"
            className="button"
            onClick={() =>
              void run(async () => {
                const next = await call('otp:codes', { name });
                setCodes({ ...next, until: Date.now() + next.secondsLeft * 1000 });
                return undefined;
              })
            }
          >
            {t('ui.otp.show')}
          </button>
        </div>
      )}
      {failed && !shown && !onDemand && <p className="muted small">{t('ui.loading')}</p>}
      {clipboard && shown && (
        <div className="actions start">
          <button type="button" className="button" onClick={() => void copy('code')}>
            {t('ui.otp.copy')}
          </button>
        </div>
      )}
    </section>
  );
}
