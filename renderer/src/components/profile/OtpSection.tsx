import { useState } from 'react';
import type { Call } from '../../bridge';
import type { Run } from '../../hooks/useRun';
import { useT } from '../../i18n';

interface OtpSectionProps {
  name: string;
  call: Call;
  run: Run;
  busy: boolean;
  clipboard: boolean;
  now: number;
}

/** The profile's one-time code: copied, or shown until its time step ends. */
export function OtpSection({ name, call, run, busy, clipboard, now }: OtpSectionProps) {
  const t = useT();
  const [otp, setOtp] = useState<{ code: string; until: number } | undefined>();
  // A shown code disappears when its time step ends.
  const shownOtp = otp && now < otp.until ? otp : undefined;
  const copyOtp = () =>
    run(async () => {
      const { clearsInSeconds } = await call('otp:copy', { name });
      return t('ui.otp.copied', { seconds: clearsInSeconds });
    });
  const showOtp = () =>
    run(async () => {
      const { code, secondsLeft } = await call('otp:reveal', { name, confirm: true });
      setOtp({ code, until: Date.now() + secondsLeft * 1000 });
      return undefined;
    });
  return (
    <section className="card" aria-labelledby="sec-otp">
      <h3 id="sec-otp">{t('ui.section.otp')}</h3>
      <div className="actions start">
        {shownOtp ? (
          <span className="otp" aria-live="polite">
            <span className="otp-code">{shownOtp.code}</span>
            <span className="muted small">
              {t('ui.otp.left', { seconds: Math.max(0, Math.round((shownOtp.until - now) / 1000)) })}
            </span>
          </span>
        ) : null}
        {clipboard && (
          <button type="button" className="button primary" onClick={copyOtp} disabled={busy}>
            {t('ui.otp.copy')}
          </button>
        )}
        <button
          type="button"
          className={clipboard ? 'button subtle' : 'button primary'}
          onClick={showOtp}
          disabled={busy}
        >
          {t('ui.otp.show')}
        </button>
      </div>
    </section>
  );
}
