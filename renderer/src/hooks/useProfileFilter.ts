import { useState } from 'react';
import type { ProfileView, TypeView } from '../../../shared/ipc';

/**
 * What the profile list shows: favourites first then by name, narrowed by the search text and the provider
 * filter; and which profile the detail pane shows (the chosen one, else the first visible).
 */
export function useProfileFilter(profiles: ProfileView[] | undefined, types: TypeView[]) {
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>();

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

  /** Shows a profile the search or filter may hide: both are cleared. */
  const reveal = (name: string) => {
    setQuery('');
    setFilter(undefined);
    setSelected(name);
  };
  return { query, setQuery, filter, setFilter, setSelected, reveal, labels, sorted, visible, current };
}

export type ProfileFilter = ReturnType<typeof useProfileFilter>;
