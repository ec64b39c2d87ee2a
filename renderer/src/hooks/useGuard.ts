import { useCallback, useState } from 'react';
import type { Lang } from '../../../shared/i18n';
import { CallError } from '../bridge';
import { errorText } from '../errors';
import { makeT } from '../i18n';
import type { Notify } from './useToasts';

/** Errors after which the page can do nothing more (browser mode: the session is gone or never began). */
const FATAL_KEYS = new Set(['ui.error.sessionEnded', 'ui.error.linkUsed']);

/** Runs background work (loads, settings changes, prompt answers) and reports its failure. */
export type Guard = (work: () => Promise<void>) => Promise<void>;

/** A failure becomes a toast, or the page's fatal message when the session is gone. */
export function useGuard(lang: Lang, notify: Notify): { guard: Guard; fatal: string | undefined } {
  const [fatal, setFatal] = useState<string | undefined>();
  const guard = useCallback<Guard>(
    async (work) => {
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
  return { guard, fatal };
}
