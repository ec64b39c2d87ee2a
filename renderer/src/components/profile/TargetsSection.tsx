import type { ProfileSummary, ProfileView, TypeView } from '../../../../shared/ipc';
import { hasMessage, useT } from '../../i18n';
import { StateBadge } from './StateBadge';

interface TargetsSectionProps {
  profile: ProfileView;
  profiles: ProfileSummary[];
  /** The types of the same provider that take this profile as their source. */
  derivedTypes: TypeView[];
  now: number;
  select(name: string): void;
  addDerived(type: string, source: string): void;
}

/** The profile this one signs in through, the profiles that sign in through it, and adding one more. */
export function TargetsSection(props: TargetsSectionProps) {
  const { profile, profiles, derivedTypes, now, select, addDerived } = props;
  const t = useT();
  const typeWords = (type: string) => (hasMessage(`ui.type.${type}`) ? t(`ui.type.${type}`) : type);
  return (
    <section className="card" aria-labelledby="sec-targets">
      <h3 id="sec-targets">
        {profile.label === 'SORACOM' ? t('ui.section.targets') : t('day.targets.sources')}
      </h3>
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
                <span className="muted small">{target?.label ?? ''}</span>
                {target && <StateBadge profile={target} now={now} />}
              </li>
            );
          })}
        </ul>
      )}
      {profile.dependents.length === 0 && !profile.source && profile.label === 'SORACOM' && (
        <p className="muted small">{t('ui.targets.none')}</p>
      )}
      {derivedTypes.map((derived) => (
        <button
          key={derived.type}
          type="button"
          className="button subtle"
          onClick={() => addDerived(derived.type, profile.name)}
        >
          {profile.label === 'SORACOM'
            ? t('ui.targets.add', { type: typeWords(derived.type) })
            : t('day.targets.add', { label: typeWords(derived.type) })}
        </button>
      ))}
    </section>
  );
}
