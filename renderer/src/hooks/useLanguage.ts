import { useEffect, useMemo } from 'react';
import type { Lang } from '../../../shared/i18n';
import { makeT, type T } from '../i18n';

/** The UI's translate function for `lang`, which also becomes the page's `lang` attribute. */
export function useLanguage(lang: Lang): { lang: Lang; t: T } {
  const t = useMemo(() => makeT(lang), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return { lang, t };
}
