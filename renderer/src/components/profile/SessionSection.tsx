import type { ProfileView } from '../../../../shared/ipc';
import type { Call } from '../../bridge';
import { copyInPage } from '../../clipboard';
import type { Run } from '../../hooks/useRun';
import { useLang, useT } from '../../i18n';
import { StateBadge } from './StateBadge';

interface SessionSectionProps {
  profile: ProfileView;
  call: Call;
  run: Run;
  busy: boolean;
  clipboard: boolean;
  now: number;
}

/** The session's state and expiry; sign in (again), sign out, and the web console opened or its link copied. */
export function SessionSection({ profile, call, run, busy, clipboard, now }: SessionSectionProps) {
  const t = useT();
  const lang = useLang();
  const login = () =>
    run(async () => {
      const result = await call('session:login', {
        name: profile.name,
        force: profile.session.state === 'active',
      });
      return t('ui.login.done', { name: profile.name, identity: result.identity });
    });
  const logout = () =>
    run(async () => {
      await call('session:logout', { name: profile.name });
      return t('ui.logout.done', { name: profile.name });
    });
  const openConsole = (copy: boolean) =>
    run(async () => {
      const { done, text } = await call('console:open', { name: profile.name, copy });
      if (text !== undefined) {
        await copyInPage(text, 60);
        return t('day.copy.page', { seconds: 60 });
      }
      return t(done === 'copied' ? 'ui.console.copied' : 'ui.console.opened', { name: profile.name });
    });
  return (
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
              disabled={busy}
            >
              {t('ui.console.open')}
            </button>
            {clipboard && (
              <button type="button" className="button" onClick={() => openConsole(true)} disabled={busy}>
                {t('ui.console.copy')}
              </button>
            )}
          </>
        )}
        <button
          type="button"
          className={profile.hasConsole ? 'button' : 'button primary'}
          onClick={login}
          disabled={busy}
        >
          {profile.session.state === 'active' ? t('ui.login.again') : t('ui.login')}
        </button>
        {profile.session.state !== 'none' && (
          <button type="button" className="button subtle" onClick={logout} disabled={busy}>
            {t('ui.logout')}
          </button>
        )}
      </div>
    </section>
  );
}
