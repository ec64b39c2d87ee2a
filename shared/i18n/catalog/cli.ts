import { defineCatalog } from '../types';

export const cliMessages = defineCatalog({
  'cli.description': {
    en: 'Tobira (扉): one place for your cloud logins. Secrets stay in the OS keychain; sessions, MFA codes and console sign-ins come from here.',
    ja: 'Tobira (扉): クラウドのログインをひとまとめに。シークレットは OS のキーチェーンに置いたまま、セッション・MFA コード・コンソールへのサインインをここから。',
  },
  'cli.opt.version': { en: 'print the version', ja: 'バージョンを表示' },
  'cli.opt.help': { en: 'show help', ja: 'ヘルプを表示' },
  'cli.opt.json': { en: 'machine-readable output on stdout', ja: '機械可読な出力 (JSON) を標準出力へ' },
  'cli.opt.debug': {
    en: 'show requests, responses, SIM commands, store and lock decisions on stderr, secrets redacted (= TOBIRA_DEBUG=1)',
    ja: 'リクエスト・レスポンス・SIM コマンド・保存先とロックの判断を標準エラーに表示 (シークレットは伏せる、TOBIRA_DEBUG=1 と同じ)',
  },
  'cli.opt.home': {
    en: 'data folder (default: $TOBIRA_HOME or ~/.config/tobira)',
    ja: 'データフォルダ (既定: $TOBIRA_HOME または ~/.config/tobira)',
  },
  'cli.opt.lang': { en: 'language of messages (ja or en)', ja: 'メッセージの言語 (ja または en)' },
  'cli.help.examples': {
    en: `Examples:
  echo 'otpauth://totp/Example:me?secret=JBSWY3DPEHPK3PXP&issuer=Example' | tobira profile add github-otp --type totp
  tobira otp github-otp
  tobira profile list --json
  op item get AWS --otp | tobira mfa set work      (or: tobira mfa set work --command "op item get AWS --otp")

Secrets are read from stdin (one line) or a hidden prompt, never from arguments.
Exit codes: 0 ok, 1 error, 2 usage, 3 rejected by the provider, 4 provider unreachable, 5 MFA needed but unavailable.`,
    ja: `例:
  echo 'otpauth://totp/Example:me?secret=JBSWY3DPEHPK3PXP&issuer=Example' | tobira profile add github-otp --type totp
  tobira otp github-otp
  tobira profile list --json
  op item get AWS --otp | tobira mfa set work      (または: tobira mfa set work --command "op item get AWS --otp")

シークレットは標準入力 (1 行) か非表示のプロンプトから読み取ります。引数では受け付けません。
終了コード: 0 成功、1 エラー、2 使い方の誤り、3 プロバイダーが拒否、4 プロバイダーに接続不可、5 MFA が必要だが取得手段なし。`,
  },
  'cli.error.usage': { en: '{detail}', ja: 'コマンドの指定が正しくありません: {detail}' },
  'cli.error.seeHelp': { en: 'See tobira --help.', ja: 'tobira --help を参照してください。' },
  'cli.arg.name': { en: 'profile name', ja: 'プロファイル名' },
  'cli.arg.newName': { en: 'new profile name', ja: '新しいプロファイル名' },
  'cli.profile.description': {
    en: 'add, list, show, rename and remove profiles',
    ja: 'プロファイルの追加・一覧・表示・名前変更・削除',
  },
  'cli.profile.add.description': {
    en: 'add a profile; its secret is read from stdin or a hidden prompt',
    ja: 'プロファイルを追加 (シークレットは標準入力か非表示プロンプトから)',
  },
  'cli.profile.add.type': { en: 'profile type (e.g. totp)', ja: 'プロファイル種別 (例: totp)' },
  'cli.profile.add.examples': {
    en: `Examples:
  tobira profile add github --type totp              (paste the otpauth:// URI or base32 secret at the prompt)
  printf '%s\\n' "$URI" | tobira profile add github --type totp
  tobira profile add org --type aws-sso-session --start-url https://d-1234567890.awsapps.com/start --sso-region ap-northeast-1
  tobira profile add prod --type aws-sso --session org --account-id 111122223333 --role-name ReadOnly`,
    ja: `例:
  tobira profile add github --type totp              (プロンプトで otpauth:// URI か base32 シークレットを貼り付け)
  printf '%s\\n' "$URI" | tobira profile add github --type totp
  tobira profile add org --type aws-sso-session --start-url https://d-1234567890.awsapps.com/start --sso-region ap-northeast-1
  tobira profile add prod --type aws-sso --session org --account-id 111122223333 --role-name ReadOnly`,
  },
  'cli.profile.added': {
    en: 'Added profile {name} ({type}).',
    ja: 'プロファイル {name} ({type}) を追加しました。',
  },
  'cli.profile.list.description': {
    en: 'list profiles (no secrets)',
    ja: 'プロファイルの一覧 (シークレットは含みません)',
  },
  'cli.profile.list.empty': {
    en: 'No profiles yet. Add one with tobira profile add NAME --type TYPE.',
    ja: 'プロファイルはまだありません。tobira profile add NAME --type TYPE で追加してください。',
  },
  'cli.profile.show.description': {
    en: "show one profile (no secrets); an IAM user's key age unknown so far is asked of IAM once",
    ja: 'プロファイルを表示 (シークレットは含みません)。IAM ユーザーのキーの経過日数が不明なら一度 IAM に問い合わせます',
  },
  'cli.profile.remove.description': {
    en: 'remove a profile and its secrets (asks on a terminal)',
    ja: 'プロファイルとそのシークレットを削除 (端末では確認します)',
  },
  'cli.profile.remove.yes': { en: 'do not ask for confirmation', ja: '確認しない' },
  'cli.profile.remove.confirm': {
    en: 'Remove profile {name} and its secrets? [y/N]',
    ja: 'プロファイル {name} とそのシークレットを削除しますか? [y/N]',
  },
  'cli.profile.remove.cancelled': { en: 'Nothing removed.', ja: '何も削除していません。' },
  'cli.profile.removed': {
    en: 'Removed profile {name} and its secrets.',
    ja: 'プロファイル {name} とそのシークレットを削除しました。',
  },
  'cli.profile.rename.description': { en: 'rename a profile', ja: 'プロファイル名を変更' },
  'cli.profile.renamed': { en: 'Renamed {from} to {to}.', ja: '{from} を {to} に名前変更しました。' },
  'cli.mfa.description': {
    en: 'configure how a profile gets MFA codes',
    ja: 'プロファイルの MFA コード取得方法を設定',
  },
  'cli.mfa.set.description': {
    en: 'store a TOTP secret (stdin: otpauth:// URI or base32), set a command that prints the code, or name a YubiKey credential',
    ja: 'TOTP シークレットを保存 (標準入力: otpauth:// URI か base32)、コードを出力するコマンドを設定、または YubiKey のクレデンシャルを指定',
  },
  'cli.mfa.set.command': {
    en: 'command printing the current code, run without a shell (e.g. "op item get AWS --otp")',
    ja: '現在のコードを出力するコマンド (シェルを介さず実行。例: "op item get AWS --otp")',
  },
  'cli.mfa.set.examples': {
    en: `Examples:
  tobira mfa set work                                 (paste the otpauth:// URI or base32 secret)
  tobira mfa set work --command "op item get AWS --otp"
  tobira mfa set work --yubikey AWS:alice --remember  (codes from a YubiKey; see tobira yubikey --help)`,
    ja: `例:
  tobira mfa set work                                 (otpauth:// URI か base32 シークレットを貼り付け)
  tobira mfa set work --command "op item get AWS --otp"
  tobira mfa set work --yubikey AWS:alice --remember  (YubiKey からコードを取得。tobira yubikey --help を参照)`,
  },
  'cli.mfa.set.totp.done': {
    en: 'Stored the TOTP secret of {name}; its codes are now filled in automatically.',
    ja: '{name} の TOTP シークレットを保存しました。以後コードは自動で入力されます。',
  },
  'cli.mfa.set.command.done': {
    en: 'Profile {name} now gets its MFA code from the command.',
    ja: 'プロファイル {name} は MFA コードをコマンドから取得します。',
  },
  'cli.mfa.remove.description': {
    en: 'forget the MFA secret or command of a profile',
    ja: 'プロファイルの MFA シークレットまたはコマンドを削除',
  },
  'cli.mfa.removed': { en: 'Removed the MFA setting of {name}.', ja: '{name} の MFA 設定を削除しました。' },
  'cli.otp.description': {
    en: 'print the current TOTP code of a totp profile, of a profile’s MFA secret, or from its YubiKey (asks for a touch when needed)',
    ja: 'totp プロファイル、プロファイルの MFA シークレット、または YubiKey の現在の TOTP コードを表示 (必要ならタッチを求める)',
  },
  'cli.otp.at': {
    en: 'the code at this Unix time (seconds) instead of now',
    ja: '現在ではなく指定した Unix 時刻 (秒) のコード',
  },
  'cli.otp.badAt': {
    en: '--at takes Unix seconds, got "{value}".',
    ja: '--at には Unix 時刻 (秒) を指定してください ("{value}" が指定されました)。',
  },
  'totp.secret.label': {
    en: 'TOTP secret (otpauth:// URI or base32)',
    ja: 'TOTP シークレット (otpauth:// URI または base32)',
  },
  'cli.profile.import.description': {
    en: 'import profiles from another tool’s config (secrets go to the secret store); never modifies the source files',
    ja: '他のツールの設定からプロファイルをインポート (シークレットはシークレット ストアへ)。元のファイルは変更しません',
  },
  'cli.profile.import.path': {
    en: 'read from this file or folder instead of the default',
    ja: '既定の代わりにこのファイル/フォルダから読む',
  },
  'cli.profile.import.dryRun': {
    en: 'show what would be imported, change nothing',
    ja: 'インポート内容を表示するだけで何も変更しない',
  },
  'cli.login.description': {
    en: 'obtain and cache a session; prints who you are and until when',
    ja: 'セッションを取得してキャッシュし、ユーザーと有効期限を表示',
  },
  'cli.login.mfaCode': { en: 'the current MFA code', ja: '現在の MFA コード' },
  'cli.login.force': {
    en: 'log in again even if the cached session is still valid',
    ja: 'キャッシュ済みのセッションが有効でも再ログインする',
  },
  'cli.login.done': {
    en: 'Logged in {name} as {identity}, until {expiration} ({left} left).',
    ja: '{name} に {identity} としてログインしました。有効期限 {expiration} (残り {left})。',
  },
  'cli.login.cached': {
    en: '{name} is logged in as {identity} (cached session), until {expiration} ({left} left).',
    ja: '{name} は {identity} としてログイン済みです (キャッシュ)。有効期限 {expiration} (残り {left})。',
  },
  'cli.logout.description': {
    en: 'end the session of a profile and forget it',
    ja: 'プロファイルのセッションを終了して破棄',
  },
  'cli.logout.done': { en: 'Logged out {name}.', ja: '{name} からログアウトしました。' },
  'cli.logout.none': { en: '{name} had no session.', ja: '{name} にセッションはありませんでした。' },
  'cli.status.description': {
    en: 'sessions of every profile and time left',
    ja: '全プロファイルのセッションと残り時間',
  },
  'cli.status.empty': {
    en: 'No profiles with sessions yet.',
    ja: 'セッションを持つプロファイルはまだありません。',
  },
  'cli.export.description': {
    en: 'print credentials for a shell or tool: env, fish, powershell, json, or a provider format',
    ja: 'シェルやツール向けに認証情報を出力: env, fish, powershell, json、またはプロバイダー固有の形式',
  },
  'cli.export.format': {
    en: 'env|fish|powershell|json|credential-process|soracom-profile|aliyun-external',
    ja: 'env|fish|powershell|json|credential-process|soracom-profile|aliyun-external',
  },
  'cli.export.badFormat': {
    en: 'Format "{format}" is not available for {type} profiles.',
    ja: '形式 "{format}" は {type} プロファイルでは使えません。',
  },
  'cli.exec.description': {
    en: 'run a command with the profile’s credentials in its environment; exits with its code (127: not found, 126: cannot run)',
    ja: 'プロファイルの認証情報を環境変数に入れてコマンドを実行 (終了コードはコマンドのもの。127: 見つからない、126: 実行できない)',
  },
  'cli.exec.command': { en: 'the command and its arguments, after --', ja: '-- の後にコマンドと引数' },
  'cli.exec.nested': {
    en: 'allow running inside another tobira exec',
    ja: '別の tobira exec の中での実行を許可する',
  },
  'cli.exec.nestedRefused': {
    en: 'Already inside tobira exec {outer}; running {name} inside it would mix credentials. Exit that shell first, or pass --nested.',
    ja: 'すでに tobira exec {outer} の中です。{name} を入れ子で実行すると認証情報が混ざります。先にそのシェルを抜けるか、--nested を指定してください。',
  },
  'cli.exec.notFound': {
    en: '{command}: command not found (no such file, and not on PATH).',
    ja: '{command}: コマンドが見つかりません (そのファイルがなく、PATH 上にもありません)。',
  },
  'cli.exec.interpreterMissing': {
    en: '{command}: cannot run it: the interpreter named on its #! line is not found.',
    ja: '{command}: 実行できません。#! 行に書かれたインタープリターが見つかりません。',
  },
  'cli.exec.cannotRun': {
    en: '{command}: cannot run it ({detail}): it is not executable, or it is a folder.',
    ja: '{command}: 実行できません ({detail})。実行権限がないか、フォルダーです。',
  },
  'cli.link.description': {
    en: 'write the tool’s own config entry pointing back at tobira (~/.aws/config, ~/.soracom/NAME.json, ~/.aliyun/config.json)',
    ja: 'ツール自身の設定に tobira を呼ぶエントリを書く (~/.aws/config, ~/.soracom/NAME.json, ~/.aliyun/config.json)',
  },
  'cli.unlink.description': { en: 'remove exactly what link added', ja: 'link が追加したものだけを削除' },
  'cli.link.unsupported': {
    en: 'Profiles of type {type} have nothing to link ({name}).',
    ja: '{type} プロファイルにはリンクするものがありません ({name})。',
  },
  'cli.link.changed': { en: 'Linked {name}: {path}', ja: '{name} をリンクしました: {path}' },
  'cli.link.unchanged': { en: '{name} is already linked: {path}', ja: '{name} はリンク済みです: {path}' },
  'cli.unlink.changed': { en: 'Unlinked {name}: {path}', ja: '{name} のリンクを削除しました: {path}' },
  'cli.unlink.unchanged': {
    en: '{name} was not linked ({path}).',
    ja: '{name} はリンクされていませんでした ({path})。',
  },
  'cli.agent.description': {
    en: 'unlock the store once and serve cached sessions to every tobira process of this user (foreground)',
    ja: 'ストアを一度だけ解錠し、このユーザーのすべての tobira プロセスにキャッシュ済みセッションを提供 (フォアグラウンド)',
  },
  'cli.agent.idleTimeout': {
    en: 'lock again after this long without a request (e.g. 30m, 8h, 1d)',
    ja: 'この時間リクエストがなければ再びロック (例: 30m、8h、1d)',
  },
  'cli.agent.lifetime': {
    en: 'lock again this long after the start, whatever the use (e.g. 8h, 1d)',
    ja: '使用状況にかかわらず開始からこの時間で再びロック (例: 8h、1d)',
  },
  'cli.agent.badDuration': {
    en: '{flag} {value} is not a duration: use a number and s, m, h or d (e.g. 30m, 8h, 1d; at most 24d).',
    ja: '{flag} {value} は期間ではありません: 数字と s、m、h、d を使ってください (例: 30m、8h、1d。最大 24d)。',
  },
  'cli.agent.started': {
    en: 'Tobira agent serving on {path} (store: {store}). Ctrl+C or SIGTERM locks it again.',
    ja: 'Tobira エージェントが {path} で動作中です (ストア: {store})。Ctrl+C か SIGTERM で再びロックします。',
  },
  'cli.agent.stopped.signal': {
    en: 'Tobira agent stopped: key wiped, socket removed.',
    ja: 'Tobira エージェントを停止しました: 鍵を消去し、ソケットを削除しました。',
  },
  'cli.agent.stopped.idle': {
    en: 'Tobira agent stopped after its idle timeout: key wiped, socket removed.',
    ja: 'アイドルタイムアウトで Tobira エージェントを停止しました: 鍵を消去し、ソケットを削除しました。',
  },
  'cli.agent.stopped.lifetime': {
    en: 'Tobira agent stopped at the end of its lifetime: key wiped, socket removed.',
    ja: '有効期間の終了で Tobira エージェントを停止しました: 鍵を消去し、ソケットを削除しました。',
  },
  'cli.status.server.agent': {
    en: 'Served by: tobira agent (since {since})',
    ja: '提供元: tobira エージェント ({since} から)',
  },
  'cli.status.server.app': {
    en: 'Served by: the Tobira app (since {since})',
    ja: '提供元: Tobira アプリ ({since} から)',
  },
  'cli.status.server.none': {
    en: 'Served by: nothing (no agent or app runs)',
    ja: '提供元: なし (エージェントもアプリも動いていません)',
  },
  'agent.daemon.running': {
    en: 'An agent already serves this data folder ({kind}, since {since}). Stop it first, or use it as it is.',
    ja: 'このデータフォルダにはすでにエージェントが動作しています ({kind}、{since} から)。先に停止するか、そのまま使ってください。',
  },
  'agent.daemon.relock': {
    en: 'The secrets file was re-keyed since the agent started; restart tobira agent.',
    ja: 'エージェントの開始後にシークレットファイルの鍵が変わりました。tobira agent を再起動してください。',
  },
  'agent.daemon.cannotAsk': {
    en: 'tobira agent cannot ask anyone for this login; the command that asked does it itself.',
    ja: 'tobira エージェントはこのログインのために誰にも尋ねられません。要求したコマンド自身が行います。',
  },
  'agent.daemon.noSecrets': {
    en: 'There is no secrets file to unlock yet ({path}); add a profile first.',
    ja: '解錠するシークレットファイルがまだありません ({path})。先にプロファイルを追加してください。',
  },
});
