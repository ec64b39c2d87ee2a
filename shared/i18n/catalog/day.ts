import { defineCatalog } from '../types';

// T20 "used for a day": the authenticator view of codes, errors that stay, opening pages from browser mode, the
// empty state and the smaller wordings. Params are profile names, seconds and counts; never a code or a secret.
export const dayMessages = defineCatalog({
  'day.otp.copyHint': {
    en: 'Code of {name}: click to copy',
    ja: '{name} のコード: クリックでコピー',
  },
  'day.otp.next': { en: 'Next: {code}', ja: '次: {code}' },
  'day.otp.left': { en: '{seconds} s left', ja: '残り {seconds} 秒' },
  'day.otp.copiedPage': {
    en: 'Code copied. This page clears the clipboard in {seconds} seconds if it still holds the code and the browser lets it check.',
    ja: 'コードをコピーしました。{seconds} 秒後、クリップボードがまだこのコードで、ブラウザーが確認を許せば、このページが消去します。',
  },
  'day.copy.page': {
    en: 'Copied. This page clears the clipboard in {seconds} seconds if it still holds this text and the browser lets it check.',
    ja: 'コピーしました。{seconds} 秒後、クリップボードがまだこの内容で、ブラウザーが確認を許せば、このページが消去します。',
  },
  'day.copy.failed': {
    en: 'The browser did not allow copying. Click the page, then try again.',
    ja: 'ブラウザーがコピーを許可しませんでした。ページをクリックしてからもう一度試してください。',
  },
  'day.error.dismiss': { en: 'Dismiss', ja: '閉じる' },
  'day.error.label': { en: 'Problem', ja: '問題' },
  'day.prompt.codeRetry': {
    en: 'Type the next code your authenticator shows. {tries} tries left.',
    ja: '認証アプリに表示される次のコードを入力してください。残り {tries} 回です。',
  },
  'day.prompt.otpLabel': { en: '{method} code for {name}', ja: '{name} の {method} コード' },
  'day.prompt.otpPlaceholder': { en: '6 digits', ja: '6 桁' },
  'day.prompt.resend': { en: 'Send a new code', ja: '新しいコードを送信' },
  'day.console.timeoutPage': {
    en: 'The console link of {name} was not opened within {seconds} s. Allow pop-ups for this page and click “Open console” again, or use “Copy sign-in link”.',
    ja: '{name} のコンソールリンクが {seconds} 秒以内に開かれませんでした。このページのポップアップを許可して「コンソールを開く」をもう一度押すか、「サインインリンクをコピー」を使ってください。',
  },
  'day.console.foreignPage': {
    en: 'Another user of this computer asked for the console link of {name}; it was refused and not used. This page did not open it within {seconds} s. Click “Open console” again, or use “Copy sign-in link”.',
    ja: 'このコンピューターの別のユーザーが {name} のコンソールリンクを要求しました。拒否したため使われていません。このページは {seconds} 秒以内にリンクを開きませんでした。「コンソールを開く」をもう一度押すか、「サインインリンクをコピー」を使ってください。',
  },
  'day.activity.opened': {
    en: 'Opened in a new tab. No tab?',
    ja: '新しいタブで開きました。タブが開きませんか？',
  },
  'day.activity.openHere': { en: 'Open it here', ja: 'ここから開く' },
  'day.empty.title': { en: 'No profiles yet', ja: 'プロファイルはまだありません' },
  'day.empty.body': {
    en: 'A profile is one account: an AWS user or role, a SORACOM login, an authenticator code, … Add the first one to sign in with one click.',
    ja: 'プロファイルは 1 つのアカウントです (AWS のユーザーやロール、SORACOM のログイン、認証コードなど)。最初の 1 つを追加すると、ワンクリックでサインインできます。',
  },
  'day.empty.add': { en: 'Add your first profile', ja: '最初のプロファイルを追加' },
  'day.targets.sources': { en: 'Sources and roles', ja: '元プロファイルとロール' },
  'day.targets.add': { en: 'Add {label}', ja: '{label} を追加' },
  'day.sim.pinLocked': {
    en: 'PIN-protected (normal): the IMSI is read once you enter the PIN at sign-in.',
    ja: 'PIN で保護されています (正常): IMSI はサインイン時に PIN を入力すると読み取られます。',
  },
  'day.coverage.jp': { en: 'Japan (jp)', ja: '日本 (jp)' },
  'day.coverage.g': { en: 'Global (g)', ja: 'グローバル (g)' },
  'day.otp.sms': { en: 'SMS', ja: 'SMS' },
  'day.otp.email': { en: 'E-mail', ja: 'メール' },
  'day.keys.addProfile': { en: 'Add as a profile', ja: 'プロファイルとして追加' },
  'day.keys.profileName': { en: 'Profile name', ja: 'プロファイル名' },
  'day.keys.profileAdded': {
    en: 'Added profile {name} with this key.',
    ja: 'このキーでプロファイル {name} を追加しました。',
  },
});
