import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProfileSummary, ProfileView, TypeView } from '../../../shared/ipc';
import type { Call } from '../bridge';

/** The list's profile summaries (undefined until first loaded) and the profile types the registry offers. */
export function useProfiles(call: Call) {
  const [profiles, setProfiles] = useState<ProfileSummary[] | undefined>();
  const [types, setTypes] = useState<TypeView[]>([]);
  const fetchProfiles = useCallback(async () => setProfiles(await call('profiles:list', {})), [call]);
  const fetchTypes = useCallback(async () => setTypes(await call('types:list', {})), [call]);
  return { profiles, types, fetchProfiles, fetchTypes };
}

/**
 * The selected profile as the detail pane needs it, fetched when the selection changes and again whenever the list
 * was re-read (its summary object is then a new one). The summary's fields win: they are the freshest.
 */
export function useProfileDetail(call: Call, summary: ProfileSummary | undefined): ProfileView | undefined {
  const [detail, setDetail] = useState<ProfileView | undefined>();
  const asked = useRef(0);
  useEffect(() => {
    if (!summary) return;
    const ticket = ++asked.current;
    call('profiles:get', { name: summary.name }).then(
      (view) => {
        if (ticket === asked.current) setDetail(view);
      },
      () => undefined, // removed meanwhile: the next list read drops it
    );
  }, [call, summary]);
  if (!summary || detail?.name !== summary.name) return undefined;
  return { ...detail, ...summary };
}
