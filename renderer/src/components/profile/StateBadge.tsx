import type { ProfileView } from '../../../../shared/ipc';
import { useT } from '../../i18n';
import { shortTimeLeft, timeLeft } from '../../time';

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
