import { useState } from 'react';
import { errorText, isCancelled } from '../errors';
import { useT } from '../i18n';
import type { Notify } from './useToasts';

/** Runs one action; the text it returns (if any) is the toast that says it is done. */
export type Run = (work: () => Promise<string | undefined>) => Promise<void>;

/**
 * One action at a time among a view's buttons (`busy` disables them): its done text becomes a toast, its error goes
 * to `report` (an inline message that stays until dismissed) or else a toast; a cancelled prompt says nothing.
 */
export function useRun(notify: Notify, report?: (text: string) => void): { busy: boolean; run: Run } {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const run: Run = async (work) => {
    setBusy(true);
    try {
      const done = await work();
      if (done) notify(done);
    } catch (error) {
      if (isCancelled(error)) return;
      // An error that matters stays where it happened until dismissed; without a place for it, a toast.
      if (report) report(errorText(t, error));
      else notify(errorText(t, error), 'error');
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
