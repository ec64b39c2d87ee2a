import { useEffect, useRef } from 'react';
import { useT } from '../i18n';

/**
 * An error that matters (a refused PIN with the tries left, a rename conflict, a failed sign-in): shown where it
 * happened and kept until the person dismisses it, unlike a toast. Focus moves to it so a keyboard user hears it
 * and can dismiss it at once.
 */
export function InlineError({ text, dismiss }: { text: string; dismiss(): void }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [text]);
  return (
    <div className="inline-error" role="alert" tabIndex={-1} ref={box} data-testid="inline-error">
      <span className="inline-error-text">{text}</span>
      <button type="button" className="button subtle" onClick={dismiss}>
        {t('day.error.dismiss')}
      </button>
    </div>
  );
}
