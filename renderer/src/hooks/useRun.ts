import { useState } from 'react';
import { errorText, isCancelled } from '../errors';
import { useT } from '../i18n';
import type { Notify } from './useToasts';

/** Runs one action; the text it returns (if any) is the toast that says it is done. */
export type Run = (work: () => Promise<string | undefined>) => Promise<void>;

/**
 * One action at a time among a view's buttons (`busy` disables them): its done text or its error becomes a toast;
 * a cancelled prompt says nothing.
 */
export function useRun(notify: Notify): { busy: boolean; run: Run } {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const run: Run = async (work) => {
    setBusy(true);
    try {
      const done = await work();
      if (done) notify(done);
    } catch (error) {
      if (!isCancelled(error)) notify(errorText(t, error), 'error');
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
