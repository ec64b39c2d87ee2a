import { defineCatalog } from '../types';

export const auth0Messages = defineCatalog({
  'auth0.opt.domain': {
    en: 'Auth0 tenant domain, e.g. tenant.jp.auth0.com (https implied) or an origin https://host[:port]',
    ja: 'Auth0 テナントのドメイン (例: tenant.jp.auth0.com、https を補完) またはオリジン https://host[:port]',
  },
  'auth0.opt.clientId': {
    en: 'Auth0 application client ID',
    ja: 'Auth0 アプリケーションのクライアント ID',
  },
  'auth0.opt.connection': {
    en: 'the database connection that holds the API keys, e.g. api-keys',
    ja: 'API キーを保持するデータベース接続 (例: api-keys)',
  },
  'auth0.opt.audience': {
    en: 'API identifier (audience) whose permissions the keys carry',
    ja: 'キーに付与する権限の API 識別子 (audience)',
  },
  'auth0.opt.realm': {
    en: 'database connection (realm) of the key, e.g. api-keys',
    ja: 'キーのデータベース接続 (realm) (例: api-keys)',
  },
  'auth0.secret.clientSecret': {
    en: 'Client secret of the Auth0 Management API application',
    ja: 'Auth0 Management API アプリケーションのクライアントシークレット',
  },
  'auth0.secret.apiKey': {
    en: 'Auth0 API key (tbk_…)',
    ja: 'Auth0 API キー (tbk_…)',
  },
  'auth0.key.shape': {
    en: 'This is not a Tobira Auth0 API key (they look like tbk_<12 chars>_<38 chars>). Check that it was copied whole.',
    ja: 'Tobira の Auth0 API キーではありません (形式は tbk_<12 文字>_<38 文字>)。全体をコピーしたか確認してください。',
  },
  'auth0.key.checksum': {
    en: 'API key {id} fails its checksum: it was mistyped or damaged. Nothing was sent to Auth0; copy the key again.',
    ja: 'API キー {id} のチェックサムが一致しません。入力ミスか破損しています。Auth0 には何も送信していません。キーをコピーし直してください。',
  },
  'auth0.key.badName': {
    en: 'Give the key a --name of 1–100 printable characters.',
    ja: '--name には 1〜100 文字の表示可能な名前を指定してください。',
  },
  'auth0.key.badId': {
    en: '"{id}" is not a key id. Use the ID column of `tobira apikey list`.',
    ja: '"{id}" はキー ID ではありません。`tobira apikey list` の ID 列の値を指定してください。',
  },
  'auth0.key.notFound': {
    en: 'Auth0 has no key {id} ({detail}). See `tobira apikey list` for the keys that exist.',
    ja: 'Auth0 にキー {id} がありません ({detail})。既存のキーは `tobira apikey list` で確認できます。',
  },
  'auth0.key.otherConnection': {
    en: 'User {id} is not in the key connection {connection}; Tobira only manages keys there and left it untouched.',
    ja: 'ユーザー {id} はキー用の接続 {connection} にありません。Tobira はその接続のキーだけを扱うため、何も変更していません。',
  },
  'auth0.permission.invalid': {
    en: 'Permission "{name}" is not valid: use names like read:things, separated by commas, without spaces.',
    ja: '権限 "{name}" は無効です。read:things のような名前をカンマ区切り (空白なし) で指定してください。',
  },
  'auth0.permission.setAlone': {
    en: 'Use --set alone, or --add and/or --remove, not both.',
    ja: '--set は単独で使うか、--add / --remove を使ってください。併用はできません。',
  },
  'auth0.admin.wrongType': {
    en: 'Profile {name} is of type {type}; apikey commands need an auth0-admin profile (tobira profile add NAME --type auth0-admin ...).',
    ja: 'プロファイル {name} の種類は {type} です。apikey コマンドには auth0-admin プロファイルが必要です (tobira profile add NAME --type auth0-admin ...)。',
  },
  'auth0.rateLimited': {
    en: '{service} rate limit reached; try again in about {seconds} s.',
    ja: '{service} のレート制限に達しました。約 {seconds} 秒後に再実行してください。',
  },
  'auth0.token.wrongKey': {
    en: 'Auth0 rejected {what}: wrong key id or secret ({detail}). The key {id} may have been revoked or rotated; get a new key from your Auth0 admin.',
    ja: 'Auth0 が {what} を拒否しました: キー ID またはシークレットが違います ({detail})。キー {id} は失効またはローテーション済みの可能性があります。管理者に新しいキーを発行してもらってください。',
  },
  'auth0.token.blocked': {
    en: 'Auth0 rejected {what}: key {id} is blocked ({detail}). Ask your Auth0 admin to unblock it or to issue a new key.',
    ja: 'Auth0 が {what} を拒否しました: キー {id} はブロックされています ({detail})。管理者にブロック解除か新しいキーの発行を依頼してください。',
  },
  'auth0.token.bruteForce': {
    en: 'Auth0 blocked logins of {what} after too many failed attempts ({detail}). An Auth0 admin must unblock key {id}.',
    ja: 'ログイン失敗が続いたため、Auth0 が {what} のログインをブロックしました ({detail})。Auth0 管理者がキー {id} のブロックを解除する必要があります。',
  },
  'auth0.token.grantNotAllowed': {
    en: 'Auth0 refused the grant for {what}: {detail} Enable the "Password" grant type on that application.',
    ja: 'Auth0 が {what} の付与方式を拒否しました: {detail} そのアプリケーションで「Password」グラントを有効にしてください。',
  },
  'auth0.token.mfaRequired': {
    en: 'Auth0 asks for MFA for {what} ({detail}). Key connections must not require MFA: exclude that connection from MFA policies and Actions.',
    ja: 'Auth0 が {what} に MFA を要求しました ({detail})。キー用の接続では MFA を要求しないよう、MFA ポリシーと Actions から除外してください。',
  },
  'auth0.token.unknownAudience': {
    en: 'Auth0 does not know the API (audience) of {what}: {detail} Check --audience.',
    ja: 'Auth0 は {what} の API (audience) を認識しません: {detail} --audience を確認してください。',
  },
  'auth0.token.clientRejected': {
    en: 'Auth0 rejected the client of {what} ({code}: {detail}). Check --client-id and the client secret, and that the application may use this API.',
    ja: 'Auth0 が {what} のクライアントを拒否しました ({code}: {detail})。--client-id とクライアントシークレット、その API の利用許可を確認してください。',
  },
  'auth0.token.rejected': {
    en: 'Auth0 rejected the token request of {what}: {code} {detail}',
    ja: 'Auth0 が {what} のトークン要求を拒否しました: {code} {detail}',
  },
  'auth0.mgmt.unauthorized': {
    en: 'The Management API refused the token even after a new one was fetched ({detail}). Check the admin profile’s client.',
    ja: 'Management API が新しいトークンでも拒否しました ({detail})。管理プロファイルのクライアントを確認してください。',
  },
  'auth0.mgmt.scope': {
    en: 'The Management API application lacks a scope: {detail}. Grant it read:users, create:users, update:users and delete:users.',
    ja: 'Management API アプリケーションにスコープが足りません: {detail}。read:users、create:users、update:users、delete:users を付与してください。',
  },
  'auth0.mgmt.forbidden': {
    en: 'The Management API refused: {code} {detail}',
    ja: 'Management API が拒否しました: {code} {detail}',
  },
  'auth0.mgmt.badRequest': {
    en: 'The Management API refused the request for key {id}: {detail}',
    ja: 'Management API がキー {id} のリクエストを拒否しました: {detail}',
  },
  'auth0.mgmt.rejected': {
    en: 'The Management API answered {status} {code}: {detail}',
    ja: 'Management API が {status} {code} を返しました: {detail}',
  },
  'auth0.create.orphan': {
    en: 'Creating key {id} failed half-way ({reason}) and it could not be removed: it has no permissions and was never shown. Remove it with `tobira apikey revoke {admin} {id}`.',
    ja: 'キー {id} の作成が途中で失敗し ({reason})、削除もできませんでした。権限はなく、キーは一度も表示されていません。`tobira apikey revoke {admin} {id}` で削除してください。',
  },
  'auth0.create.done': {
    en: 'Created API key {id} ({name}) with permissions: {permissions}. This is the only time it is shown: store it now.',
    ja: 'API キー {id} ({name}) を作成しました。権限: {permissions}。キーが表示されるのはこの一度だけです。今すぐ保管してください。',
  },
  'auth0.rotate.done': {
    en: 'Rotated {oldId} → {id} ({name}), permissions: {permissions}. The old key no longer works; the new one is shown only now.',
    ja: '{oldId} → {id} ({name}) にローテーションしました。権限: {permissions}。古いキーは使えません。新しいキーが表示されるのは今回だけです。',
  },
  'auth0.rotate.unchanged': {
    en: 'Rotation of key {id} failed and nothing was changed; the old key still works. {reason}',
    ja: 'キー {id} のローテーションに失敗しました。何も変更しておらず、古いキーは引き続き使えます。{reason}',
  },
  'auth0.rotate.oldBlocked': {
    en: 'The old key {id} is blocked (it no longer works) but could not be deleted ({reason}). Delete it later with `tobira apikey revoke {admin} {id}`.',
    ja: '古いキー {id} はブロック済み (使用不可) ですが、削除できませんでした ({reason})。後で `tobira apikey revoke {admin} {id}` で削除してください。',
  },
  'auth0.rotate.oldActive': {
    en: 'The new key {newId} was created and printed, but the OLD KEY {id} IS STILL ACTIVE: it could be neither deleted nor blocked ({reason}). Run `tobira apikey revoke {admin} {id}` now.',
    ja: '新しいキー {newId} を作成・表示しましたが、古いキー {id} はまだ有効です。削除もブロックもできませんでした ({reason})。今すぐ `tobira apikey revoke {admin} {id}` を実行してください。',
  },
  'auth0.rotate.profileHolds': {
    en: 'Profile {profile} still holds the old key {id}; update it with `tobira apikey rotate ... --save-as {profile}` next time, or re-add it with the new key.',
    ja: 'プロファイル {profile} は古いキー {id} を保持したままです。新しいキーで追加し直すか、次回は `--save-as {profile}` を付けてください。',
  },
  'auth0.revoke.done': {
    en: 'Revoked key {id}. Tokens already issued for it stay valid until they expire.',
    ja: 'キー {id} を失効させました。発行済みのトークンは有効期限まで有効です。',
  },
  'auth0.permissions.done': {
    en: 'Key {id} permissions: {permissions} (added: {added}; removed: {removed}). New tokens carry them; issued ones keep the old set until they expire.',
    ja: 'キー {id} の権限: {permissions} (追加: {added}、削除: {removed})。新しいトークンから反映され、発行済みのトークンは期限まで従来の権限のままです。',
  },
  'auth0.list.empty': {
    en: 'No API keys in connection {connection}.',
    ja: '接続 {connection} に API キーはありません。',
  },
  'auth0.saveAs.exists': {
    en: 'Profile {name} already exists and does not hold this key; choose another --save-as name.',
    ja: 'プロファイル {name} は既に存在し、このキーのものではありません。別の --save-as 名を指定してください。',
  },
  'auth0.saveAs.clientId': {
    en: '--save-as needs --client-id: the client ID of the application that exchanges keys for tokens (password-realm).',
    ja: '--save-as には --client-id (キーをトークンに交換するアプリケーションのクライアント ID) が必要です。',
  },
  'auth0.saveAs.done': {
    en: 'Saved the key as profile {name}; `tobira login {name}` exchanges it for a token.',
    ja: 'キーをプロファイル {name} に保存しました。`tobira login {name}` でトークンに交換できます。',
  },
  'cli.apikey.description': {
    en: 'persistent Auth0 API keys: create, list, rotate, revoke, permissions',
    ja: 'Auth0 の永続 API キー: 作成・一覧・ローテーション・失効・権限',
  },
  'cli.apikey.create.description': {
    en: 'create a key; prints it once on stdout',
    ja: 'キーを作成し、標準出力に一度だけ表示します',
  },
  'cli.apikey.list.description': { en: 'list the keys', ja: 'キーを一覧表示します' },
  'cli.apikey.rotate.description': {
    en: 'replace a key by a new one with the same permissions; the old one stops working',
    ja: '同じ権限の新しいキーに置き換えます。古いキーは使えなくなります',
  },
  'cli.apikey.revoke.description': { en: 'delete a key', ja: 'キーを削除します' },
  'cli.apikey.permissions.description': {
    en: 'show or change the permissions of a key',
    ja: 'キーの権限を表示・変更します',
  },
  'cli.apikey.arg.admin': { en: 'auth0-admin profile', ja: 'auth0-admin プロファイル' },
  'cli.apikey.arg.keyId': { en: 'key id (see apikey list)', ja: 'キー ID (apikey list 参照)' },
  'cli.apikey.opt.name': { en: 'a name for the key', ja: 'キーの名前' },
  'cli.apikey.opt.permissions': {
    en: 'permissions of the key, comma-separated',
    ja: 'キーの権限 (カンマ区切り)',
  },
  'cli.apikey.opt.saveAs': {
    en: 'also store the key as an auth0-apikey profile of this name',
    ja: 'キーをこの名前の auth0-apikey プロファイルとしても保存します',
  },
  'cli.apikey.opt.clientId': {
    en: 'with --save-as: client ID of the application that exchanges keys for tokens',
    ja: '--save-as と併用: キーをトークンに交換するアプリケーションのクライアント ID',
  },
  'cli.apikey.opt.add': { en: 'permissions to add, comma-separated', ja: '追加する権限 (カンマ区切り)' },
  'cli.apikey.opt.remove': {
    en: 'permissions to remove, comma-separated',
    ja: '削除する権限 (カンマ区切り)',
  },
  'cli.apikey.opt.set': {
    en: 'the exact permissions the key should have (comma-separated; empty to remove all)',
    ja: 'キーが持つべき権限そのもの (カンマ区切り、空ならすべて削除)',
  },
});
