import { useCallback, useState } from 'react';
import type { ActivityView, PromptView } from '../../../shared/ipc';
import type { Call } from '../bridge';

/** The questions waiting for the person (the first is shown) and the actions running for profiles. */
export function usePrompts(call: Call) {
  const [prompts, setPrompts] = useState<PromptView[]>([]);
  const [activity, setActivity] = useState<ActivityView[]>([]);
  const fetchPrompts = useCallback(async () => {
    const result = await call('prompts:list', {});
    setPrompts(result.prompts);
    setActivity(result.activity);
  }, [call]);
  const answer = useCallback(
    async (id: string, value: string) => void (await call('prompts:answer', { id, value })),
    [call],
  );
  const cancel = useCallback(async (id: string) => void (await call('prompts:cancel', { id })), [call]);
  return { prompts, activity, fetchPrompts, answer, cancel };
}
