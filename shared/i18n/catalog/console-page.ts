import { defineCatalog } from '../types';

// The app's "Console page" editor (T18: a favourite remembers where its console opens) and the T20 gap fixes of the
// remove dialog for several profiles at once. Params are profile names, service names and regions.
export const consolePageMessages = defineCatalog({
  'aws.console.badRegion': {
    en: 'Unknown region "{region}": use a region like ap-northeast-1 or eu-west-1.',
    ja: 'リージョン "{region}" が不明です。ap-northeast-1 や eu-west-1 のようなリージョンを指定してください。',
  },
  'ui.consolePage.title': { en: 'Console page', ja: 'コンソールのページ' },
  'ui.consolePage.hint': {
    en: 'Where Open console (and the tray favourite) lands: a service and region, or a console URL. Leave all empty to open the console home.',
    ja: '「コンソールを開く」(とトレイのお気に入り) で開くページ: サービスとリージョン、またはコンソールの URL。すべて空ならコンソールのホームを開きます。',
  },
  'ui.consolePage.service': { en: 'Service', ja: 'サービス' },
  'ui.consolePage.serviceNone': { en: '(console home)', ja: '(コンソールのホーム)' },
  'ui.consolePage.region': { en: 'Region', ja: 'リージョン' },
  'ui.consolePage.destination': { en: 'Or a console URL', ja: 'またはコンソールの URL' },
  'ui.consolePage.save': { en: 'Save page', ja: 'ページを保存' },
  'ui.consolePage.clear': { en: 'Forget page', ja: 'ページを消去' },
  'ui.consolePage.saved': {
    en: 'The console of {name} opens at {page}.',
    ja: '{name} のコンソールは {page} で開きます。',
  },
  'ui.consolePage.cleared': {
    en: 'The console of {name} opens at its home page.',
    ja: '{name} のコンソールはホームページで開きます。',
  },
  'ui.consolePage.current': { en: 'Opens at: {page}', ja: '開くページ: {page}' },
  'ui.remove.bodyMany': {
    en: 'Their stored secrets and cached sessions are deleted from this computer. The cloud accounts themselves are not touched.',
    ja: 'これらの保存済みのシークレットとキャッシュされたセッションをこのコンピューターから削除します。クラウドのアカウント自体は変更しません。',
  },
  'ui.remove.bodyConsoleMany': {
    en: 'Their console browser identities (cookies and history of their own browser windows) are deleted too.',
    ja: 'これらのコンソール用のブラウザー ID (専用ウィンドウの Cookie と履歴) も削除します。',
  },
  'form.remove.dependentsMany': {
    en: '{dependents} use {name} as their source. Remove all {count}, or cancel and change their source first.',
    ja: '{dependents} が {name} をソースにしています。{count} 個すべてを削除するか、キャンセルして先にソースを変更してください。',
  },
  'form.remove.all': { en: 'Remove all {count}', ja: '{count} 個すべてを削除' },
});
