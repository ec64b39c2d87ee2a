import { defineCatalog } from '../types';

export const idpServerMessages = defineCatalog({
  'idp.opt.issuer': {
    en: 'idp-server tenant issuer URL, e.g. https://idp.example.com/TENANT_ID',
    ja: 'idp-server テナントの issuer URL (例: https://idp.example.com/TENANT_ID)',
  },
  'idp.opt.clientId': { en: 'OAuth client ID', ja: 'OAuth クライアント ID' },
  'idp.opt.username': {
    en: 'user name (preferred_username) to sign in with',
    ja: 'サインインするユーザー名 (preferred_username)',
  },
  'idp.opt.otp': {
    en: 'second factor: sms (default) or email one-time code',
    ja: '2 要素目: sms (既定) または email のワンタイムコード',
  },
  'idp.opt.redirectUri': {
    en: 'redirect URI registered for the client (default http://127.0.0.1/callback)',
    ja: 'クライアントに登録したリダイレクト URI (既定 http://127.0.0.1/callback)',
  },
  'idp.opt.scope': {
    en: 'scopes, space-separated (default "openid profile")',
    ja: 'スコープ (空白区切り、既定 "openid profile")',
  },
  'idp.opt.organization': {
    en: 'organization ID for the organization-level Management API (system level when omitted)',
    ja: '組織レベル Management API の組織 ID (省略時はシステムレベル)',
  },
  'idp.secret.label': { en: 'idp-server password', ja: 'idp-server のパスワード' },
  'idp.secret.adminLabel': { en: 'idp-server administrator password', ja: 'idp-server 管理者のパスワード' },
  'idp.profile.missing': {
    en: 'A {type} profile needs {options}.',
    ja: '{type} プロファイルには {options} が必要です。',
  },
  'idp.mfa.totp': {
    en: 'Profile {name} has a stored TOTP secret, but idp-server sends its code by SMS or e-mail. Run tobira mfa remove {name}, or configure a command that reads the message (tobira mfa set {name} --command "...").',
    ja: 'プロファイル {name} には TOTP シークレットが保存されていますが、idp-server のコードは SMS かメールで届きます。tobira mfa remove {name} を実行するか、届いたコードを読むコマンドを設定してください (tobira mfa set {name} --command "...")。',
  },
  'idp.otp.prompt': {
    en: '{method} code for {name} (or "r" to send a new code)',
    ja: '{name} の {method} コード (新しいコードを送るには "r")',
  },
  'idp.otp.sent': {
    en: 'idp-server sent a one-time code by {method} for {name}.',
    ja: 'idp-server が {name} のワンタイムコードを {method} で送信しました。',
  },
  'idp.otp.resent': {
    en: 'A new {method} code was sent. The previous code no longer works: use the newest one.',
    ja: '新しい {method} コードを送信しました。前のコードはもう使えません。最新のコードを入力してください。',
  },
  'idp.otp.wrong': {
    en: 'idp-server rejected the {method} code: it is not the code that was sent. Check the newest message (a new code makes earlier ones invalid) and run tobira login again.',
    ja: 'idp-server が {method} コードを拒否しました。送信されたコードと一致しません。最新のメッセージを確認し (新しいコードを送ると以前のコードは無効になります)、もう一度 tobira login を実行してください。',
  },
  'idp.otp.tryAgain': {
    en: 'That {method} code is wrong. Type it again, or "r" for a new code (the server limits the attempts).',
    ja: '{method} コードが違います。もう一度入力するか、新しいコードを送るには "r" を入力してください (試行回数には上限があります)。',
  },
  'idp.otp.expired': {
    en: 'The {method} code has expired. Run tobira login again to get a new code, and enter it within its validity.',
    ja: '{method} コードの有効期限が切れました。もう一度 tobira login を実行して新しいコードを受け取り、有効期限内に入力してください。',
  },
  'idp.otp.limit': {
    en: 'Too many wrong {method} codes: the limit of {limit} attempts is reached and this code can no longer be used. Run tobira login again for a new code.',
    ja: '{method} コードの誤入力が多すぎます。上限の {limit} 回に達したため、このコードはもう使えません。もう一度 tobira login を実行して新しいコードを受け取ってください。',
  },
  'idp.otp.rejectedSilently': {
    en: 'idp-server did not accept the {method} code (wrong, expired, or too many attempts) and gave no reason. Run tobira login again for a new code; ask the administrator to map error and error_description in the response rules of the {method} configuration.',
    ja: 'idp-server が {method} コードを受け付けませんでした (誤り、期限切れ、または試行回数超過)。理由は返されていません。もう一度 tobira login を実行して新しいコードを受け取ってください。管理者には {method} 設定のレスポンスルールで error と error_description をマップするよう依頼してください。',
  },
  'idp.otp.noChallenge': {
    en: 'idp-server has no {method} code pending for this sign-in. Run tobira login again.',
    ja: 'このサインインには送信済みの {method} コードがありません。もう一度 tobira login を実行してください。',
  },
  'idp.otp.noPhone': {
    en: 'The account has no phone number registered, so no SMS code can be sent. Ask the administrator to register one, or use --otp email if the tenant allows it.',
    ja: 'アカウントに電話番号が登録されていないため、SMS コードを送れません。管理者に登録を依頼するか、テナントが許可していれば --otp email を使ってください。',
  },
  'idp.otp.noEmail': {
    en: 'The account has no e-mail address registered, so no e-mail code can be sent. Ask the administrator to register one, or use --otp sms if the tenant allows it.',
    ja: 'アカウントにメールアドレスが登録されていないため、メールでコードを送れません。管理者に登録を依頼するか、テナントが許可していれば --otp sms を使ってください。',
  },
  'idp.otp.senderDown': {
    en: 'idp-server could not send the {method} code: its {method} delivery service failed (HTTP {status}). Nothing was retried; try again later or tell the administrator.',
    ja: 'idp-server が {method} コードを送信できませんでした。{method} 送信サービスが失敗しています (HTTP {status})。自動再試行はしていません。時間をおいて再実行するか、管理者に連絡してください。',
  },
  'idp.config.notFound': {
    en: 'The tenant has no {method} authentication configuration, so it cannot send codes. An administrator can create it with tobira idp-server mfa-setup.',
    ja: 'テナントに {method} 認証設定がないため、コードを送信できません。管理者は tobira idp-server mfa-setup で作成できます。',
  },
  'idp.password.wrong': {
    en: 'idp-server rejected the user name or password. Check --username and store the right password with tobira profile add.',
    ja: 'idp-server がユーザー名またはパスワードを拒否しました。--username を確認し、正しいパスワードを tobira profile add で保存し直してください。',
  },
  'idp.password.tooMany': {
    en: 'idp-server refuses further password attempts for now (too many failures). Wait and try again later.',
    ja: 'パスワードの失敗が多すぎるため、idp-server が一時的にログインを拒否しています。しばらく待ってから再実行してください。',
  },
  'idp.user.notFound': {
    en: 'idp-server found no matching user ({detail}).',
    ja: '該当するユーザーが idp-server に見つかりません ({detail})。',
  },
  'idp.user.inactive': {
    en: 'idp-server refused to finish the sign-in: the account is not active ({detail}). Ask the administrator.',
    ja: 'アカウントが有効でないため、idp-server がサインインを完了できません ({detail})。管理者に問い合わせてください。',
  },
  'idp.policy.unsatisfied': {
    en: 'idp-server refused to finish the sign-in: its authentication policy is not satisfied ({detail}). The tenant may require another factor than the one this profile uses (--otp).',
    ja: '認証ポリシーを満たしていないため、idp-server がサインインを完了できません ({detail})。テナントがこのプロファイルの要素 (--otp) と別の要素を求めている可能性があります。',
  },
  'idp.session.mismatch': {
    en: 'idp-server lost the sign-in session (IDP_AUTH_SESSION cookie refused). Run tobira login again.',
    ja: 'idp-server がサインインセッションを認識しません (IDP_AUTH_SESSION Cookie が拒否されました)。もう一度 tobira login を実行してください。',
  },
  'idp.transaction.notFound': {
    en: 'The sign-in transaction expired or is unknown to idp-server. Run tobira login again.',
    ja: 'サインインのトランザクションが期限切れか、idp-server にありません。もう一度 tobira login を実行してください。',
  },
  'idp.transaction.conflict': {
    en: 'Another request changed this sign-in at the same time. Run tobira login again.',
    ja: '同時に別のリクエストがこのサインインを変更しました。もう一度 tobira login を実行してください。',
  },
  'idp.interaction.unsupported': {
    en: 'This idp-server does not support the step {step}.',
    ja: 'この idp-server はステップ {step} に対応していません。',
  },
  'idp.authorization.refused': {
    en: 'idp-server refused the authorization request ({error}: {detail}). Check --client-id, --redirect-uri (it must be registered for the client) and --scope.',
    ja: 'idp-server が認可リクエストを拒否しました ({error}: {detail})。--client-id、--redirect-uri (クライアントに登録済みであること)、--scope を確認してください。',
  },
  'idp.token.rejected': {
    en: 'idp-server refused to issue tokens ({error}: {detail}). Run tobira login again.',
    ja: 'idp-server がトークンの発行を拒否しました ({error}: {detail})。もう一度 tobira login を実行してください。',
  },
  'idp.token.client': {
    en: 'idp-server does not accept this client ({error}: {detail}). The client must be a public client (token_endpoint_auth_method none) with PKCE.',
    ja: 'idp-server がこのクライアントを受け付けません ({error}: {detail})。PKCE を使うパブリッククライアント (token_endpoint_auth_method none) である必要があります。',
  },
  'idp.refresh.rejected': {
    en: 'The refresh token is no longer accepted; signing in again with password and code.',
    ja: 'リフレッシュトークンが受け付けられなくなったため、パスワードとコードでサインインし直します。',
  },
  'idp.rejected': {
    en: 'idp-server rejected {step} (HTTP {status}, {error}: {detail}).',
    ja: 'idp-server が {step} を拒否しました (HTTP {status}、{error}: {detail})。',
  },
  'idp.discovery.notFound': {
    en: 'No OpenID Provider configuration at {issuer}/.well-known/openid-configuration. Check --issuer (the tenant URL, e.g. https://idp.example.com/TENANT_ID).',
    ja: '{issuer}/.well-known/openid-configuration に OpenID Provider の設定がありません。--issuer (テナントの URL、例: https://idp.example.com/TENANT_ID) を確認してください。',
  },
  'idp.discovery.issuerMismatch': {
    en: 'The discovery document of {issuer} names another issuer. Use the issuer exactly as the tenant publishes it.',
    ja: '{issuer} のディスカバリー文書が別の issuer を示しています。テナントが公開している issuer をそのまま指定してください。',
  },
  'idp.admin.rejected': {
    en: 'idp-server rejected the administrator user name or password ({error}: {detail}).',
    ja: 'idp-server が管理者のユーザー名またはパスワードを拒否しました ({error}: {detail})。',
  },
  'idp.admin.tokenRefused': {
    en: 'idp-server refused a management token ({error}: {detail}). The client needs the password grant and the management scopes.',
    ja: 'idp-server が管理トークンの発行を拒否しました ({error}: {detail})。クライアントにパスワードグラントと管理スコープが必要です。',
  },
  'idp.admin.scope': {
    en: 'idp-server issued a token without the {scope} scope, so it cannot manage tenants. Allow {scope} for the client and the user.',
    ja: 'idp-server が {scope} スコープなしでトークンを発行したため、テナントを管理できません。クライアントとユーザーに {scope} を許可してください。',
  },
  'idp.mgmt.unauthorized': {
    en: 'The Management API did not accept the management token ({error}: {detail}). Run tobira logout for the admin profile and try again.',
    ja: 'Management API が管理トークンを受け付けませんでした ({error}: {detail})。管理者プロファイルで tobira logout を実行してから再実行してください。',
  },
  'idp.mgmt.forbidden': {
    en: 'The administrator may not manage tenant {tenant} ({error}: {detail}). Check --organization and the administrator’s membership.',
    ja: '管理者にはテナント {tenant} を管理する権限がありません ({error}: {detail})。--organization と管理者の所属を確認してください。',
  },
  'idp.mgmt.notFound': {
    en: 'The Management API does not know tenant {tenant} ({detail}). Check --tenant and the organization of the admin profile.',
    ja: 'Management API にテナント {tenant} がありません ({detail})。--tenant と管理者プロファイルの組織を確認してください。',
  },
  'idp.mgmt.conflict': {
    en: 'The tenant changed while Tobira was applying {what} ({detail}). Run the command again: it starts from the current state.',
    ja: '適用中にテナントの {what} が変更されました ({detail})。もう一度実行してください。現在の状態から始めます。',
  },
  'idp.mgmt.invalid': {
    en: 'idp-server refused the {what} document ({detail}). Nothing was changed.',
    ja: 'idp-server が {what} の内容を拒否しました ({detail})。何も変更されていません。',
  },
  'idp.mgmt.rejected': {
    en: 'The Management API rejected {what} (HTTP {status}, {error}: {detail}).',
    ja: 'Management API が {what} を拒否しました (HTTP {status}、{error}: {detail})。',
  },
  'idp.setup.invalid': {
    en: 'Refused before sending anything: the {what} would not enforce SMS MFA safely.\n  {problems}',
    ja: '何も送信せずに中止しました。この{what}では SMS による MFA を安全に強制できません。\n  {problems}',
  },
  'idp.setup.verifyType': {
    en: '--verify-with needs an idp-server profile; {name} is {type}.',
    ja: '--verify-with には idp-server プロファイルが必要です。{name} は {type} です。',
  },
  'idp.setup.verifyTenant': {
    en: 'Profile {name} signs in at {issuer}, not at tenant {tenant}: it cannot verify this setup.',
    ja: 'プロファイル {name} のサインイン先は {issuer} で、テナント {tenant} ではないため、この設定を検証できません。',
  },
  'idp.setup.adminType': {
    en: '{name} is a {type} profile; mfa-setup needs an idp-server-admin profile (tobira profile add NAME --type idp-server-admin ...).',
    ja: '{name} は {type} プロファイルです。mfa-setup には idp-server-admin プロファイルが必要です (tobira profile add NAME --type idp-server-admin ...)。',
  },
  'idp.setup.badNumber': {
    en: '{option} must be a whole number.',
    ja: '{option} は整数で指定してください。',
  },
  'idp.setup.policyFile': {
    en: 'Cannot read the policy file {path} as JSON ({detail}).',
    ja: 'ポリシーファイル {path} を JSON として読み取れません ({detail})。',
  },
  'idp.setup.change.create': {
    en: '{collection}: will be created',
    ja: '{collection}: 新規作成します',
  },
  'idp.setup.change.update': {
    en: '{collection} {id}: will be updated',
    ja: '{collection} {id}: 更新します',
  },
  'idp.setup.change.unchanged': {
    en: '{collection} {id}: already as wanted, unchanged',
    ja: '{collection} {id}: すでに目的の状態です (変更なし)',
  },
  'idp.setup.applied': {
    en: 'Tenant {tenant}: SMS one-time code and the password AND SMS policy are in place ({count} change(s) applied).',
    ja: 'テナント {tenant}: SMS ワンタイムコードと「パスワード AND SMS」ポリシーを設定しました ({count} 件変更)。',
  },
  'idp.setup.nothing': {
    en: 'Tenant {tenant}: already set up; nothing changed.',
    ja: 'テナント {tenant}: すでに設定済みです。何も変更していません。',
  },
  'idp.setup.dryRun': {
    en: 'Dry run: idp-server accepted {count} change(s) (dry_run=true); nothing was applied.',
    ja: 'ドライラン: idp-server は {count} 件の変更を受け付けました (dry_run=true)。何も適用していません。',
  },
  'idp.verify.passed': {
    en: 'Verified with {name}: password alone is refused at authorize, and password + the SMS code signs in (tokens issued; methods {methods}).',
    ja: '{name} で検証しました: パスワードだけでは authorize が拒否され、パスワード + SMS コードでサインインできます (トークン発行済み、方式 {methods})。',
  },
  'idp.verify.senderDown': {
    en: 'Verification with {name} FAILED: tenant {tenant} now demands an SMS code, but its sender could not deliver one, so as it is every user would be locked out. Fix the sender (--sms-sender, --sender-url) and run mfa-setup again now. ({detail})',
    ja: '{name} での検証に失敗しました: テナント {tenant} は SMS コードを必須にしましたが、送信サービスがコードを届けられませんでした。このままでは全ユーザーがサインインできません。すぐに送信設定 (--sms-sender、--sender-url) を直して mfa-setup を再実行してください。({detail})',
  },
  'idp.verify.codeFailed': {
    en: 'Verification with {name} FAILED: password alone is refused, but password + the SMS code did not sign in either, so users of tenant {tenant} may be locked out. Check the SMS configuration and the policy, then run mfa-setup again. ({detail})',
    ja: '{name} での検証に失敗しました: パスワードだけでは拒否されますが、パスワード + SMS コードでもサインインできませんでした。テナント {tenant} のユーザーがサインインできない恐れがあります。SMS 設定とポリシーを確認し、mfa-setup を再実行してください。({detail})',
  },
  'idp.verify.noCode': {
    en: 'Verification with {name} is incomplete: password alone is refused, but no SMS code could be obtained here to prove that password + code signs in. Give {name} a code source (tobira mfa set {name} --command "..."), or run in a terminal and type the code. ({detail})',
    ja: '{name} での検証が完了していません: パスワードだけでは拒否されますが、パスワード + コードでサインインできることを確かめるための SMS コードをここでは取得できませんでした。{name} にコードの取得方法を設定する (tobira mfa set {name} --command "...") か、端末で実行してコードを入力してください。({detail})',
  },
  'idp.verify.failed': {
    en: 'Verification with {name} FAILED: password alone was enough to finish the sign-in, so MFA is NOT enforced for this client. Check the policy conditions and priorities (the policy is chosen per request).',
    ja: '{name} での検証に失敗しました: パスワードだけでサインインが完了したため、このクライアントには MFA が強制されていません。ポリシーの条件と優先度を確認してください (ポリシーはリクエストごとに選ばれます)。',
  },
  'cli.idp.description': { en: 'idp-server administration', ja: 'idp-server の管理' },
  'cli.idp.mfaSetup.description': {
    en: 'create or update the SMS OTP configuration and the password AND SMS policy of a tenant',
    ja: 'テナントの SMS OTP 設定と「パスワード AND SMS」ポリシーを作成または更新する',
  },
  'cli.idp.arg.admin': { en: 'idp-server-admin profile', ja: 'idp-server-admin プロファイル' },
  'cli.idp.opt.tenant': { en: 'tenant ID to set up', ja: '設定するテナント ID' },
  'cli.idp.opt.sender': {
    en: 'how codes are sent: no_action (nothing sent, for tests) or http_request',
    ja: 'コードの送信方法: no_action (送信しない、テスト用) または http_request',
  },
  'cli.idp.opt.senderUrl': {
    en: 'URL of the SMS sending service (http_request)',
    ja: 'SMS 送信サービスの URL (http_request)',
  },
  'cli.idp.opt.retryLimit': {
    en: 'wrong codes allowed per code (default 5)',
    ja: '1 つのコードで許す誤入力回数 (既定 5)',
  },
  'cli.idp.opt.expireSeconds': {
    en: 'code validity in seconds (default 300)',
    ja: 'コードの有効秒数 (既定 300)',
  },
  'cli.idp.opt.dryRun': {
    en: 'show the changes and let the server validate them (dry_run), apply nothing',
    ja: '変更を表示してサーバーに検証させ (dry_run)、何も適用しない',
  },
  'cli.idp.opt.verifyWith': {
    en: 'idp-server profile whose password-only sign-in must now be refused',
    ja: 'パスワードだけのサインインが拒否されることを確かめる idp-server プロファイル',
  },
  'cli.idp.opt.policyFile': {
    en: 'use this authentication-policy JSON instead of the generated one (checked the same way)',
    ja: '生成したものの代わりにこの認証ポリシー JSON を使う (同じ検査をします)',
  },
});
