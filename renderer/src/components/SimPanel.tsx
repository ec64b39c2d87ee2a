import { useCallback, useEffect, useState } from 'react';
import type { SimStatusView, UiMessage } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { useT } from '../i18n';

/** 6982 (security status not satisfied): a SIM whose PIN is on, before the PIN is given. Normal, not a fault. */
function pinLocked(error: UiMessage): boolean {
  const sw = String(error.params?.sw ?? '').replace(/\s/g, '');
  return (
    error.key === 'sim.card.pinRequired' || (error.key === 'sim.card.unexpectedStatus' && /6982$/i.test(sw))
  );
}

/** PC/SC readers and the USIM in each; a PIN, when a login needs one, is asked in the prompt dialog. */
export function SimPanel({ call }: { call: Call }) {
  const t = useT();
  const [status, setStatus] = useState<SimStatusView | undefined>();
  const [busy, setBusy] = useState(false);
  const refresh = useCallback(async () => {
    setBusy(true);
    try {
      setStatus(await call('sim:status', {}));
    } finally {
      setBusy(false);
    }
  }, [call]);
  useEffect(() => {
    let live = true;
    void call('sim:status', {}).then((next) => live && setStatus(next));
    return () => {
      live = false;
    };
  }, [call]);

  return (
    <section className="page" aria-labelledby="sim-title">
      <div className="page-head">
        <h2 id="sim-title">{t('ui.sim')}</h2>
        <button type="button" className="button" onClick={() => void refresh()} disabled={busy}>
          {busy ? t('ui.working') : t('ui.refresh')}
        </button>
      </div>
      <p className="muted">{t('ui.sim.help')}</p>
      {status && !status.available && (
        <p className="form-error" role="alert">
          {status.error ? t(status.error.key, status.error.params) : t('ui.sim.unavailable')}
        </p>
      )}
      {status?.available && status.readers.length === 0 && <p className="muted">{t('ui.sim.noReaders')}</p>}
      {status && status.readers.length > 0 && (
        <table className="table">
          <caption className="sr-only">{t('ui.sim.readers')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ui.sim.reader')}</th>
              <th scope="col">{t('ui.sim.card')}</th>
              <th scope="col">IMSI</th>
            </tr>
          </thead>
          <tbody>
            {status.readers.map((reader) => (
              <tr key={reader.name}>
                <td>{reader.name}</td>
                <td>
                  <span className={reader.cardPresent ? 'badge state-active' : 'badge state-none'}>
                    <span className="dot" aria-hidden="true" />
                    {reader.cardPresent ? t('ui.sim.present') : t('ui.sim.empty')}
                  </span>
                </td>
                <td>
                  {reader.imsi ? (
                    <code>{reader.imsi}</code>
                  ) : reader.error && pinLocked(reader.error) ? (
                    <span className="muted">{t('day.sim.pinLocked')}</span>
                  ) : reader.error ? (
                    t(reader.error.key, reader.error.params)
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">{t('ui.sim.pinNote')}</p>
    </section>
  );
}
