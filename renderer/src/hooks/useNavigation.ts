import { useEffect, useRef, useState } from 'react';

export type Page = 'profiles' | 'sim' | 'settings';
export const PAGES: readonly Page[] = ['profiles', 'sim', 'settings'];

/** The page shown, and the search field that `/` (outside fields and dialogs) jumps to. */
export function useNavigation() {
  const [page, setPage] = useState<Page>('profiles');
  const search = useRef<HTMLInputElement>(null);
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
  return { page, setPage, search };
}
