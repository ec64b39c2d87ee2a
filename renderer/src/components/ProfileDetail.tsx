import { useState, type FormEvent } from 'react';
import type { ActivityView, AppInfo, ProfileView, TypeView } from '../../../shared/ipc';
import type { Call } from '../bridge';
import { errorText, isCancelled } from '../errors';
import { ConfirmDialog } from './ConfirmDialog';
import { hasMessage, useLang, useT } from '../i18n';
import { shortTimeLeft, timeLeft } from '../time';
import { ProviderIcon } from './ProviderIcon';
import { ProviderPanels } from './ProviderPanels';
import { RevealDialog } from './RevealDialog';

interface ProfileDetailProps {
  profile: ProfileView;
  profiles: ProfileView[];
  types: TypeView[];
  info: AppInfo;
  call: Call;
  activity: ActivityView | undefined;
  now: number;
  notify(text: string, tone?: 'ok' | 'error'): void;
  select(name: string): void;
  addDerived(type: string, source: string): void;
}

export function StateBadge({
  profile,
  now,
  compact = false,
}: {
  profile: ProfileView;
  now: number;
  /** The list's calm form: nothing when signed out, the time left to the minute when signed in. */
  compact?: boolean;
}) {
  const t = useT();
  if (!profile.hasSessions) return null;
  const { state, expiration } = profile.session;
  if (compact) {
    if (state === 'none') return null;
    const short = state === 'expired' ? '' : shortTimeLeft(t, expiration, now);
    return (
      <span className={`badge compact state-${state}`} title={t(`ui.state.${state}`)}>
        <span className="dot" aria-hidden="true" />
        <span className="sr-only">{t(`ui.state.${state}`)} </span>
        {short ? t('ui.time.left', { left: short }) : t(`ui.state.${state}`)}
      </span>
    );
  }
  const left = timeLeft(t, expiration, now);
  return (
    <span className={`badge state-${state}`}>
      <span className="dot" aria-hidden="true" />
      {t(`ui.state.${state}`)}
      {left && state !== 'expired' ? ` · ${t('ui.time.left', { left })}` : ''}
    </span>
  );
}

