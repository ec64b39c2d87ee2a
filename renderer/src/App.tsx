import { lazy, Suspense, useEffect, useMemo, useState, type ComponentProps } from 'react';
import { langFromLocale, type Lang } from '../../shared/i18n';
import { caller, tobiraApi, type Call } from './bridge';
import { LangContext, makeT } from './i18n';
import { Brand } from './components/Brand';
import { ProfilesPage } from './components/ProfilesPage';
import { PromptDialog } from './components/PromptDialog';
import { Sidebar } from './components/Sidebar';
import { Toasts } from './components/Toasts';
import { useEvents, type Subscribe } from './hooks/useEvents';
import { useGuard } from './hooks/useGuard';
import { useLanguage } from './hooks/useLanguage';
import { useNavigation } from './hooks/useNavigation';
import { useNow } from './hooks/useNow';
import { useProfileFilter } from './hooks/useProfileFilter';
import { useProfiles } from './hooks/useProfiles';
import { usePrompts } from './hooks/usePrompts';
import { useSettings } from './hooks/useSettings';
import { useTheme } from './hooks/useTheme';
import { useToasts } from './hooks/useToasts';

// Loaded when first opened: the first paint needs only the list (see electron.vite.config.ts).
const AddProfile = lazy(async () => ({ default: (await import('./components/AddProfile')).AddProfile }));
const Settings = lazy(async () => ({ default: (await import('./components/Settings')).Settings }));
const SimPanel = lazy(async () => ({ default: (await import('./components/SimPanel')).SimPanel }));

export function App() {
  const api = useMemo(() => tobiraApi(), []);
  const fallbackLang: Lang = langFromLocale({ LANG: navigator.language });
  if (!api) {
    const t = makeT(fallbackLang);
    return (
      <main className="offline">
        <Brand />
        <p role="alert">{t('ui.noBridge')}</p>
      </main>
    );
  }
  return (
    <Connected
      call={caller(api)}
      subscribe={(listener) => api.onEvent(listener)}
      fallbackLang={fallbackLang}
    />
  );
}

interface ConnectedProps {
  call: Call;
  subscribe: Subscribe;
  fallbackLang: Lang;
}

function Connected({ call, subscribe, fallbackLang }: ConnectedProps) {
  const promptOnly = window.location.hash === '#prompt';
  const { info, settings, fetchSettings, saveSettings } = useSettings(call);
  const { profiles, types, fetchProfiles, patchProfiles, fetchTypes } = useProfiles(call);
  const { prompts, activity, fetchPrompts, answer, cancel } = usePrompts(call);
  // Browser mode's "System" language is the browser's (navigator.languages), not that of the serving process.
  const pageLang =
    info?.mode === 'browser' && settings?.language === 'auto'
      ? langFromLocale({ LANG: navigator.languages[0] ?? navigator.language })
      : info?.lang;
  const { lang, t } = useLanguage(pageLang ?? fallbackLang);
  const { toasts, notify, dismiss } = useToasts();
  const { guard, fatal } = useGuard(lang, notify);
  const { page, setPage, search } = useNavigation();
  const view = useProfileFilter(profiles, types);
  const [adding, setAdding] = useState<{ type?: string; options?: Record<string, string> } | undefined>();
  useTheme(settings?.theme);
  // The store in use is recorded with the first secret: the Settings page reads it afresh each time it opens.
  useEffect(() => {
    if (page === 'settings') void guard(fetchSettings);
  }, [page, guard, fetchSettings]);
  useEvents(subscribe, {
    promptOnly,
    guard,
    fetchSettings,
    fetchPrompts,
    fetchProfiles,
    patchProfiles,
    fetchTypes,
    onNotice: (message) => notify(t(message.key, message.params)),
  });

  const prompt = prompts[0];
  const promptDialog = prompt && (
    <TickingPrompt
      key={prompt.id}
      prompt={prompt}
      queued={prompts.length - 1}
      onAnswer={(value) => guard(() => answer(prompt.id, value))}
      onCancel={() => void guard(() => cancel(prompt.id))}
    />
  );

  if (promptOnly) {
    return (
      <LangContext.Provider value={{ lang, t }}>
        <main className="prompt-window">
          {promptDialog ?? <p className="muted">{t('ui.prompt.none')}</p>}
        </main>
      </LangContext.Provider>
    );
  }

  return (
    <LangContext.Provider value={{ lang, t }}>
      <div className="shell">
        <Sidebar
          page={page}
          setPage={setPage}
          labels={view.labels}
          filter={view.filter}
          setFilter={view.setFilter}
          info={info}
        />
        <main className="main">
          {fatal && (
            <p className="form-error" role="alert">
              {fatal}
            </p>
          )}
          {page === 'profiles' && (
            <ProfilesPage
              profiles={profiles}
              view={view}
              types={types}
              info={info}
              activity={activity}
              call={call}
              notify={notify}
              search={search}
              add={setAdding}
            />
          )}
          <Suspense fallback={null}>
            {page === 'sim' && <SimPanel call={call} />}
            {page === 'settings' && info && settings && (
              <Settings
                info={info}
                settings={settings}
                change={(patch) => void guard(() => saveSettings(patch))}
              />
            )}
          </Suspense>
        </main>
      </div>
      {adding && (
        <Suspense fallback={null}>
          <AddProfile
            call={call}
            types={types}
            initial={adding}
            onClose={() => setAdding(undefined)}
            onDone={(name) => {
              setAdding(undefined);
              view.setSelected(name);
              notify(t('ui.add.done', { name }));
            }}
          />
        </Suspense>
      )}
      {promptDialog}
      <Toasts toasts={toasts} dismiss={dismiss} />
    </LangContext.Provider>
  );
}

/** The prompt's countdown follows the page clock; the rest of the page does not re-render with it. */
function TickingPrompt(props: Omit<ComponentProps<typeof PromptDialog>, 'now'>) {
  return <PromptDialog {...props} now={useNow()} />;
}
