import { useEffect } from 'react';
import type { UiEvent, UiMessage } from '../../../shared/ipc';
import type { Guard } from './useGuard';

export type Subscribe = (listener: (event: UiEvent) => void) => () => void;

interface Sources {
  /** The prompt-only window shows prompts and nothing of the profiles. */
  promptOnly: boolean;
  guard: Guard;
  fetchSettings(): Promise<void>;
  fetchPrompts(): Promise<void>;
  fetchProfiles(): Promise<void>;
  /** Re-reads only these profiles' rows (a `changed` event that names them). */
  patchProfiles(names: string[]): Promise<void>;
  fetchTypes(): Promise<void>;
  onNotice(message: UiMessage): void;
}

/**
 * Fetches everything once on mount; later changes arrive as pushed events naming the topics to re-read. The
 * functions are the ones given at mount: the subscription lives as long as the page.
 */
export function useEvents(subscribe: Subscribe, sources: Sources) {
  useEffect(() => {
    const {
      promptOnly,
      guard,
      fetchSettings,
      fetchPrompts,
      fetchProfiles,
      patchProfiles,
      fetchTypes,
      onNotice,
    } = sources;
    const loadProfiles = () => void guard(fetchProfiles);
    void guard(fetchSettings);
    void guard(fetchPrompts);
    if (!promptOnly) {
      loadProfiles();
      void guard(fetchTypes);
    }
    const unsubscribe = subscribe((event) => {
      if (event.kind === 'notice') return onNotice(event.message);
      if (event.topics.includes('prompts')) void guard(fetchPrompts);
      if (event.topics.includes('profiles') && !promptOnly) {
        const only = event.profiles;
        if (only) void guard(() => patchProfiles(only));
        else loadProfiles();
      }
      if (event.topics.includes('settings')) void guard(fetchSettings);
    });
    // Session states change with time too: refresh now and then.
    const timer = setInterval(() => !promptOnly && loadProfiles(), 30_000);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