export function ProfileDetail(props: ProfileDetailProps) {
  const { profile, profiles, types, info, call, activity, now, notify, select, addDerived } = props;
  const t = useT();
  const lang = useLang();
  const type = types.find((candidate) => candidate.type === profile.type);
  const formats = type?.formats ?? [];
  const [format, setFormat] = useState(formats[0] ?? 'env');
  const [reveal, setReveal] = useState<'export' | undefined>();
  const [otp, setOtp] = useState<{ code: string; until: number } | undefined>();
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(profile.name);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [busy, setBusy] = useState<string | undefined>();
  const clipboard = info.capabilities.clipboard;
  const derivedTypes = types.filter(
    (candidate) =>
      candidate.fields.some((field) => field.key === 'source') &&
      candidate.provider !== null &&
      candidate.provider === type?.provider &&
      candidate.type !== profile.type,
  );

  // A shown code disappears when its time step ends.
  const shownOtp = otp && now < otp.until ? otp : undefined;

  const run = async (label: string, work: () => Promise<string | undefined>) => {
    setBusy(label);
    try {
      const done = await work();
      if (done) notify(done);
    } catch (error) {
      if (!isCancelled(error)) notify(errorText(t, error), 'error');
    } finally {
      setBusy(undefined);
    }
  };

  const login = () =>
    run('login', async () => {
      const result = await call('session:login', {
        name: profile.name,
        force: profile.session.state === 'active',
      });
      return t('ui.login.done', { name: profile.name, identity: result.identity });
    });
  const logout = () =>
    run('logout', async () => {
      await call('session:logout', { name: profile.name });
      return t('ui.logout.done', { name: profile.name });
    });
  const openConsole = (copy: boolean) =>
    run('console', async () => {
      const { done } = await call('console:open', { name: profile.name, copy });
      return t(done === 'copied' ? 'ui.console.copied' : 'ui.console.opened', { name: profile.name });
    });
  const copyExport = () =>
    run('export', async () => {
      const { clearsInSeconds } = await call('export:copy', { name: profile.name, format });
      return t('ui.export.copied', { seconds: clearsInSeconds });
    });
  const copyOtp = () =>
    run('otp', async () => {
      const { clearsInSeconds } = await call('otp:copy', { name: profile.name });
      return t('ui.otp.copied', { seconds: clearsInSeconds });
    });
  const showOtp = () =>
    run('otp', async () => {
      const { code, secondsLeft } = await call('otp:reveal', { name: profile.name, confirm: true });
      setOtp({ code, until: Date.now() + secondsLeft * 1000 });
      return undefined;
    });
  const toggleFavourite = () =>
    run('favourite', async () => {
      await call('profiles:favourite', { name: profile.name, favourite: !profile.favourite });
      return undefined;
    });
  const rename = (event: FormEvent) => {
    event.preventDefault();
    void run('rename', async () => {
      const renamed = await call('profiles:rename', { from: profile.name, to: newName.trim() });
      select(renamed.name);
      return t('ui.rename.done', { from: profile.name, to: renamed.name });
    });
  };
  const remove = async () => {
    await call('profiles:remove', { name: profile.name });
    setConfirmRemove(false);
    notify(t('ui.remove.done', { name: profile.name }));
  };

  const waiting = activity?.waitingFor;
  return (
    <article className="detail" aria-labelledby="detail-title">
      <header className="detail-header">
        <ProviderIcon label={profile.label} size={44} />
        <div className="detail-title">
          <h2 id="detail-title">{profile.name}</h2>
          <p className="muted">
            {profile.label} · <code>{profile.type}</code>
            {profile.mfa ? ` · ${t(`ui.mfa.${profile.mfa}`)}` : ''}
          </p>
        </div>
        <button
          type="button"
          className={profile.favourite ? 'icon-button star on' : 'icon-button star'}
          aria-pressed={profile.favourite}
          aria-label={t('ui.favourite')}
          title={t('ui.favourite')}
          onClick={toggleFavourite}
        >
          {profile.favourite ? '★' : '☆'}
        </button>
      </header>

      {activity && (
        <div className="activity" role="status">
          <span className="spinner" aria-hidden="true" />
          <span>
            {waiting === 'browser'
              ? t('ui.activity.browser')
              : waiting === 'prompt'
                ? t('ui.activity.prompt')
                : t(`ui.activity.${activity.action}`)}
            {waiting === 'browser' && activity.link && (
              <span className="activity-link">
                {' '}
                {t('ui.activity.link')}{' '}
                <a className="link" href={activity.link} target="_blank" rel="noreferrer noopener">
                  {t('ui.prompt.openLink')}
                </a>
              </span>
            )}
          </span>
          <button
            type="button"
            className="button subtle"
            onClick={() => void call('activity:cancel', { name: profile.name })}
          >
            {t('ui.cancel')}
          </button>
        </div>
      )}

      {profile.hasSessions && (
        <section className="card" aria-labelledby="sec-session">
          <div className="card-head">
            <h3 id="sec-session">{t('ui.section.session')}</h3>
            <StateBadge profile={profile} now={now} />
          </div>
          {profile.session.expiration && (
            <p className="muted small">
              {t('ui.session.until', {
                expiration: new Date(profile.session.expiration).toLocaleString(
                  lang === 'ja' ? 'ja-JP' : 'en-US',
                ),
              })}
            </p>
          )}
          <div className="actions start">
            {profile.hasConsole && (
              <>
                <button
                  type="button"
                  className="button primary"
                  onClick={() => openConsole(false)}
                  disabled={busy !== undefined}
                >
                  {t('ui.console.open')}
                </button>
                {clipboard && (
                  <button
                    type="button"
                    className="button"
                    onClick={() => openConsole(true)}
                    disabled={busy !== undefined}
                  >
                    {t('ui.console.copy')}
                  </button>
                )}
              </>
            )}
            <button
              type="button"
              className={profile.hasConsole ? 'button' : 'button primary'}
              onClick={login}
              disabled={busy !== undefined}
            >
              {profile.session.state === 'active' ? t('ui.login.again') : t('ui.login')}
            </button>
            {profile.session.state !== 'none' && (
              <button type="button" className="button subtle" onClick={logout} disabled={busy !== undefined}>
                {t('ui.logout')}
              </button>
            )}
          </div>
        </section>
      )}

      <ProviderPanels panels={type?.panels ?? []} profile={profile} call={call} notify={notify} />

      {formats.length > 0 && (
        <section className="card" aria-labelledby="sec-export">
          <h3 id="sec-export">{t('ui.section.export')}</h3>
          <p className="muted small">{t('ui.export.help')}</p>
          <div className="actions start">
            <label className="inline-label" htmlFor="export-format">
              {t('ui.export.format')}
            </label>
            <select id="export-format" value={format} onChange={(event) => setFormat(event.target.value)}>
              {formats.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {hasMessage(`ui.format.${candidate}`) ? t(`ui.format.${candidate}`) : candidate}
                </option>
              ))}
            </select>
            {clipboard && (
              <button type="button" className="button" onClick={copyExport} disabled={busy !== undefined}>
                {t('ui.export.copy')}
              </button>
            )}
            <button
              type="button"
              className="button subtle"
              onClick={() => setReveal('export')}
              disabled={busy !== undefined}
            >
              {t('ui.export.reveal')}
            </button>
          </div>
          <p className="muted small">
            <code>
              tobira export {profile.name} --format {format}
            </code>
          </p>
        </section>
      )}

      {profile.hasOtp && (
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
              <button
                type="button"
                className="button primary"
                onClick={copyOtp}
                disabled={busy !== undefined}
              >
                {t('ui.otp.copy')}
              </button>
            )}
            <button
              type="button"
              className={clipboard ? 'button subtle' : 'button primary'}
              onClick={showOtp}
              disabled={busy !== undefined}
            >
              {t('ui.otp.show')}
            </button>
          </div>
        </section>
      )}

      {(profile.source || profile.dependents.length > 0 || derivedTypes.length > 0) && (
        <section className="card" aria-labelledby="sec-targets">
          <h3 id="sec-targets">{t('ui.section.targets')}</h3>
          {profile.source && (
            <p>
              {t('ui.targets.source')}{' '}
              <button type="button" className="link" onClick={() => select(profile.source ?? '')}>
                {profile.source}
              </button>
            </p>
          )}
          {profile.dependents.length > 0 && (
            <ul className="targets">
              {profile.dependents.map((name) => {
                const target = profiles.find((candidate) => candidate.name === name);
                return (
                  <li key={name}>
                    <button type="button" className="link" onClick={() => select(name)}>
                      {name}
                    </button>
                    <span className="muted small">
                      {target
                        ? Object.entries(target.details)
                            .filter(([key]) => key !== 'source')
                            .map(([, value]) => value)
                            .join(' · ')
                        : ''}
                    </span>
                    {target && <StateBadge profile={target} now={now} />}
                  </li>
                );
              })}
            </ul>
          )}
          {profile.dependents.length === 0 && !profile.source && (
            <p className="muted small">{t('ui.targets.none')}</p>
          )}
          {derivedTypes.map((derived) => (
            <button
              key={derived.type}
              type="button"
              className="button subtle"
              onClick={() => addDerived(derived.type, profile.name)}
            >
              {t('ui.targets.add', { type: derived.type })}
            </button>
          ))}
        </section>
      )}

      <section className="card" aria-labelledby="sec-details">
        <h3 id="sec-details">{t('ui.section.details')}</h3>
        <dl className="details">
          {Object.entries(profile.details).map(([key, value]) => (
            <div key={key}>
              <dt>{hasMessage(`ui.detail.${key}`) ? t(`ui.detail.${key}`) : key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <div className="actions start">
          {renaming ? (
            <form onSubmit={rename} className="inline-form">
              <label htmlFor="rename-input" className="inline-label">
                {t('ui.rename.label')}
              </label>
              <input id="rename-input" value={newName} onChange={(event) => setNewName(event.target.value)} />
              <button type="submit" className="button">
                {t('ui.rename.submit')}
              </button>
              <button type="button" className="button subtle" onClick={() => setRenaming(false)}>
                {t('ui.cancel')}
              </button>
            </form>
          ) : (
            <>
              <button type="button" className="button subtle" onClick={() => setRenaming(true)}>
                {t('ui.rename')}
              </button>
              <button
                type="button"
                className="button subtle danger-text"
                onClick={() => setConfirmRemove(true)}
              >
                {t('ui.remove')}
              </button>
            </>
          )}
        </div>
      </section>

      {reveal === 'export' && (
        <RevealDialog
          title={t('ui.reveal.title', { name: profile.name, format })}
          reveal={async () =>
            (await call('export:reveal', { name: profile.name, format, confirm: true })).text
          }
          onClose={() => setReveal(undefined)}
        />
      )}
      {confirmRemove && (
        <ConfirmDialog
          title={t('ui.remove.title', { name: profile.name })}
          body={t('ui.remove.body')}
          submit={t('ui.remove')}
          danger
          run={remove}
          onClose={() => setConfirmRemove(false)}
        />
      )}
    </article>
  );
}
