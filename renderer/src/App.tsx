import { useEffect, useState } from 'react';
import type { ProfileSummary } from '../../shared/ipc';
import { langFromLocale, translate, type Lang } from '../../shared/i18n';
import { tobiraApi } from './api';

type State = { kind: 'loading' } | { kind: 'ready'; profiles: ProfileSummary[] } | { kind: 'offline' };

export function App() {
  const [lang] = useState<Lang>(() => langFromLocale({ LANG: navigator.language }));
  const [state, setState] = useState<State>(() => (tobiraApi() ? { kind: 'loading' } : { kind: 'offline' }));

  useEffect(() => {
    const api = tobiraApi();
    if (!api) return;
    void api.invoke('profiles:list', {}).then((profiles) => setState({ kind: 'ready', profiles }));
  }, []);

  return (
    <main className="app">
      <header className="app-header">
        <h1>
          扉 <span>Tobira</span>
        </h1>
      </header>
      {state.kind === 'loading' && <p role="status">{translate(lang, 'ui.loading')}</p>}
      {state.kind === 'offline' && <p role="alert">{translate(lang, 'ui.noBridge')}</p>}
      {state.kind === 'ready' && (
        <ul className="profile-list" aria-label={translate(lang, 'ui.profiles')}>
          {state.profiles.map((profile) => (
            <li key={profile.name}>
              <strong>{profile.name}</strong> <span className="type">{profile.type}</span>
            </li>
          ))}
          {state.profiles.length === 0 && <li className="empty">{translate(lang, 'ui.noProfiles')}</li>}
        </ul>
      )}
    </main>
  );
}
