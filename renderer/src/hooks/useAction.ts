import { useCallback, useState } from 'react';
import { errorText } from '../errors';
import { useT } from '../i18n';

/** The busy flag and failure text of one action in a dialog or form: `run(work)` sets both around the work. */
export function useAction() {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const run = useCallback(
    async (work: () => Promise<void>) => {
      setBusy(true);
      setFailure(undefined);
      try {
        await work();
      } catch (error) {
        setFailure(errorText(t, error));
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, failure, run };
}
