import type { Clipboard } from 'electron';
import type { AppClipboard } from '../core/app';

/** The system clipboard, cleared after a while if it still holds what we put there (1Password-style). */
export function autoClearingClipboard(
  clipboard: Pick<Clipboard, 'writeText' | 'readText' | 'clear'>,
  schedule: (run: () => void, ms: number) => void = (run, ms) => setTimeout(run, ms).unref(),
): AppClipboard {
  return {
    write(text, clearAfterMs) {
      clipboard.writeText(text);
      schedule(() => {
        if (clipboard.readText() === text) clipboard.clear();
      }, clearAfterMs);
    },
  };
}
