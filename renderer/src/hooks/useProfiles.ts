import { useCallback, useState } from 'react';
import type { ProfileView, TypeView } from '../../../shared/ipc';
import type { Call } from '../bridge';

/** The profiles (undefined until first loaded) and the profile types the registry offers. */
export function useProfiles(call: Call) {
  const [profiles, setProfiles] = useState<ProfileView[] | undefined>();
  const [types, setTypes] = useState<TypeView[]>([]);
  const fetchProfiles = useCallback(async () => setProfiles(await call('profiles:list', {})), [call]);
  const fetchTypes = useCallback(async () => setTypes(await call('types:list', {})), [call]);
  return { profiles, types, fetchProfiles, fetchTypes };
}
