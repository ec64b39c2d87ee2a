import { defineCatalog } from '../types';

/** The loopback redirect server and the PKCE flow (electron/core/oauth), shared by every OAuth provider. */
export const oauthMessages = defineCatalog({
  'cli.login.noBrowser': {
    en: 'OAuth logins: do not open a browser; print the URL and read the pasted redirect address (SSH, headless)',
    ja: 'OAuth ログイン: ブラウザーを開かず、URL を表示して貼り付けられたリダイレクト先アドレスを読み取る (SSH、ヘッドレス)',
  },
  'oauth.portsBusy': {
    en: 'Every port the sign-in may redirect to ({range}) on 127.0.0.1 is in use. Close the program using them (another sign-in still waiting?) and try again.',
    ja: 'サインインのリダイレクト先に使えるポート ({range}、127.0.0.1) がすべて使用中です。使っているプログラム (待機中の別のサインインなど) を終了してから再実行してください。',
  },
  'oauth.listenFailed': {
    en: 'Could not listen on 127.0.0.1 for the sign-in redirect ({detail}).',
    ja: 'サインインのリダイレクトを受け取るために 127.0.0.1 で待ち受けできませんでした ({detail})。',
  },
  'oauth.timeout': {
    en: 'No sign-in came back from the browser within {seconds} seconds, so Tobira stopped waiting.',
    ja: '{seconds} 秒以内にブラウザーからサインインの結果が戻らなかったため、待機を終了しました。',
  },
  'oauth.cancelled': {
    en: 'The sign-in was cancelled.',
    ja: 'サインインはキャンセルされました。',
  },
  'oauth.denied': {
    en: 'The sign-in was declined in the browser ({error}: {description}). Run the login again and choose to allow access.',
    ja: 'ブラウザーでサインインが拒否されました ({error}: {description})。もう一度ログインを実行し、アクセスを許可してください。',
  },
  'oauth.callbackError': {
    en: 'The authorization server returned an error instead of a sign-in: {error}: {description}',
    ja: '認可サーバーがサインインではなくエラーを返しました: {error}: {description}',
  },
  'oauth.tokenRejected': {
    en: 'The authorization server refused to issue tokens ({error}: {description}). Run the login again.',
    ja: '認可サーバーがトークンの発行を拒否しました ({error}: {description})。もう一度ログインを実行してください。',
  },
  'oauth.refreshRejected': {
    en: 'The stored sign-in can no longer be refreshed ({error}: {description}).',
    ja: '保存されているサインインはもう更新できません ({error}: {description})。',
  },
  'oauth.browser.opening': {
    en: 'Opening the browser to sign in to {provider}…',
    ja: '{provider} にサインインするためにブラウザーを開いています…',
  },
  'oauth.browser.url': {
    en: 'If the browser does not open, visit this URL on this computer:\n  {url}',
    ja: 'ブラウザーが開かない場合は、このコンピューターで次の URL を開いてください:\n  {url}',
  },
  'oauth.browser.waiting': {
    en: 'Waiting for the browser… (up to {seconds} seconds; Ctrl-C to cancel)',
    ja: 'ブラウザーを待っています… (最大 {seconds} 秒、Ctrl-C でキャンセル)',
  },
  'oauth.browser.failed': {
    en: 'Could not open a browser here ({detail}); sign in from another browser instead.',
    ja: 'ここではブラウザーを開けませんでした ({detail})。別のブラウザーからサインインしてください。',
  },
  'oauth.paste.instructions': {
    en: 'Open this URL in a browser (on any computer) and sign in:\n  {url}\nThe browser then goes to an address starting with {redirect} that will not load. Copy that whole address from the address bar and paste it here.',
    ja: '次の URL をブラウザー (どのコンピューターでも可) で開いてサインインしてください:\n  {url}\nその後ブラウザーは {redirect} で始まるアドレスに移動し、ページは表示されません。アドレスバーのアドレスをすべてコピーして、ここに貼り付けてください。',
  },
  'oauth.paste.prompt': {
    en: 'Pasted address ({provider}, {name})',
    ja: '貼り付けるアドレス ({provider}、{name})',
  },
  'oauth.paste.notRedirect': {
    en: 'That is not the address the sign-in redirected to (it must start with {redirect}). Try again.',
    ja: 'サインインのリダイレクト先のアドレスではありません ({redirect} で始まる必要があります)。もう一度貼り付けてください。',
  },
  'oauth.paste.wrongState': {
    en: 'That address belongs to a different sign-in (its state does not match). Paste the address from the sign-in started just now.',
    ja: 'そのアドレスは別のサインインのものです (state が一致しません)。今開始したサインインのアドレスを貼り付けてください。',
  },
  'oauth.paste.gaveUp': {
    en: 'No valid redirect address was pasted. Run the login again.',
    ja: '有効なリダイレクト先のアドレスが貼り付けられませんでした。もう一度ログインを実行してください。',
  },
  'oauth.paste.noTerminal': {
    en: 'No browser could be opened and there is no terminal to paste the redirect address into. Run `tobira login {name}` in a terminal.',
    ja: 'ブラウザーを開けず、リダイレクト先のアドレスを貼り付ける端末もありません。端末で `tobira login {name}` を実行してください。',
  },
  'oauth.page.success.title': {
    en: 'Signed in',
    ja: 'サインインしました',
  },
  'oauth.page.success.body': {
    en: 'Tobira received your sign-in. You can close this tab and go back to Tobira.',
    ja: 'Tobira がサインインを受け取りました。このタブを閉じて Tobira に戻ってください。',
  },
  'oauth.page.error.title': {
    en: 'Sign-in not completed',
    ja: 'サインインは完了していません',
  },
  'oauth.page.error.body': {
    en: 'The sign-in returned an error: {error} {description}. You can close this tab; Tobira shows what to do next.',
    ja: 'サインインはエラーを返しました: {error} {description}。このタブを閉じてください。次の手順は Tobira に表示されます。',
  },
  'oauth.page.forged.title': {
    en: 'Not the sign-in Tobira is waiting for',
    ja: 'Tobira が待っているサインインではありません',
  },
  'oauth.page.forged.body': {
    en: 'This address does not belong to the sign-in Tobira started, so it was ignored. If you did not open it yourself, close this tab.',
    ja: 'このアドレスは Tobira が開始したサインインのものではないため、無視しました。心当たりがなければこのタブを閉じてください。',
  },
  'oauth.page.used.title': {
    en: 'Sign-in already received',
    ja: 'サインインは受け取り済みです',
  },
  'oauth.page.used.body': {
    en: 'Tobira already received this sign-in. You can close this tab.',
    ja: 'Tobira はこのサインインを受け取り済みです。このタブを閉じてください。',
  },
});
