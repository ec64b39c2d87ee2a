import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ProfileSummary, ProfileView, TypeView } from '../../../shared/ipc';
import type { Call } from '../bridge';

/** Rows asked for first when the window opens: more than any window shows. */
const FIRST_ROWS = 100;

/**
 * The list's profile summaries (undefined until first loaded) and the profile types the registry offers. The first
 * load asks for the first rows and for the whole list at once: with 10,000 profiles the rows are on screen before
 * the whole list has arrived.
 */
export function useProfiles(call: Call) {
  const [profiles, setProfiles] = useState<ProfileSummary[] | undefined>();
  const [types, setTypes] = useState<TypeView[]>([]);
  const started = useRef(false);
  const fetchProfiles = useCallback(async () => {
    if (started.current) return setProfiles(await call('profiles:list', {}));
    started.current = true;
    let whole = false;
    // A failure of the first rows is the whole list's failure too, reported once (by the await below).
    void call('profiles:list', { first: FIRST_ROWS }).then(
      (rows) => whole || setProfiles(rows),
      () => undefined,
    );
    const all = await call('profiles:list', {});
    whole = true;
    setProfiles(all);
  }, [call]);
  const latest = useRef(profiles);
  useEffect(() => {
    latest.current = profiles;
  }, [profiles]);
  /**
   * A change to these profiles alone (a favourite, a console page): their rows are read again and replaced in the
   * list, instead of 10,000 rows; a row the list does not have yet means the list is read whole.
   */
  const patchProfiles = useCallback(
    async (names: string[]) => {
      const rows = await call('profiles:list', { names });
      const current = latest.current;
      const fresh = new Map(rows.map((row) => [row.name, row]));
      if (
        !current ||
        rows.length !== names.length ||
        rows.some((row) => !current.some((old) => old.name === row.name))
      )
        return fetchProfiles();
      setProfiles((list) => list?.map((row) => fresh.get(row.name) ?? row));
    },
    [call, fetchProfiles],
  );
  const fetchTypes = useCallback(async () => setTypes(await call('types:list', {})), [call]);
  return { profiles, types, fetchProfiles, patchProfiles, fetchTypes };
}

/**
 * Profile views fetched with `profiles:get`, per list read: a view belongs to the list it was fetched for (a WeakMap
 * keyed by the list array), so a re-read list fetches again; until then the last view of that name is shown. Rows
 * prefetch on hover and the selection's neighbours are fetched ahead, so choosing one rarely waits for the server.
 */
class DetailStore {
  private readonly byList = new WeakMap<object, Map<string, ProfileView>>();
  private readonly asked = new WeakMap<object, Set<string>>();
  private readonly latest = new Map<string, ProfileView>();
  private readonly listeners = new Set<() => void>();
  private version = 0;

  constructor(private readonly call: Call) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = () => this.version;

  /** The view of `name` fetched for this list, else the last one fetched (shown while the new one loads). */
  get(list: object, name: string): ProfileView | undefined {
    return this.byList.get(list)?.get(name) ?? this.latest.get(name);
  }

  load(list: object, name: string): void {
    const asked = this.asked.get(list) ?? new Set<string>();
    this.asked.set(list, asked);
    if (asked.has(name)) return;
    asked.add(name);
    this.call('profiles:get', { name }).then(
      (view) => {
        const views = this.byList.get(list) ?? new Map<string, ProfileView>();
        this.byList.set(list, views);
        views.set(name, view);
        this.latest.set(name, view);
        this.version++;
        for (const listener of this.listeners) listener();
      },
      () => asked.delete(name), // removed meanwhile: the next list read drops it
    );
  }
}

/**
 * The selected profile as the detail pane needs it, and `prefetch(name)` for rows about to be chosen. The summary's
 * fields win over the fetched view: they are the freshest.
 */
export function useProfileDetail(
  call: Call,
  list: ProfileSummary[] | undefined,
  summary: ProfileSummary | undefined,
  neighbours: readonly string[] = [],
) {
  const [store] = useState(() => new DetailStore(call));
  useSyncExternalStore(store.subscribe, store.snapshot);
  const name = summary?.name;
  const ahead = neighbours.join('\n');
  useEffect(() => {
    if (!list || name === undefined) return;
    store.load(list, name);
    for (const other of ahead.split('\n')) if (other) store.load(list, other);
  }, [store, list, name, ahead]);
  const prefetch = useCallback((other: string) => list && store.load(list, other), [store, list]);
  const view = list && summary ? store.get(list, summary.name) : undefined;
  return { detail: view && summary ? { ...view, ...summary } : undefined, prefetch };
}
