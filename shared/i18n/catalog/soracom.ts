import { defineCatalog } from '../types';

export const soracomMessages = defineCatalog({
  'soracom.opt.email': {
    en: 'SORACOM root user email (root login)',
    ja: 'SORACOM ルートユーザーのメールアドレス (ルートでログイン)',
  },
  'soracom.opt.operatorId': {
    en: 'operator ID, e.g. OP0012345678',
    ja: 'オペレーター ID (例: OP0012345678)',
  },
  'soracom.opt.user': { en: 'SAM user name', ja: 'SAM ユーザー名' },
  'soracom.opt.authKeyId': {
    en: 'AuthKey ID (keyId-…); the AuthKey secret is read from stdin',
    ja: '認証キー ID (keyId-…)。認証キーシークレットは標準入力から読み取ります',
  },
  'soracom.opt.coverage': {
    en: 'coverage: jp (Japan) or g (Global); default jp for soracom, g for aws-krypton',
    ja: 'カバレッジ: jp (日本) または g (グローバル)。既定は soracom が jp、aws-krypton が g',
  },
  'soracom.opt.sandbox': { en: 'use the API Sandbox', ja: 'API サンドボックスを使う' },
  'soracom.opt.ttl': {
    en: 'switched session lifetime in seconds (180–3600)',
    ja: 'スイッチ後のセッションの有効秒数 (180〜3600)',
  },
  'opt.endpoint': {
    en: 'API origin override, e.g. https://host:port (no path)',
    ja: 'API のオリジンを上書き (例: https://host:port、パスなし)',
  },
  'opt.source': { en: 'profile whose session is the source', ja: '元になるセッションのプロファイル' },
  'soracom.secret.label': {
    en: 'SORACOM password, or the AuthKey secret (secret-…)',
    ja: 'SORACOM のパスワード、または認証キーシークレット (secret-…)',
  },
  'soracom.mode.exactlyOne': {
    en: 'Give exactly one of --email (root user), --operator-id with --user (SAM user), or --auth-key-id (AuthKey).',
    ja: '--email (ルートユーザー)、--operator-id と --user (SAM ユーザー)、--auth-key-id (認証キー) のいずれか 1 つを指定してください。',
  },
  'soracom.mode.samNeedsBoth': {
    en: 'A SAM user needs both --operator-id and --user.',
    ja: 'SAM ユーザーには --operator-id と --user の両方が必要です。',
  },
  'soracom.authKey.shape': {
    en: 'An AuthKey secret starts with "secret-". Pipe the AuthKey secret (not the ID) on stdin.',
    ja: '認証キーシークレットは "secret-" で始まります。標準入力には (ID ではなく) 認証キーシークレットを渡してください。',
  },
  'soracom.rejected': {
    en: 'SORACOM rejected the login: wrong email/user, password or AuthKey ({code}: {message}).',
    ja: 'SORACOM がログインを拒否しました。メールアドレス/ユーザー名、パスワード、または認証キーが違います ({code}: {message})。',
  },
  'soracom.rejected.withCode': {
    en: 'SORACOM rejected the login: wrong password or MFA code ({code}: {message}). Check the password, the clock, and the MFA secret (tobira mfa set).',
    ja: 'SORACOM がログインを拒否しました。パスワードか MFA コードが違います ({code}: {message})。パスワード、時計、MFA シークレット (tobira mfa set) を確認してください。',
  },
  'soracom.switch.denied': {
    en: 'SORACOM refused to switch from {source} to {target} ({code}: {message}). The target user’s trust policy must allow the source, and the source needs Auth:switchUser.',
    ja: 'SORACOM が {source} から {target} へのスイッチを拒否しました ({code}: {message})。スイッチ先ユーザーの信頼ポリシーでスイッチ元を許可し、スイッチ元に Auth:switchUser 権限が必要です。',
  },
  'soracom.switch.sourceRejected': {
    en: 'The session of {source} is no longer accepted ({code}: {message}). Run tobira logout {source} and try again.',
    ja: '{source} のセッションが受け付けられません ({code}: {message})。tobira logout {source} を実行して再実行してください。',
  },
  'soracom.switch.sourceType': {
    en: 'The source profile {source} must be a soracom profile (root, SAM user or AuthKey).',
    ja: 'スイッチ元プロファイル {source} は soracom プロファイル (ルート、SAM ユーザー、認証キー) である必要があります。',
  },
  'soracom.apiRejected': {
    en: 'SORACOM refused the request ({code}: {message}).',
    ja: 'SORACOM がリクエストを拒否しました ({code}: {message})。',
  },
  'soracom.profileCommand.switch': {
    en: 'soracom-cli cannot use a switch-user profile through profileCommand ({name}): it never runs a command for the source. Use: tobira exec {name} -- sh -c \'soracom --api-key "$SORACOM_API_KEY" --api-token "$SORACOM_TOKEN" …\'',
    ja: 'soracom-cli は profileCommand 経由でスイッチユーザー プロファイル ({name}) を使えません (スイッチ元のコマンドを実行しないため)。代わりに: tobira exec {name} -- sh -c \'soracom --api-key "$SORACOM_API_KEY" --api-token "$SORACOM_TOKEN" …\'',
  },
  'link.tooManyLinks': {
    en: '{path} is a chain of too many symbolic links (or a loop); tobira link left it untouched.',
    ja: '{path} はシンボリックリンクが多すぎる (またはループしている) ため、tobira link は変更していません。',
  },
  'link.foreignFile': {
    en: '{path} exists and was not written by tobira link; it was left untouched. Rename or remove it first.',
    ja: '{path} は tobira link が書いたファイルではないため変更していません。先に名前を変えるか削除してください。',
  },
  'import.unknownSource': {
    en: 'Unknown import source "{source}". Known: {known}.',
    ja: 'インポート元 "{source}" は不明です。使えるもの: {known}',
  },
  'import.sourceMissing': { en: 'nothing to import here', ja: 'インポートするものがありません' },
  'import.badName': {
    en: 'the name is not a valid profile name',
    ja: 'プロファイル名として使えない名前です',
  },
  'import.unreadable': {
    en: 'not a readable profile file',
    ja: '読み取れるプロファイル ファイルではありません',
  },
  'import.incomplete': {
    en: 'incomplete credentials (nothing Tobira can log in with)',
    ja: '認証情報が不完全です (ログインに使えるものがありません)',
  },
  'import.exists': {
    en: 'a profile with this name exists already',
    ja: '同じ名前のプロファイルがすでにあります',
  },
  'import.soracom.profileCommand': {
    en: 'uses profileCommand: its credentials live elsewhere (for tobira’s own links, nothing to import)',
    ja: 'profileCommand を使用しています (認証情報は別の場所にあり、tobira のリンクならインポート不要です)',
  },
});
