import { useCallback, useState } from 'react';

export type Tone = 'ok' | 'error';
/** Shows a short message in the corner: done texts, and errors nothing else will show. */
export type Notify = (text: string, tone?: Tone) => void;

export interface Toast {
  id: number;
  text: string;
  tone: Tone;
}

/** At most two toasts at once; each goes by itself (errors stay longer) or when clicked. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const notify = useCallback<Notify>((text, tone = 'ok') => {
    const id = Date.now() + Math.random();
    setToasts((current) => [...current.slice(-1), { id, text, tone }]);
    setTimeout(
      () => setToasts((current) => current.filter((toast) => toast.id !== id)),
      tone === 'error' ? 8000 : 4000,
    );
  }, []);
  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((entry) => entry.id !== id));
  }, []);
  return { toasts, notify, dismiss };
}
