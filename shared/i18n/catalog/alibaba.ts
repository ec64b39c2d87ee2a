import { defineCatalog } from '../types';

export const alibabaMessages = defineCatalog({
  'alibaba.opt.site': {
    en: 'Alibaba Cloud site: cn (aliyun.com) or intl (alibabacloud.com)',
    ja: 'Alibaba Cloud のサイト: cn (aliyun.com) または intl (alibabacloud.com)',
  },
  'alibaba.opt.region': {
    en: 'default region, e.g. cn-hangzhou or ap-northeast-1',
    ja: '既定のリージョン (例: cn-hangzhou、ap-northeast-1)',
  },
  'alibaba.opt.clientId': {
    en: "OAuth application id (default: the site's official CLI app)",
    ja: 'OAuth アプリケーション ID (既定: サイトの公式 CLI アプリ)',
  },
  'alibaba.site.required': {
    en: 'An alibaba profile needs --site cn (Alibaba Cloud China, aliyun.com) or --site intl (alibabacloud.com).',
    ja: 'alibaba プロファイルには --site cn (中国サイト、aliyun.com) または --site intl (国際サイト、alibabacloud.com) が必要です。',
  },
  'alibaba.login.timeout': {
    en: `No sign-in came back from the browser within {seconds} seconds. Look at the browser page:
  - "账号未允许当前身份访问该应用" / "does not allow the current identity": a RAM administrator must assign your RAM user or role to the official-cli application: {assignUrl}
  - "unauthorized call" on the admin consent page: the first sign-in of an account must be done by a RAM administrator with AliyunRAMFullAccess (or the administrator installs "Official CLI" in the RAM console).
Then run tobira login {name} again.`,
    ja: `{seconds} 秒以内にブラウザーからサインインの結果が戻りませんでした。ブラウザーのページを確認してください:
  - 「账号未允许当前身份访问该应用」(現在の ID はこのアプリへのアクセスを許可されていません) と表示された場合: RAM 管理者に、あなたの RAM ユーザーまたはロールを official-cli アプリケーションに割り当ててもらってください: {assignUrl}
  - 管理者の同意ページで「unauthorized call」と表示された場合: アカウントで最初のサインインは AliyunRAMFullAccess を持つ RAM 管理者が行う必要があります (または管理者が RAM コンソールで「公式 CLI」をインストールします)。
その後、もう一度 tobira login {name} を実行してください。`,
  },
  'alibaba.login.adminConsent': {
    en: 'Alibaba Cloud needs an administrator to allow the official-cli application first ({error}: {description}). Ask a RAM administrator with AliyunRAMFullAccess to sign in once and click Authorize (授权), or to install "Official CLI" in the RAM console, and to assign you to it: {assignUrl}',
    ja: 'Alibaba Cloud では、まず管理者が official-cli アプリケーションを許可する必要があります ({error}: {description})。AliyunRAMFullAccess を持つ RAM 管理者に、一度サインインして「権限付与」(授权) をクリックするか RAM コンソールで「公式 CLI」をインストールし、あなたを割り当ててもらってください: {assignUrl}',
  },
  'alibaba.login.unknownClient': {
    en: 'Alibaba Cloud does not know the OAuth application {clientId}. Check --client-id, or remove it to use the official CLI app.',
    ja: 'Alibaba Cloud は OAuth アプリケーション {clientId} を認識しません。--client-id を確認するか、外して公式 CLI アプリを使ってください。',
  },
  'alibaba.exchange.noPermission': {
    en: 'Alibaba Cloud signed you in but refused to issue STS credentials ({error}: {description}, request {requestId}). A RAM administrator must assign your RAM user or role to the official-cli application: {assignUrl}',
    ja: 'Alibaba Cloud へのサインインはできましたが、STS 認証情報の発行を拒否されました ({error}: {description}、リクエスト {requestId})。RAM 管理者に、あなたの RAM ユーザーまたはロールを official-cli アプリケーションに割り当ててもらってください: {assignUrl}',
  },
  'alibaba.exchange.ownApp': {
    en: 'Alibaba Cloud refused to issue STS credentials for this OAuth application ({error}: {description}, request {requestId}). Only the official CLI app has the /internal/ram/usersts scope: remove --client-id from the profile (tobira profile remove, then add it again without it).',
    ja: 'この OAuth アプリケーションでは STS 認証情報の発行を拒否されました ({error}: {description}、リクエスト {requestId})。/internal/ram/usersts スコープを持つのは公式 CLI アプリだけです。プロファイルから --client-id を外してください (tobira profile remove の後、--client-id なしで追加し直します)。',
  },
  'alibaba.exchange.tokenRefused': {
    en: 'Alibaba Cloud refused the access token when asked for STS credentials ({error}: {description}, request {requestId}). Run the login again.',
    ja: 'STS 認証情報の取得時にアクセストークンが拒否されました ({error}: {description}、リクエスト {requestId})。もう一度ログインを実行してください。',
  },
  'alibaba.refresh.expired': {
    en: 'The saved Alibaba Cloud sign-in of {name} has expired or was revoked ({error}); signing in again in the browser.',
    ja: '{name} の保存済み Alibaba Cloud サインインは期限切れか取り消されています ({error})。ブラウザーでもう一度サインインします。',
  },
  'alibaba.config.unreadable': {
    en: '{path} is not a valid aliyun configuration (JSON with a "profiles" list). Fix it first; Tobira does not overwrite it.',
    ja: '{path} は有効な aliyun の設定ではありません ("profiles" を含む JSON)。先に修正してください。Tobira は上書きしません。',
  },
  'alibaba.link.foreignProfile': {
    en: '{path} already has a profile named {name} that Tobira did not write; it was left untouched. Rename one of them.',
    ja: '{path} には Tobira が書いたのではない {name} という名前のプロファイルがすでにあるため、変更していません。どちらかの名前を変えてください。',
  },
  'import.aliyun.ours': {
    en: 'points back at tobira (written by tobira link)',
    ja: 'tobira を指しています (tobira link が書いたもの)',
  },
  'import.aliyun.mode': {
    en: 'mode {mode}: only OAuth profiles are imported (no long-lived keys)',
    ja: 'モード {mode}: インポートするのは OAuth プロファイルだけです (長期キーは取り込みません)',
  },
});
