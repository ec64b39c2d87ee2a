import { memo } from 'react';
import type { ProfileSummary } from '../../../../shared/ipc';
import { useNow } from '../../hooks/useNow';
import { useT } from '../../i18n';
import { shortTimeLeft, timeLeft } from '../../time';

interface StateBadgeProps {
  profile: Pick<ProfileSummary, 'hasSessions' | 'session'>;
  /** The time to count from; without it the badge follows the page clock itself (only badges that show time do). */
  now?: number;
  /** The list's calm form: nothing when signed out, the time left to the minute when signed in. */
  compact?: boolean;
}

export const StateBadge = memo(function StateBadge({ profile, now, compact = false }: StateBadgeProps) {
  if (!profile.hasSessions) return null;
  const { state, expiration } = profile.session;
  if (compact && state === 'none') return null;
  // A badge with nothing to count (no expiry, or expired) never subscribes to the clock, nor reads the time.
  if (now === undefined && expiration !== null && state !== 'expired') {
    return <TickingBadge state={state} expiration={expiration} compact={compact} />;
  }
  return <Badge state={state} expiration={expiration} compact={compact} now={now ?? 0} />;
});

function TickingBadge(props: Omit<BadgeProps, 'now'>) {
  return <Badge {...props} now={useNow()} />;
}

interface BadgeProps {
  state: ProfileSummary['session']['state'];
  expiration: string | null;
  compact: boolean;
  now: number;
}

function Badge({ state, expiration, compact, now }: BadgeProps) {
  const t = useT();
  if (compact) {
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
