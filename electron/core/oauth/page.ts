import { translate, type Lang, type MessageKey, type MessageParams } from '../../../shared/i18n';

export type PageKind = 'success' | 'error' | 'forged' | 'used';

const TITLES: Record<PageKind, MessageKey> = {
  success: 'oauth.page.success.title',
  error: 'oauth.page.error.title',
  forged: 'oauth.page.forged.title',
  used: 'oauth.page.used.title',
};
const BODIES: Record<PageKind, MessageKey> = {
  success: 'oauth.page.success.body',
  error: 'oauth.page.error.body',
  forged: 'oauth.page.forged.body',
  used: 'oauth.page.used.body',
};

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );
}

/** The small page the browser shows after the redirect: self-contained, no script, no remote resources. */
export function callbackPage(kind: PageKind, lang: Lang, params: MessageParams = {}): string {
  const title = escapeHtml(translate(lang, TITLES[kind], params));
  const body = escapeHtml(translate(lang, BODIES[kind], params));
  const colour = kind === 'success' ? '#1a7f37' : kind === 'error' ? '#b42318' : '#6e6e73';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – Tobira</title>
<style>
body { font-family: system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", sans-serif; margin: 0;
  min-height: 100vh; display: flex; align-items: center; justify-content: center; background: #f5f5f7; }
main { background: #fff; padding: 2rem 2.5rem; border-radius: 12px; max-width: 32rem;
  box-shadow: 0 2px 12px rgba(0, 0, 0, 0.08); }
h1 { font-size: 1.4rem; margin: 0 0 0.75rem; color: ${colour}; }
p { margin: 0; line-height: 1.6; color: #1d1d1f; }
small { display: block; margin-top: 1.25rem; color: #6e6e73; }
</style>
</head>
<body>
<main data-kind="${kind}">
<h1>${title}</h1>
<p>${body}</p>
<small>扉 Tobira</small>
</main>
</body>
</html>
`;
}
