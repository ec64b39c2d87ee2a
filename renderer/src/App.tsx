import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  ActivityView,
  AppInfo,
  IpcRequest,
  ProfileView,
  PromptView,
  SettingsView,
  TypeView,
  UiEvent,
} from '../../shared/ipc';
import { langFromLocale, type Lang } from '../../shared/i18n';
import { caller, CallError, tobiraApi, type Call } from './bridge';
import { errorText } from './errors';
import { LangContext, makeT } from './i18n';
import { AddProfile } from './components/AddProfile';
import { ProfileDetail } from './components/ProfileDetail';
import { ProfileList } from './components/ProfileList';
import { PromptDialog } from './components/PromptDialog';
import { ProviderIcon } from './components/ProviderIcon';
import { Settings } from './components/Settings';
import { SimPanel } from './components/SimPanel';

/** Errors after which the page can do nothing more (browser mode: the session is gone or never began). */
const FATAL_KEYS = new Set(['ui.error.sessionEnded', 'ui.error.linkUsed']);

type Page = 'profiles' | 'sim' | 'settings';
interface Toast {
  id: number;
  text: string;
  tone: 'ok' | 'error';
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Applies the theme setting: the system's preference unless light or dark is chosen. */
function useTheme(theme: SettingsView['theme'] | undefined) {
  useEffect(() => {
    const root = document.documentElement;
    if (!theme || theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);
}

function Brand() {
  return (
    <h1 className="brand">
      扉 <span>Tobira</span>
    </h1>
  );
}

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
  subscribe(listener: (event: UiEvent) => void): () => void;
  fallbackLang: Lang;
}

function Connected({ call, subscribe, fallbackLang }: ConnectedProps) {
  const promptOnly = window.location.hash === '#prompt';
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [settings, setSettings] = useState<SettingsView | undefined>();
  const [types, setTypes] = useState<TypeView[]>([]);
  const [profiles, setProfiles] = useState<ProfileView[] | undefined>();
  const [prompts, setPrompts] = useState<PromptView[]>([]);
  const [activity, setActivity] = useState<ActivityView[]>([]);
  const [page, setPage] = useState<Page>('profiles');
  const [selected, setSelected] = useState<string | undefined>();
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<string | undefined>();
  const [adding, setAdding] = useState<{ type?: string; options?: Record<string, string> } | undefined>();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [fatal, setFatal] = useState<string | undefined>();
  const search = useRef<HTMLInputElement>(null);
  const now = useNow(1000);
  const lang: Lang = info?.lang ?? fallbackLang;
  const t = useMemo(() => makeT(lang), [lang]);
  useTheme(settings?.theme);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const notify = useCallback((text: string, tone: 'ok' | 'error' = 'ok') => {
    const id = Date.now() + Math.random();
    setToasts((current) => [...current.slice(-1), { id, text, tone }]);
    setTimeout(
      () => setToasts((current) => current.filter((toast) => toast.id !== id)),
      tone === 'error' ? 8000 : 4000,
    );
  }, []);

  const guard = useCallback(
    async (work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        const text = errorText(makeT(lang), error);
        if (error instanceof CallError && FATAL_KEYS.has(error.error.key)) setFatal(text);
        else notify(text, 'error');
      }
    },
    [lang, notify],
  );

  const loadProfiles = useCallback(
    () => guard(async () => setProfiles(await call('profiles:list', {}))),
    [call, guard],
  );
  const loadPrompts = useCallback(
    () =>
      guard(async () => {
        const result = await call('prompts:list', {});
        setPrompts(result.prompts);
        setActivity(result.activity);
      }),
    [call, guard],
  );
  const loadSettings = useCallback(
    () =>
      guard(async () => {
        const [nextInfo, nextSettings] = await Promise.all([call('app:info', {}), call('settings:get', {})]);
        setInfo(nextInfo);
        setSettings(nextSettings);
      }),
    [call, guard],
  );

  useEffect(() => {
    // Fetch everything once on mount; later changes arrive as pushed events.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void loadSettings();
    void loadPrompts();
    if (!promptOnly) {
      void loadProfiles();
      void guard(async () => setTypes(await call('types:list', {})));
    }
    const unsubscribe = subscribe((event) => {
      if (event.kind === 'notice') return notify(makeT(lang)(event.message.key, event.message.params));
      if (event.topics.includes('prompts')) void loadPrompts();
      if (event.topics.includes('profiles') && !promptOnly) void loadProfiles();
      if (event.topics.includes('settings')) void loadSettings();
    });
    // Session states change with time too: refresh now and then.
    const timer = setInterval(() => !promptOnly && void loadProfiles(), 30_000);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      const typing = ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
      if (event.key === '/' && !typing && document.querySelector('[role="dialog"]') === null) {
        event.preventDefault();
        setPage('profiles');
        setTimeout(() => search.current?.focus());
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const changeSettings = (patch: IpcRequest<'settings:set'>) =>
    void guard(async () => {
      setSettings(await call('settings:set', patch));
      setInfo(await call('app:info', {}));
    });

  const prompt = prompts[0];
  const promptDialog = prompt && (
    <PromptDialog
      key={prompt.id}
      prompt={prompt}
      queued={prompts.length - 1}
      now={now}
      onAnswer={(value) =>
        guard(async () => {
          await call('prompts:answer', { id: prompt.id, value });
        })
      }
      onCancel={() => void guard(async () => void (await call('prompts:cancel', { id: prompt.id })))}
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

  // Filters for the providers in use, in the registry's order.
  const inUse = new Set((profiles ?? []).map((profile) => profile.label));
  const labels = [...new Set([...types.map((type) => type.label), ...inUse])].filter((label) =>
    inUse.has(label),
  );
  const sorted = [...(profiles ?? [])].sort(
    (a, b) => Number(b.favourite) - Number(a.favourite) || a.name.localeCompare(b.name),
  );
  const needle = query.trim().toLowerCase();
  const visible = sorted.filter(
    (profile) =>
      (filter === undefined || profile.label === filter) &&
      (needle === '' ||
        [profile.name, profile.type, profile.label, ...Object.values(profile.details)].some((text) =>
          text.toLowerCase().includes(needle),
        )),
  );
  const current = sorted.find((profile) => profile.name === selected) ?? visible[0];

  return (
    <LangContext.Provider value={{ lang, t }}>
      <div className="shell">
        <nav className="sidebar" aria-label={t('ui.nav')}>
          <Brand />
          <ul className="nav">
            {(['profiles', 'sim', 'settings'] as const).map((name) => (
              <li key={name}>
                <button
                  type="button"
                  className={page === name ? 'nav-item active' : 'nav-item'}
                  aria-current={page === name ? 'page' : undefined}
                  onClick={() => setPage(name)}
                >
                  {t(`ui.${name}`)}
                </button>
              </li>
            ))}
          </ul>
          {page === 'profiles' && labels.length > 1 && (
            <div className="filters" role="group" aria-label={t('ui.filter')}>
              <p className="filters-title">{t('ui.filter')}</p>
              <button
                type="button"
                className={filter === undefined ? 'chip active' : 'chip'}
                aria-pressed={filter === undefined}
                onClick={() => setFilter(undefined)}
              >
                {t('ui.filter.all')}
              </button>
              {labels.map((label) => (
                <button
                  key={label}
                  type="button"
                  className={filter === label ? 'chip active' : 'chip'}
                  aria-pressed={filter === label}
                  onClick={() => setFilter(filter === label ? undefined : label)}
                >
                  <ProviderIcon label={label} size={16} /> {label}
                </button>
              ))}
            </div>
          )}
          <p className="sidebar-foot muted small">
            {info ? `v${info.version} · ${t(`ui.mode.${info.mode}`)}` : ''}
          </p>
        </nav>

        <main className="main">
          {fatal && (
            <p className="form-error" role="alert">
              {fatal}
            </p>
          )}
          {page === 'profiles' && (
            <div className="profiles-page">
              <section className="list-pane" aria-label={t('ui.profiles')}>
                <div className="toolbar">
                  <label htmlFor="search" className="sr-only">
                    {t('ui.search')}
                  </label>
                  <input
                    id="search"
                    ref={search}
                    type="search"
                    placeholder={t('ui.search.placeholder')}
                    value={query}
                    onChange={(event) => setQuery(event.target.value)}
                  />
                  <button type="button" className="button primary" onClick={() => setAdding({})}>
                    {t('ui.add')}
                  </button>
                </div>
                {profiles === undefined && <p role="status">{t('ui.loading')}</p>}
                {profiles !== undefined && profiles.length === 0 && (
                  <div className="empty">
                    <p>{t('ui.empty.title')}</p>
                    <p className="muted small">{t('ui.empty.body')}</p>
                  </div>
                )}
                {profiles !== undefined && profiles.length > 0 && visible.length === 0 && (
                  <p className="muted empty">{t('ui.search.none')}</p>
                )}
                <ProfileList profiles={visible} selected={current?.name} now={now} select={setSelected} />
              </section>
              <section className="detail-pane" aria-live="off">
                {current && info ? (
                  <ProfileDetail
                    key={current.name}
                    profile={current}
                    profiles={sorted}
                    types={types}
                    info={info}
                    call={call}
                    activity={activity.find((entry) => entry.profile === current.name)}
                    now={now}
                    notify={notify}
                    select={(name) => {
                      setQuery('');
                      setFilter(undefined);
                      setSelected(name);
                    }}
                    addDerived={(type, source) => setAdding({ type, options: { source } })}
                  />
                ) : (
                  profiles !== undefined && <p className="muted placeholder">{t('ui.detail.none')}</p>
                )}
              </section>
            </div>
          )}
          {page === 'sim' && <SimPanel call={call} />}
          {page === 'settings' && info && settings && (
            <Settings info={info} settings={settings} change={changeSettings} />
          )}
        </main>
      </div>
      {adding && (
        <AddProfile
          call={call}
          types={types}
          initial={adding}
          onClose={() => setAdding(undefined)}
          onDone={(name) => {
            setAdding(undefined);
            setSelected(name);
            notify(t('ui.add.done', { name }));
          }}
        />
      )}
      {promptDialog}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <button
            type="button"
            key={toast.id}
            className={`toast ${toast.tone}`}
            title={t('ui.close')}
            onClick={() => setToasts((current) => current.filter((entry) => entry.id !== toast.id))}
          >
            {toast.text}
          </button>
        ))}
      </div>
    </LangContext.Provider>
  );
}
