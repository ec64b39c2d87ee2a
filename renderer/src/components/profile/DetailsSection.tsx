import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ProfileView } from '../../../../shared/ipc';
import type { Call } from '../../bridge';
import type { Run } from '../../hooks/useRun';
import { hasMessage, useT } from '../../i18n';

interface DetailsSectionProps {
  profile: ProfileView;
  call: Call;
  run: Run;
  select(name: string): void;
  /** Opens the removal confirmation (RemoveDialog). */
  remove(): void;
}

/** The profile's settings as stored, renaming it in place, and removing it. */
export function DetailsSection({ profile, call, run, select, remove }: DetailsSectionProps) {
  const t = useT();
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(profile.name);
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);
  // Focus goes into the field when Rename opens, and back to the Rename button when it closes.
  useEffect(() => {
    if (renaming) input.current?.select();
    else if (wasRenaming.current) opener.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);
  const cancelRename = () => {
    setNewName(profile.name);
    setRenaming(false);
  };
  const rename = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const renamed = await call('profiles:rename', { from: profile.name, to: newName.trim() });
      select(renamed.name);
      return t('ui.rename.done', { from: profile.name, to: renamed.name });
    });
  };
  return (
    <section className="card" aria-labelledby="sec-details">
      <h3 id="sec-details">{t('ui.section.details')}</h3>
      <dl className="details">
        {Object.entries(profile.details).map(([key, value]) => (
          <div key={key}>
            <dt>{hasMessage(`ui.detail.${key}`) ? t(`ui.detail.${key}`) : key}</dt>
            <dd>{hasMessage(`day.${key}.${value}`) ? t(`day.${key}.${value}`) : value}</dd>
          </div>
        ))}
      </dl>
      <div className="actions start">
        {renaming ? (
          <form onSubmit={rename} className="inline-form">
            <label htmlFor="rename-input" className="inline-label">
              {t('ui.rename.label')}
            </label>
            <input
              id="rename-input"
              ref={input}
              value={newName}
              onChange={(event) => setNewName(event.target.value)}
              onKeyDown={(event) => {
                if (event.key !== 'Escape') return;
                event.preventDefault();
                cancelRename();
              }}
            />
            <button type="submit" className="button">
              {t('ui.rename.submit')}
            </button>
            <button type="button" className="button subtle" onClick={cancelRename}>
              {t('ui.cancel')}
            </button>
          </form>
        ) : (
          <>
            <button type="button" className="button subtle" ref={opener} onClick={() => setRenaming(true)}>
              {t('ui.rename')}
            </button>
            <button type="button" className="button subtle danger-text" onClick={remove}>
              {t('ui.remove')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
