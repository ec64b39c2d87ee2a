import { useState, type FormEvent } from 'react';
import type { ConsolePageFields, ProfileView } from '../../../../shared/ipc';
import type { Call } from '../../bridge';
import type { Run } from '../../hooks/useRun';
import { useT } from '../../i18n';

interface ConsolePageSectionProps {
  profile: ProfileView;
  editor: NonNullable<ProfileView['consolePageEditor']>;
  call: Call;
  run: Run;
  busy: boolean;
}

/**
 * Where Open console (and the tray favourite) lands: a service of the provider's map and a region, or a console URL.
 * Checked by the same core code as `tobira console --remember`; a refusal stays in the pane (the Run's report).
 */
export function ConsolePageSection({ profile, editor, call, run, busy }: ConsolePageSectionProps) {
  const t = useT();
  const [page, setPage] = useState<Required<ConsolePageFields>>({
    service: editor.page.service ?? '',
    region: editor.page.region ?? '',
    destination: editor.page.destination ?? '',
  });
  const set = (key: keyof ConsolePageFields) => (value: string) => setPage({ ...page, [key]: value });
  const save = (next: ConsolePageFields) =>
    run(async () => {
      const view = await call('profiles:consolePage', { name: profile.name, page: next });
      return view.consolePage
        ? t('ui.consolePage.saved', { name: profile.name, page: view.consolePage })
        : t('ui.consolePage.cleared', { name: profile.name });
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(page);
  };
  const forget = () => {
    setPage({ service: '', region: '', destination: '' });
    void save({});
  };
  // A remembered service the map does not list (tobira console --service PATH) stays choosable.
  const services =
    editor.services.includes(page.service) || page.service === ''
      ? editor.services
      : [page.service, ...editor.services];
  return (
    <section className="card" aria-labelledby="sec-console-page">
      <h3 id="sec-console-page">{t('ui.consolePage.title')}</h3>
      <p className="hint">{t('ui.consolePage.hint')}</p>
      {profile.consolePage && (
        <p className="muted small">{t('ui.consolePage.current', { page: profile.consolePage })}</p>
      )}
      <form className="form" onSubmit={submit}>
        <div className="field row">
          <label htmlFor="console-service">{t('ui.consolePage.service')}</label>
          <select
            id="console-service"
            value={page.service}
            onChange={(event) => set('service')(event.target.value)}
          >
            <option value="">{t('ui.consolePage.serviceNone')}</option>
            {services.map((service) => (
              <option key={service} value={service}>
                {service}
              </option>
            ))}
          </select>
        </div>
        <div className="field row">
          <label htmlFor="console-region">{t('ui.consolePage.region')}</label>
          <input
            id="console-region"
            value={page.region}
            placeholder="ap-northeast-1"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => set('region')(event.target.value)}
          />
        </div>
        <div className="field row">
          <label htmlFor="console-destination">{t('ui.consolePage.destination')}</label>
          <input
            id="console-destination"
            inputMode="url"
            value={page.destination}
            placeholder="https://console.aws.amazon.com/…"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => set('destination')(event.target.value)}
          />
        </div>
        <div className="actions start">
          <button type="submit" className="button" disabled={busy}>
            {t('ui.consolePage.save')}
          </button>
          {profile.consolePage && (
            <button type="button" className="button subtle" onClick={forget} disabled={busy}>
              {t('ui.consolePage.clear')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
