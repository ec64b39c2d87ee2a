import type { ProfileView } from '../../../../shared/ipc';
import type { Call } from '../../bridge';
import type { Run } from '../../hooks/useRun';
import { hasMessage, useT } from '../../i18n';
import { ProviderIcon } from '../ProviderIcon';

/** The profile's name, provider, type and MFA kind, and its favourite star. */
export function DetailHeader({
  profile,
  call,
  run,
  edit,
}: {
  profile: ProfileView;
  call: Call;
  run: Run;
  /** Opens the edit form. */
  edit(): void;
}) {
  const t = useT();
  const toggleFavourite = () =>
    run(async () => {
      await call('profiles:favourite', { name: profile.name, favourite: !profile.favourite });
      return undefined;
    });
  return (
    <header className="detail-header">
      <ProviderIcon label={profile.label} size={44} />
      <div className="detail-title">
        <h2 id="detail-title" tabIndex={-1}>
          {profile.name}
        </h2>
        <p className="muted">
          {profile.label} ·{' '}
          {hasMessage(`ui.type.${profile.type}`) ? (
            <span title={profile.type}>{t(`ui.type.${profile.type}`)}</span>
          ) : (
            <code>{profile.type}</code>
          )}
          {profile.mfa ? ` · ${t(`ui.mfa.${profile.mfa}`)}` : ''}
        </p>
      </div>
      <button type="button" className="button subtle" onClick={edit}>
        {t('form.edit')}
      </button>
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
  );
}
