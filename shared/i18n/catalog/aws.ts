import { defineCatalog } from '../types';

export const awsMessages = defineCatalog({
  'aws.opt.accessKeyId': {
    en: 'IAM access key ID (AKIA…); the secret access key is read from stdin',
    ja: 'IAM アクセスキー ID (AKIA…)。シークレットアクセスキーは標準入力から読み取ります',
  },
  'aws.opt.mfaSerial': {
    en: 'MFA device ARN (arn:aws:iam::ACCOUNT:mfa/NAME) or hardware serial',
    ja: 'MFA デバイスの ARN (arn:aws:iam::ACCOUNT:mfa/NAME) またはハードウェアのシリアル番号',
  },
  'aws.opt.region': {
    en: 'default AWS region, e.g. ap-northeast-1',
    ja: '既定の AWS リージョン (例: ap-northeast-1)',
  },
  'aws.opt.roleArn': {
    en: 'ARN of the role to assume (arn:aws:iam::ACCOUNT:role/NAME)',
    ja: '引き受けるロールの ARN (arn:aws:iam::ACCOUNT:role/NAME)',
  },
  'aws.opt.externalId': {
    en: 'external ID the role’s trust policy requires',
    ja: 'ロールの信頼ポリシーが要求する外部 ID',
  },
  'aws.opt.duration': {
    en: 'role session length in seconds (1800–43200, default 3600)',
    ja: 'ロールセッションの長さ (秒、1800〜43200、既定 3600)',
  },
  'aws.opt.sessionName': {
    en: 'role session name shown in CloudTrail (default tobira-NAME)',
    ja: 'CloudTrail に表示されるロールセッション名 (既定 tobira-NAME)',
  },
  'aws.secret.label': { en: 'AWS secret access key', ja: 'AWS シークレットアクセスキー' },
  'aws.secret.shape': {
    en: 'That does not look like a secret access key (40 characters of letters, digits, / and +). Pipe the secret access key, not the key ID, on stdin.',
    ja: 'シークレットアクセスキーの形式ではありません (英数字と / + の 40 文字)。標準入力にはキー ID ではなくシークレットアクセスキーを渡してください。',
  },
  'aws.endpoint.invalid': {
    en: '{variable} must be an origin like https://host[:port] without a path (http:// only on 127.0.0.1, localhost or [::1]).',
    ja: '{variable} はパスなしのオリジン (例: https://host[:port]) にしてください (http:// は 127.0.0.1、localhost、[::1] のみ)。',
  },
  'aws.mfa.noSerial': {
    en: 'Profile {name} has no MFA device: add one with tobira profile remove/add … --mfa-serial ARN, or drop --mfa-code.',
    ja: 'プロファイル {name} には MFA デバイスがありません。--mfa-serial ARN を付けて追加し直すか、--mfa-code を外してください。',
  },
  'aws.mfa.rejected': {
    en: 'AWS rejected the MFA code for {name} ({code}: {message}). Check the code, the clock, and the MFA secret (tobira mfa set {name}); a code can be used only once.',
    ja: 'AWS が {name} の MFA コードを拒否しました ({code}: {message})。コード、時計、MFA シークレット (tobira mfa set {name}) を確認してください。コードは 1 回しか使えません。',
  },
  'aws.keys.rejected': {
    en: 'AWS does not accept the access key of {source} ({code}: {message}). Check that the key is active and the secret is right (tobira profile remove {source}, then add it again).',
    ja: 'AWS が {source} のアクセスキーを受け付けません ({code}: {message})。キーが有効か、シークレットが正しいか確認してください (tobira profile remove {source} の後に追加し直してください)。',
  },
  'aws.expired': {
    en: 'The credentials of {source} have expired ({code}: {message}). Run tobira login {source} --force.',
    ja: '{source} の認証情報の有効期限が切れています ({code}: {message})。tobira login {source} --force を実行してください。',
  },
  'aws.accessDenied': {
    en: 'AWS denied {name} ({code}: {message}). For a role: its trust policy must allow the source {source}, and may require MFA or an external ID.',
    ja: 'AWS が {name} を拒否しました ({code}: {message})。ロールの場合、信頼ポリシーが元の {source} を許可している必要があり、MFA や外部 ID が必要なこともあります。',
  },
  'aws.rejected': {
    en: 'AWS rejected the request for {name} ({code}: {message}).',
    ja: 'AWS が {name} のリクエストを拒否しました ({code}: {message})。',
  },
  'aws.role.chainingCap': {
    en: 'AWS refused the session length of {name}: a role assumed with temporary credentials from {source} (role chaining) lasts at most 1 hour ({message}). Use --duration 3600 or less, or make the source an IAM user so the role can be assumed from its long-term keys.',
    ja: 'AWS が {name} のセッションの長さを拒否しました。{source} の一時的な認証情報で引き受けたロール (ロールの連鎖) は最長 1 時間です ({message})。--duration を 3600 以下にするか、長期キーから直接引き受けられるよう元を IAM ユーザーにしてください。',
  },
  'aws.role.chainCapped': {
    en: 'Note: {name} is assumed with the temporary credentials of {source} (role chaining), which AWS caps at {max} s; using {max} s instead of {asked} s.',
    ja: '注意: {name} は {source} の一時的な認証情報で引き受けるため (ロールの連鎖)、AWS の上限 {max} 秒が適用されます。{asked} 秒ではなく {max} 秒を使います。',
  },
  'aws.role.direct': {
    en: 'Note: {name} lasts {hours} h, longer than the 1-hour limit of role chaining, so it is assumed straight from the long-term keys of {source} (this needs its own MFA code).',
    ja: '注意: {name} は {hours} 時間で、ロールの連鎖の上限 1 時間より長いため、{source} の長期キーから直接引き受けます (そのための MFA コードが必要です)。',
  },
  'aws.role.sourceType': {
    en: 'The source {source} does not give AWS credentials; a role’s source must be an aws-iam-user, aws-role or aws-krypton profile.',
    ja: '元の {source} は AWS の認証情報を返しません。ロールの元は aws-iam-user、aws-role、aws-krypton のいずれかのプロファイルにしてください。',
  },
  'aws.console.sessionToken': {
    en: 'The credentials of {name} are GetSessionToken credentials, which cannot sign in to the AWS console. Use an aws-role profile, or an aws-iam-user profile (its long-term keys get a federation token).',
    ja: '{name} の認証情報は GetSessionToken のもので、AWS コンソールにはサインインできません。aws-role プロファイル、または aws-iam-user プロファイル (長期キーからフェデレーショントークンを取得) を使ってください。',
  },
  'aws.console.federationNoMfa': {
    en: 'Note: the console session of IAM user {name} comes from GetFederationToken, which carries no MFA: policies that require MFA deny it. Use a role with MFA for that.',
    ja: '注意: IAM ユーザー {name} のコンソールセッションは GetFederationToken で作るため MFA 情報を持ちません。MFA を要求するポリシーでは拒否されます。その場合は MFA 付きのロールを使ってください。',
  },
  'aws.console.badDestination': {
    en: '--destination must be an https:// URL of the AWS console in the {partition} partition.',
    ja: '--destination は {partition} パーティションの AWS コンソールの https:// URL にしてください。',
  },
  'aws.console.signinRejected': {
    en: 'The AWS sign-in federation endpoint refused the credentials (HTTP {status}). Role credentials must still be valid; try tobira login NAME --force.',
    ja: 'AWS サインインのフェデレーションエンドポイントが認証情報を拒否しました (HTTP {status})。ロールの認証情報が有効か確認し、tobira login NAME --force を試してください。',
  },
  'aws.link.foreignProfile': {
    en: '{path} already has a [profile {name}] that tobira did not write; rename one of them (tobira profile rename) or remove that section by hand.',
    ja: '{path} には tobira が書いたものではない [profile {name}] があります。どちらかの名前を変える (tobira profile rename) か、そのセクションを手で削除してください。',
  },
  'aws.link.newline': {
    en: 'Cannot write a credential_process line for a path with a line break ({word}); move tobira or its home to a path without one.',
    ja: '改行を含むパス ({word}) は credential_process の行に書けません。改行のないパスに tobira またはそのホームを移してください。',
  },
  'aws.link.shadowedByCredentials': {
    en: 'Note: {path} has a [{name}] section with static keys. The AWS CLI and SDKs use those keys, not the link; remove that section (or its keys) to use tobira.',
    ja: '注意: {path} に固定キーを持つ [{name}] セクションがあります。AWS CLI と SDK はリンクではなくそのキーを使います。tobira を使うにはそのセクション (またはキー) を削除してください。',
  },
  'aws.link.shadowedByEnvKeys': {
    en: 'Note: AWS_ACCESS_KEY_ID is set in this environment. Tools that are not given --profile {name} (also with AWS_PROFILE={name}) use those keys instead; unset AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.',
    ja: '注意: この環境に AWS_ACCESS_KEY_ID が設定されています。--profile {name} を付けないツールは (AWS_PROFILE={name} でも) そのキーを使います。AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY、AWS_SESSION_TOKEN を unset してください。',
  },
  'aws.link.shadowedByEnvProfile': {
    en: 'Note: AWS_PROFILE={other} is set in this environment, so tools without --profile use {other}, not {name}.',
    ja: '注意: この環境に AWS_PROFILE={other} が設定されているため、--profile を付けないツールは {name} ではなく {other} を使います。',
  },
  'aws.link.noRegion': {
    en: 'Note: {name} has no region (neither the profile nor its source), so the AWS CLI and SDKs need --region or AWS_REGION with it. Add a region to the profile with --region and link again, or set region in its section yourself.',
    ja: '注意: {name} にはリージョンがありません (プロファイルにもソースにも)。AWS CLI と SDK では --region か AWS_REGION が必要です。プロファイルに --region でリージョンを付けて再度 link するか、セクションに region を自分で書いてください。',
  },
  'aws.unlink.sectionKept': {
    en: 'Removed what tobira link wrote for {name}; the section stays in {path} because it holds your own settings ({keys}).',
    ja: '{name} について tobira link が書いた行を削除しました。セクションにはあなた自身の設定 ({keys}) があるため {path} に残しています。',
  },
  'aws.role.durationRaised': {
    en: '{name} asks for {seconds}-second role sessions; tobira asks for {minimum}, because tools renew credentials 15 minutes before they expire and a shorter session would be renewed on almost every call.',
    ja: '{name} のロールセッションは {seconds} 秒の設定ですが、{minimum} 秒で要求します。ツールは有効期限の 15 分前に認証情報を更新するため、短いセッションではほぼ毎回更新されてしまうからです。',
  },
  'aws.role.durationTooShort': {
    en: '--duration {seconds} is too short: the credentials would be renewed on almost every call, because tools renew them 15 minutes before they expire. Use at least {minimum} seconds.',
    ja: '--duration {seconds} は短すぎます。ツールは有効期限の 15 分前に認証情報を更新するため、ほぼ毎回更新されてしまいます。{minimum} 秒以上にしてください。',
  },
  'import.aws.credentialProcess': {
    en: 'uses credential_process (already served by a tool)',
    ja: 'credential_process を使っています (既にツールが提供)',
  },
  'import.aws.noSourceProfile': {
    en: 'role without source_profile: nothing says which credentials assume it',
    ja: 'source_profile のないロールです。どの認証情報でロールを引き受けるかが書かれていません',
  },
  'import.aws.sourceMissing': {
    en: 'role whose source_profile "{source}" is neither in these files nor a Tobira profile: import or add "{source}" first',
    ja: 'source_profile「{source}」がこのファイルにも Tobira のプロファイルにもないロールです。先に「{source}」をインポートするか追加してください',
  },
  'import.aws.credentialSource': {
    en: 'role assumed with credential_source = {source} (credentials of the machine or container the AWS tool runs on), which Tobira does not hold; the AWS tools keep serving it',
    ja: 'credential_source = {source} (AWS ツールが動くマシンやコンテナの認証情報) で引き受けるロールです。Tobira はその認証情報を持たないため、引き続き AWS ツールが扱います',
  },
  'import.aws.webIdentity': {
    en: 'web identity role (web_identity_token_file): the AWS tools read the token file and call AssumeRoleWithWebIdentity themselves; Tobira does not import it',
    ja: 'Web ID ロール (web_identity_token_file) です。トークン ファイルの読み込みと AssumeRoleWithWebIdentity は AWS ツール自身が行うため、Tobira はインポートしません',
  },
  'import.aws.temporary': {
    en: 'temporary credentials (aws_session_token) are not worth importing',
    ja: '一時的な認証情報 (aws_session_token) はインポートしません',
  },
  'cli.console.description': {
    en: 'open the web console signed in as NAME (or print the sign-in URL)',
    ja: 'NAME でサインインした Web コンソールを開く (またはサインイン URL を表示)',
  },
  'cli.console.print': {
    en: 'print the sign-in URL on stdout instead (a secret, valid 15 minutes)',
    ja: 'サインイン URL を標準出力に表示する (15 分間有効な秘密情報)',
  },
  'cli.console.destination': { en: 'console page to land on (URL)', ja: '開くコンソールのページ (URL)' },
  'cli.console.region': { en: 'console region', ja: 'コンソールのリージョン' },
  'cli.console.logoutFirst': {
    en: 'sign out of the console first (one account per browser; breaks AWS multi-session)',
    ja: '先にコンソールからサインアウトする (ブラウザごとに 1 アカウント。AWS のマルチセッションとは併用不可)',
  },
  'cli.console.unsupported': {
    en: 'Profile {name} ({type}) has no web console sign-in.',
    ja: 'プロファイル {name} ({type}) には Web コンソールのサインインがありません。',
  },
  'cli.console.opened': {
    en: 'Opened the console for {name} in the browser.',
    ja: '{name} のコンソールをブラウザで開きました。',
  },
  'cli.console.foreign': {
    en: 'Another user of this computer asked for the console link of {name}; it was refused and not used. Your browser did not open it within {seconds} s. Check TOBIRA_BROWSER, or use tobira console {name} --print.',
    ja: 'このコンピューターの別のユーザーが {name} のコンソールリンクを要求しました。拒否したため使われていません。ブラウザは {seconds} 秒以内にリンクを開きませんでした。TOBIRA_BROWSER を確認するか、tobira console {name} --print を使ってください。',
  },
  'cli.console.timeout': {
    en: 'The browser did not open the console link for {name} within {seconds} s. Check TOBIRA_BROWSER, or use tobira console {name} --print.',
    ja: 'ブラウザが {seconds} 秒以内に {name} のコンソールリンクを開きませんでした。TOBIRA_BROWSER を確認するか、tobira console {name} --print を使ってください。',
  },
  'cli.credentialProcess.description': {
    en: 'print AWS credential_process JSON for NAME (for ~/.aws/config; see tobira link)',
    ja: 'NAME の AWS credential_process 用 JSON を表示する (~/.aws/config 用。tobira link を参照)',
  },
});
