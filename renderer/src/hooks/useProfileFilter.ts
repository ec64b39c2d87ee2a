import { useMemo, useState } from 'react';
import type { ProfileSummary, TypeView } from '../../../shared/ipc';

const collator = new Intl.Collator(undefined, { sensitivity: 'variant' });

/**
 * What the profile list shows: favourites first then by name, narrowed by the search text (name, type, provider,
 * source, the details' values such as account id or role) and the provider filter; and which profile the detail pane shows (the chosen one, else the first visible).
 * Sorting and the search text of each row are computed once per list read, not per keystroke.
 */
export function useProfileFilter(profiles: ProfileSummary[] | undefined, types: TypeView[]) {
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>();

  // Filters for the providers in use, in the registry's order.
  const labels = useMemo(() => {
    const inUse = new Set((profiles ?? []).map((profile) => profile.label));
    return [...new Set([...types.map((type) => type.label), ...inUse])].filter((label) => inUse.has(label));
  }, [profiles, types]);
  const sorted = useMemo(
    () =>
      [...(profiles ?? [])].sort(
        (a, b) => Number(b.favourite) - Number(a.favourite) || collator.compare(a.name, b.name),
      ),
    [profiles],
  );
  const haystacks = useMemo(
    () =>
      sorted.map((profile) =>
        [profile.name, profile.type, profile.label, profile.source ?? '', profile.keywords]
          .join('\n')
          .toLowerCase(),
      ),
    [sorted],
  );
  const needle = query.trim().toLowerCase();
  const visible = useMemo(
    () =>
      filter === undefined && needle === ''
        ? sorted
        : sorted.filter(
            (profile, index) =>
              (filter === undefined || profile.label === filter) &&
              (needle === '' || (haystacks[index] ?? '').includes(needle)),
          ),
    [sorted, haystacks, filter, needle],
  );
  const current = useMemo(
    () =>
      (selected === undefined ? undefined : sorted.find((profile) => profile.name === selected)) ??
      visible[0],
    [sorted, selected, visible],
  );

  /** Shows a profile the search or filter may hide: both are cleared. */
  const reveal = (name: string) => {
    setQuery('');
    setFilter(undefined);
    setSelected(name);
  };
  return { query, setQuery, filter, setFilter, setSelected, reveal, labels, sorted, visible, current };
}

export type ProfileFilter = ReturnType<typeof useProfileFilter>;
