import { defineCatalog } from '../types';

// YubiKey OATH messages (electron/core/yubikey). Params are reader names, credential ids, versions and status words;
// never the OATH password, the derived access key or a TOTP secret.
export const yubikeyMessages = defineCatalog({
  'yubikey.cli.description': {
    en: 'TOTP codes from the OATH application of a YubiKey (YKOATH over PC/SC)',
    ja: 'YubiKey の OATH アプリケーションの TOTP コード (PC/SC 経由の YKOATH)',
  },
  'yubikey.cli.status.description': {
    en: 'keys present, OATH version, password set or not',
    ja: '接続中のキー、OATH バージョン、パスワードの有無',
  },
  'yubikey.cli.list.description': {
    en: 'OATH credentials on the key (names, type, touch)',
    ja: 'キー上の OATH クレデンシャル (名前、種類、タッチ要否)',
  },
  'yubikey.cli.add.description': {
    en: 'store a TOTP credential ON THE KEY (stdin: otpauth:// URI or base32 secret)',
    ja: 'TOTP クレデンシャルをキー上に保存 (標準入力: otpauth:// URI または base32 シークレット)',
  },
  'yubikey.cli.reader': {
    en: 'PC/SC reader name of the key (see `tobira yubikey status`)',
    ja: 'キーの PC/SC リーダー名 (`tobira yubikey status` で確認)',
  },
  'yubikey.cli.arg.name': {
    en: 'credential name on the key, e.g. "AWS:alice" (issuer:account)',
    ja: 'キー上のクレデンシャル名。例: "AWS:alice" (発行者:アカウント)',
  },
  'yubikey.cli.touch': {
    en: 'require a touch of the key for every code',
    ja: 'コードごとにキーへのタッチを必須にする',
  },
  'yubikey.cli.remember': {
    en: 'remember the key derived from the OATH password in the secret store (never the password itself)',
    ja: 'OATH パスワードから導出した鍵をシークレットストアに保存 (パスワード自体は保存しない)',
  },
  'yubikey.cli.examples': {
    en: 'Examples:\n  tobira yubikey status\n  tobira yubikey list --reader "Yubico YubiKey OTP+FIDO+CCID 00 00"\n  tobira yubikey add AWS:alice --touch     (paste the otpauth:// URI or base32 secret)\n  tobira mfa set prod --yubikey AWS:alice',
    ja: '例:\n  tobira yubikey status\n  tobira yubikey list --reader "Yubico YubiKey OTP+FIDO+CCID 00 00"\n  tobira yubikey add AWS:alice --touch     (otpauth:// URI か base32 シークレットを貼り付け)\n  tobira mfa set prod --yubikey AWS:alice',
  },
  'yubikey.cli.col.reader': { en: 'READER', ja: 'リーダー' },
  'yubikey.cli.col.version': { en: 'OATH', ja: 'OATH' },
  'yubikey.cli.col.password': { en: 'PASSWORD', ja: 'パスワード' },
  'yubikey.cli.col.credential': { en: 'CREDENTIAL', ja: 'クレデンシャル' },
  'yubikey.cli.col.type': { en: 'TYPE', ja: '種類' },
  'yubikey.cli.col.touch': { en: 'TOUCH', ja: 'タッチ' },
  'yubikey.cli.yes': { en: 'yes', ja: 'あり' },
  'yubikey.cli.no': { en: 'no', ja: 'なし' },
  'yubikey.cli.empty': {
    en: 'No credentials on the key in "{reader}".',
    ja: '"{reader}" のキーにクレデンシャルはありません。',
  },
  'yubikey.cli.added': {
    en: 'Stored "{credential}" on the YubiKey in "{reader}". The secret is on the key only; use it with: tobira mfa set PROFILE --yubikey "{credential}"',
    ja: '"{reader}" の YubiKey に "{credential}" を保存しました。シークレットはキーの中だけにあります。使うには: tobira mfa set PROFILE --yubikey "{credential}"',
  },
  'yubikey.mfa.set.done': {
    en: 'MFA codes of "{name}" now come from the YubiKey credential "{credential}".',
    ja: '"{name}" の MFA コードは YubiKey のクレデンシャル "{credential}" から取得します。',
  },
  'yubikey.mfa.remembered': {
    en: 'The key derived from the OATH password is remembered in the secret store (the password is not).',
    ja: 'OATH パスワードから導出した鍵をシークレットストアに保存しました (パスワードは保存していません)。',
  },
  'yubikey.password.label': {
    en: 'OATH password of the YubiKey in "{reader}"',
    ja: '"{reader}" の YubiKey の OATH パスワード',
  },
  'yubikey.touch.prompt': {
    en: 'Touch your YubiKey ("{reader}") for "{credential}" within {seconds} s…',
    ja: 'YubiKey ("{reader}") に {seconds} 秒以内にタッチしてください ("{credential}")…',
  },
  'yubikey.touch.dialog': {
    en: 'Touch your YubiKey ("{reader}") for {name}',
    ja: '{name} のために YubiKey ("{reader}") にタッチしてください',
  },
  'yubikey.touch.title': { en: 'Touch your YubiKey', ja: 'YubiKey にタッチ' },
  'yubikey.touch.note': {
    en: 'Credential "{credential}". Nothing to type: the key blinks until you touch it.',
    ja: 'クレデンシャル "{credential}"。入力は不要です。タッチするまでキーが点滅します。',
  },
  'yubikey.touch.countdown': {
    en: 'The key waits {seconds} s for the touch',
    ja: 'キーはあと {seconds} 秒タッチを待ちます',
  },
  'yubikey.none': {
    en: 'No YubiKey with the OATH application was found (readers: {readers}). Insert your YubiKey (enable its CCID interface), or name its reader with --reader; `tobira yubikey status` lists them.',
    ja: 'OATH アプリケーションを持つ YubiKey が見つかりません (リーダー: {readers})。YubiKey を挿す (CCID インターフェースを有効にする) か、--reader でリーダーを指定してください。`tobira yubikey status` で一覧を表示できます。',
  },
  'yubikey.reader.notFound': {
    en: 'There is no reader "{reader}" (readers: {readers}). Insert the YubiKey or choose one of the listed readers with --reader.',
    ja: 'リーダー "{reader}" はありません (リーダー: {readers})。YubiKey を挿すか、一覧のリーダーを --reader で指定してください。',
  },
  'yubikey.notOath': {
    en: 'The card in "{reader}" has no OATH application (is it a YubiKey with CCID enabled?). Choose the reader of your YubiKey with --reader.',
    ja: '"{reader}" のカードには OATH アプリケーションがありません (CCID が有効な YubiKey ですか?)。YubiKey のリーダーを --reader で指定してください。',
  },
  'yubikey.several': {
    en: 'Several YubiKeys are present ({readers}); choose one with --reader.',
    ja: '複数の YubiKey が接続されています ({readers})。--reader でどれか 1 つを指定してください。',
  },
  'yubikey.password.needed': {
    en: 'The YubiKey in "{reader}" is protected by an OATH password and none could be asked for here. Run on a terminal, give it as one line on stdin, or remember it once with: tobira mfa set PROFILE --yubikey CREDENTIAL --remember',
    ja: '"{reader}" の YubiKey は OATH パスワードで保護されていますが、ここでは入力を求められません。端末で実行するか、標準入力に 1 行で渡すか、一度 tobira mfa set PROFILE --yubikey CREDENTIAL --remember で保存してください。',
  },
  'yubikey.password.wrong': {
    en: 'The YubiKey in "{reader}" rejected the OATH password.',
    ja: '"{reader}" の YubiKey が OATH パスワードを拒否しました。',
  },
  'yubikey.password.rememberedWrong': {
    en: 'The YubiKey in "{reader}" rejected the remembered OATH key (the password was changed, or this is another key). Run tobira mfa set PROFILE --yubikey CREDENTIAL --remember again.',
    ja: '"{reader}" の YubiKey が保存済みの OATH 鍵を拒否しました (パスワードが変更されたか、別のキーです)。tobira mfa set PROFILE --yubikey CREDENTIAL --remember をもう一度実行してください。',
  },
  'yubikey.touch.timeout': {
    en: 'The YubiKey in "{reader}" was not touched in time for "{credential}". Run the command again and touch the key when asked.',
    ja: '"{reader}" の YubiKey が時間内にタッチされませんでした ("{credential}")。もう一度実行し、表示されたらキーにタッチしてください。',
  },
  'yubikey.credential.notFound': {
    en: 'No YubiKey present holds the credential "{credential}" (searched: {readers}). Insert the key that holds it; `tobira yubikey list` shows the credentials.',
    ja: '接続中の YubiKey にクレデンシャル "{credential}" はありません (検索: {readers})。それを持つキーを挿してください。`tobira yubikey list` でクレデンシャルを表示できます。',
  },
  'yubikey.credential.exists': {
    en: 'The YubiKey in "{reader}" already holds "{credential}". Choose another name (Tobira never overwrites a credential on the key).',
    ja: '"{reader}" の YubiKey にはすでに "{credential}" があります。別の名前を指定してください (Tobira はキー上のクレデンシャルを上書きしません)。',
  },
  'yubikey.noSpace': {
    en: 'The YubiKey in "{reader}" has no room for another credential.',
    ja: '"{reader}" の YubiKey にはこれ以上クレデンシャルを保存できません。',
  },
  'yubikey.name.tooLong': {
    en: 'A credential name on a YubiKey is at most 64 bytes (this one is {bytes}, with its period prefix).',
    ja: 'YubiKey のクレデンシャル名は最大 64 バイトです (これは期間の接頭辞込みで {bytes} バイト)。',
  },
  'yubikey.mutualAuth': {
    en: 'The YubiKey accepted the password but could not prove it knows it; this is not a genuine OATH application.',
    ja: 'YubiKey はパスワードを受け付けましたが、相互認証に失敗しました。正規の OATH アプリケーションではありません。',
  },
  'yubikey.unexpectedStatus': {
    en: 'The YubiKey in "{reader}" answered {command} with status {sw}.',
    ja: '"{reader}" の YubiKey が {command} にステータス {sw} を返しました。',
  },
  'yubikey.malformed': {
    en: 'The YubiKey sent an answer Tobira cannot read ({detail}).',
    ja: 'YubiKey から読み取れない応答がありました ({detail})。',
  },
  'cli.mfa.set.yubikey': {
    en: 'the codes come from this OATH credential on a YubiKey (see `tobira yubikey list`); the secret never leaves the key',
    ja: 'YubiKey 上のこの OATH クレデンシャルからコードを取得 (`tobira yubikey list` で確認)。シークレットはキーの外に出ません',
  },
  'cli.mfa.set.yubikeyOnly': {
    en: '--reader and --remember go with --yubikey.',
    ja: '--reader と --remember は --yubikey と一緒に指定します。',
  },
  'ui.mfa.yubikey': { en: 'MFA: YubiKey', ja: 'MFA: YubiKey のコード' },
  'yubikey.mfa.yubikeyWithCommand': {
    en: '--yubikey and --command cannot be combined.',
    ja: '--yubikey と --command は同時に指定できません。',
  },
});
