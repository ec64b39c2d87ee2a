/**
 * Browser mode's clipboard: the page writes the person's own browser clipboard (the server's would be useless), and
 * after `seconds` clears it if it still holds what we wrote. A browser that does not let a page read the clipboard
 * leaves the text there (docs/browser-mode.md): the page cannot tell whether the person copied something else since.
 */
export async function copyInPage(text: string, seconds: number): Promise<void> {
  await navigator.clipboard.writeText(text);
  setTimeout(() => {
    void navigator.clipboard
      .readText()
      .then((current) => (current === text ? navigator.clipboard.writeText('') : undefined))
      .catch(() => undefined);
  }, seconds * 1000);
}

/** Whether this page can copy: the desktop app's main process, or browser mode's clipboard API. */
export function canCopy(info: {
  mode: 'electron' | 'browser';
  capabilities: { clipboard: boolean };
}): boolean {
  if (info.capabilities.clipboard) return true;
  return info.mode === 'browser' && typeof navigator.clipboard?.writeText === 'function';
}
