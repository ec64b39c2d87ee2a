import { defineCatalog } from '../types';

// Consoles side by side (T18): browser identities per profile, --browser, --service. Params are profile names,
// browser names, paths and service names; never a sign-in URL.
export const consoleMessages = defineCatalog({
  'cli.console.browser': {
    en: "browser for this profile's own identity: chrome, chromium, edge, brave, firefox, default (the system browser, shared cookies) or a command",
    ja: 'プロファイル専用の ID で開くブラウザー: chrome, chromium, edge, brave, firefox, default (システムの既定ブラウザー、Cookie 共有) またはコマンド',
  },
  'cli.console.sameWindow': {
    en: 'open in the system browser like any link (no identity of its own: a second account replaces the first)',
    ja: '通常のリンクと同じくシステムのブラウザーで開く (専用 ID なし。別アカウントでサインインすると前のアカウントは置き換わります)',
  },
  'cli.console.service': {
    en: 'console service to land on (s3, ec2, iam, lambda, ...)',
    ja: '開くコンソールのサービス (s3, ec2, iam, lambda など)',
  },
  'cli.console.examples': {
    en: `
Examples:
  tobira console prod --browser chrome            prod in its own Chrome identity (window "Tobira: prod")
  tobira console staging --browser chrome         another identity: prod stays signed in
  tobira console prod --service s3 --region eu-west-1 --remember
  tobira console prod --same-window               the system browser, shared cookies (as before)
Without --browser, the app's setting "Consoles open in" decides. tobira logout NAME removes the identity.`,
    ja: `
例:
  tobira console prod --browser chrome            prod 専用の Chrome ID で開く (ウィンドウ名 "Tobira: prod")
  tobira console staging --browser chrome         別の ID で開くため prod はサインインしたまま
  tobira console prod --service s3 --region eu-west-1 --remember
  tobira console prod --same-window               システムのブラウザー (Cookie 共有、従来どおり)
--browser がなければアプリの設定「コンソールを開くブラウザー」に従います。tobira logout NAME で ID も削除します。`,
  },
  'cli.console.remember': {
    en: 'remember this page (--service, --region, --destination; none of them: forget it) for the tray and later consoles of NAME',
    ja: 'このページ (--service, --region, --destination。どれも指定しなければ忘れる) を記憶し、トレイと以降の NAME のコンソールで使う',
  },
  'ui.settings.consoleBrowser': { en: 'Consoles open in', ja: 'コンソールを開くブラウザー' },
  'ui.settings.consoleBrowser.default': {
    en: 'System browser (one cookie jar for all)',
    ja: 'システムのブラウザー (Cookie は共通)',
  },
  'ui.settings.consoleBrowser.hint': {
    en: 'A browser chosen here gives every profile its own browser identity, so consoles of several accounts stay signed in side by side. tobira console follows this setting too.',
    ja: 'ここでブラウザーを選ぶと、プロファイルごとに専用のブラウザー ID で開くため、複数アカウントのコンソールを並べてサインインしたままにできます。tobira console もこの設定に従います。',
  },
  'ui.remove.bodyConsole': {
    en: 'Its console browser identity (cookies and history of its own browser window) is deleted too.',
    ja: 'コンソール用のブラウザー ID (専用ウィンドウの Cookie と履歴) も削除します。',
  },
  'ui.tray.openConsoleAt': { en: 'Open console: {page}', ja: 'コンソールを開く: {page}' },
  'cli.console.sameWindowConflict': {
    en: '--same-window opens the system browser; it cannot be combined with --browser {browser}.',
    ja: '--same-window はシステムのブラウザーで開くため、--browser {browser} とは併用できません。',
  },
  'cli.console.openedIdentity': {
    en: 'Opened the console for {name} in its own browser identity ({dir}).',
    ja: '{name} のコンソールを専用のブラウザー ID ({dir}) で開きました。',
  },
  'console.browser.badCommand': {
    en: 'The browser command is empty.',
    ja: 'ブラウザーのコマンドが空です。',
  },
  'console.browser.notFound': {
    en: '{browser} is not installed here (looked on PATH, in /Applications and in Program Files). Choose another with --browser, give its command (--browser "/path/to/browser"), or use --same-window.',
    ja: '{browser} はこのコンピューターにインストールされていません (PATH、/Applications、Program Files を確認しました)。--browser で別のブラウザーを選ぶか、コマンドを指定する (--browser "/path/to/browser") か、--same-window を使ってください。',
  },
  'console.browser.snap': {
    en: '{browser} is a snap ({path}): its confinement cannot read the Tobira data folder, which is hidden in your home folder. Install a non-snap build, point --browser at one, use --same-window, or tobira console --print.',
    ja: '{browser} は snap パッケージ ({path}) です。snap の制限により、ホーム フォルダーの隠しフォルダーにある Tobira のデータ フォルダーを読めません。snap 以外の版をインストールして --browser で指定するか、--same-window または tobira console --print を使ってください。',
  },
  'console.identity.inUse': {
    en: 'The browser window of {name} is still open, so its console cookies were not removed. Close that window and run tobira logout {name} again.',
    ja: '{name} のブラウザー ウィンドウが開いたままのため、コンソールの Cookie を削除していません。ウィンドウを閉じてから tobira logout {name} を再実行してください。',
  },
  'console.identity.removed': {
    en: 'Removed the browser identity of {name} (console cookies and history).',
    ja: '{name} のブラウザー ID (コンソールの Cookie と履歴) を削除しました。',
  },
  'console.identity.removeConfirm': {
    en: 'Profile {name} has its own browser identity (console cookies and history); it is removed too.',
    ja: 'プロファイル {name} には専用のブラウザー ID (コンソールの Cookie と履歴) があり、これも削除します。',
  },
  'console.identity.removeInUse': {
    en: 'The browser window of {name} is open: close it first, then remove the profile.',
    ja: '{name} のブラウザー ウィンドウが開いています。閉じてからプロファイルを削除してください。',
  },
  'aws.console.badService': {
    en: 'Unknown console service "{service}": use a short name such as s3, ec2, iam or lambda, or --destination URL.',
    ja: 'コンソールのサービス "{service}" が不明です。s3, ec2, iam, lambda などの短い名前か --destination URL を使ってください。',
  },
  'aws.console.serviceAndDestination': {
    en: '--service and --destination both choose the page to land on: give one of them.',
    ja: '--service と --destination はどちらも開くページを指定します。どちらか一方だけを指定してください。',
  },
});
