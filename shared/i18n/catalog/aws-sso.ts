import { defineCatalog } from '../types';

/** AWS IAM Identity Center (aws-sso-session, aws-sso) and `tobira sso`. */
export const awsSsoMessages = defineCatalog({
  'sso.opt.startUrl': {
    en: 'AWS access portal URL of IAM Identity Center (https://d-xxxxxxxxxx.awsapps.com/start)',
    ja: 'IAM Identity Center の AWS アクセスポータル URL (https://d-xxxxxxxxxx.awsapps.com/start)',
  },
  'sso.opt.ssoRegion': {
    en: 'region of the IAM Identity Center instance',
    ja: 'IAM Identity Center インスタンスのリージョン',
  },
  'sso.opt.scopes': {
    en: 'scopes to ask for, comma-separated (default sso:account:access)',
    ja: '要求するスコープ (カンマ区切り、既定は sso:account:access)',
  },
  'sso.opt.session': {
    en: 'the aws-sso-session profile to sign in with',
    ja: 'サインインに使う aws-sso-session プロファイル',
  },
  'sso.opt.accountId': { en: 'AWS account ID (12 digits)', ja: 'AWS アカウント ID (12 桁)' },
  'sso.opt.roleName': {
    en: 'role (permission set) name in that account',
    ja: 'そのアカウントのロール (許可セット) 名',
  },
  'sso.device.instructions': {
    en: 'To sign in to {session}, open this URL in a browser (on any device) and confirm the code:\n  {url}\n  (or open {uri} and enter the code {code})\nWaiting for the approval…',
    ja: '{session} にサインインするには、次の URL をブラウザー (どの端末でも可) で開き、コードを確認してください:\n  {url}\n  (または {uri} を開いてコード {code} を入力)\n承認を待っています…',
  },
  'sso.device.expired': {
    en: 'The sign-in code of {session} expired before it was approved. Run `tobira login {session}` again.',
    ja: '{session} のサインインコードは承認される前に期限切れになりました。もう一度 `tobira login {session}` を実行してください。',
  },
  'sso.refresh.failed': {
    en: 'The sign-in of {session} could not be renewed ({code}); signing in again.',
    ja: '{session} のサインインを更新できませんでした ({code})。もう一度サインインします。',
  },
  'sso.session.noCredentials': {
    en: '{name} is an IAM Identity Center session: it signs you in, but has no AWS credentials of its own to export, run commands with or open a console with. Use one of its role profiles (type aws-sso): `tobira sso sync {name}` creates one for each account and role you can reach.',
    ja: '{name} は IAM Identity Center のセッションです。サインインには使えますが、エクスポートやコマンド実行、コンソールに使う AWS 認証情報は持っていません。そのロール プロファイル (タイプ aws-sso) を使ってください。`tobira sso sync {name}` で、利用できるアカウントとロールごとに作成できます。',
  },
  'sso.logout.ended': {
    en: "Signed {session} out of IAM Identity Center ({startUrl}) with the AWS CLI's cached token, and removed it ({path}).",
    ja: 'AWS CLI がキャッシュしたトークンで {session} を IAM Identity Center ({startUrl}) からサインアウトし、そのトークンを削除しました ({path})。',
  },
  'sso.logout.removed': {
    en: "Removed the AWS CLI's cached token of {session} ({path}); signing out at IAM Identity Center failed ({code}).",
    ja: 'AWS CLI がキャッシュした {session} のトークンを削除しました ({path})。IAM Identity Center でのサインアウトは失敗しました ({code})。',
  },
  'sso.token.rejected': {
    en: 'IAM Identity Center no longer accepts the sign-in of {session} ({code}: {message}). Run `tobira login {session}`.',
    ja: 'IAM Identity Center は {session} のサインインをもう受け付けません ({code}: {message})。`tobira login {session}` を実行してください。',
  },
  'sso.client.rejected': {
    en: 'IAM Identity Center refused the client registration of {session} ({code}: {message}). Run `tobira login {session}` to register again.',
    ja: 'IAM Identity Center が {session} のクライアント登録を拒否しました ({code}: {message})。`tobira login {session}` を実行して登録し直してください。',
  },
  'sso.role.forbidden': {
    en: 'The role {roleName} of account {accountId} is not assigned to you in {session} ({code}: {message}). Ask your administrator, or run `tobira sso sync {session}` to see what you can reach.',
    ja: '{session} では、アカウント {accountId} のロール {roleName} はあなたに割り当てられていません ({code}: {message})。管理者に確認するか、`tobira sso sync {session}` で利用できるロールを確認してください。',
  },
  'sso.denied': {
    en: 'The sign-in to {session} was declined. Run `tobira login {session}` again and allow access.',
    ja: '{session} へのサインインが拒否されました。もう一度 `tobira login {session}` を実行し、アクセスを許可してください。',
  },
  'sso.callbackError': {
    en: 'IAM Identity Center returned an error instead of a sign-in for {session}: {code} {message}',
    ja: 'IAM Identity Center が {session} のサインインではなくエラーを返しました: {code} {message}',
  },
  'sso.rejected': {
    en: 'IAM Identity Center refused the request for {name} ({code}: {message}).',
    ja: 'IAM Identity Center が {name} の要求を拒否しました ({code}: {message})。',
  },
  'sso.browser.fallback': {
    en: 'No browser could be opened for {session}; signing in with a code instead.',
    ja: '{session} のためにブラウザーを開けなかったため、代わりにコードでサインインします。',
  },
  'sso.link.legacy': {
    en: '{name} came from a legacy profile (sso_start_url in the profile): the AWS CLI reads its token by the start URL, so there is no [sso-session] to write. Its aws-sso profiles can be linked.',
    ja: '{name} は従来形式のプロファイル (プロファイル内の sso_start_url) から取り込まれました。AWS CLI は開始 URL でトークンを読むため、書き込む [sso-session] はありません。その aws-sso プロファイルはリンクできます。',
  },
  'sso.link.foreignSession': {
    en: '{path} already has an [sso-session {name}] that tobira did not write, pointing elsewhere. Rename the tobira profile or that section.',
    ja: '{path} には tobira が書いていない別の設定の [sso-session {name}] が既にあります。tobira のプロファイルかそのセクションの名前を変更してください。',
  },
  'sso.notSession': {
    en: '{session} is not an aws-sso-session profile.',
    ja: '{session} は aws-sso-session プロファイルではありません。',
  },
  'import.aws.ssoNoSession': {
    en: 'its sso-session {session} is not imported (not in this file, or incomplete there) and is not a Tobira profile: add it first (tobira profile add {session} --type aws-sso-session --start-url URL --sso-region R), then import again',
    ja: 'sso-session {session} が取り込まれず (このファイルにないか、不完全です)、Tobira のプロファイルにもありません。先に追加してから (tobira profile add {session} --type aws-sso-session --start-url URL --sso-region R)、もう一度取り込んでください',
  },
  'import.aws.ssoNoRole': {
    en: 'IAM Identity Center profile without sso_account_id and sso_role_name (it only names the session, which is imported on its own)',
    ja: 'sso_account_id と sso_role_name のない IAM Identity Center プロファイルです (セッションだけを指定しており、セッションは別に取り込みます)',
  },
  'sso.cli.description': {
    en: 'AWS IAM Identity Center: profiles for the accounts and roles you can reach',
    ja: 'AWS IAM Identity Center: 利用できるアカウントとロールのプロファイル',
  },
  'sso.cli.sync.description': {
    en: 'create or update one aws-sso profile per account × role the session reaches (never touches profiles it did not create)',
    ja: 'セッションで利用できるアカウント × ロールごとに aws-sso プロファイルを作成・更新 (自分が作成していないプロファイルには触れません)',
  },
  'sso.cli.sync.arg': { en: 'aws-sso-session profile', ja: 'aws-sso-session プロファイル' },
  'sso.cli.sync.dryRun': {
    en: 'print the plan without changing anything',
    ja: '何も変更せずに計画だけを表示',
  },
  'sso.cli.sync.prefix': {
    en: 'prefix of the new profile names',
    ja: '新しいプロファイル名の接頭辞',
  },
  'sso.cli.sync.region': {
    en: 'region of the synced profiles (default: the session region)',
    ja: '同期するプロファイルのリージョン (既定はセッションのリージョン)',
  },
  'sso.cli.sync.examples': {
    en: `Examples:
  tobira login org                      sign in first (or let sync ask)
  tobira sso sync org --dry-run         the plan: create, update, remove, skip
  tobira sso sync org --prefix aws-     aws-<account name>-<role> for each account x role`,
    ja: `例:
  tobira login org                      先にサインイン (または sync の中で求められます)
  tobira sso sync org --dry-run         計画だけを表示: 作成・更新・削除・スキップ
  tobira sso sync org --prefix aws-     アカウント × ロールごとに aws-<アカウント名>-<ロール>`,
  },
  'ui.sso.title': { en: 'Accounts and roles', ja: 'アカウントとロール' },
  'ui.sso.help': {
    en: 'One profile per account × role you can reach through this sign-in. Sync never changes profiles it did not create.',
    ja: 'このサインインで利用できるアカウント × ロールごとに 1 つのプロファイル。同期は自分が作成していないプロファイルを変更しません。',
  },
  'ui.sso.preview': { en: 'Preview', ja: 'プレビュー' },
  'ui.sso.sync': { en: 'Sync accounts', ja: 'アカウントを同期' },
  'ui.sso.working': { en: 'Asking IAM Identity Center…', ja: 'IAM Identity Center に問い合わせ中…' },
  'ui.sso.none': {
    en: 'No account or role is assigned to you.',
    ja: 'あなたに割り当てられたアカウントやロールはありません。',
  },
  'ui.sso.planTitle': { en: 'Sync plan', ja: '同期の計画' },
  'sso.sync.action.create': { en: 'create', ja: '作成' },
  'sso.sync.action.update': { en: 'update', ja: '更新' },
  'sso.sync.action.unchanged': { en: 'unchanged', ja: '変更なし' },
  'sso.sync.action.remove': { en: 'remove', ja: '削除' },
  'sso.sync.action.skip': { en: 'skip', ja: 'スキップ' },
  'sso.sync.reason.covered': {
    en: 'already covered by your profile {other}',
    ja: 'あなたのプロファイル {other} が既に対応しています',
  },
  'sso.sync.reason.nameTaken': {
    en: 'the name {other} belongs to another profile (use --prefix)',
    ja: '名前 {other} は別のプロファイルが使用中です (--prefix を使ってください)',
  },
  'sso.sync.planned': {
    en: 'Plan for {session}: {created} to create, {updated} to update, {removed} to remove, {skipped} skipped. Nothing was changed (--dry-run).',
    ja: '{session} の計画: 作成 {created}、更新 {updated}、削除 {removed}、スキップ {skipped}。何も変更していません (--dry-run)。',
  },
  'sso.sync.done': {
    en: 'Synced {session}: {created} created, {updated} updated, {removed} removed, {skipped} skipped.',
    ja: '{session} を同期しました: 作成 {created}、更新 {updated}、削除 {removed}、スキップ {skipped}。',
  },
});
