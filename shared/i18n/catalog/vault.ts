import { defineCatalog } from '../types';

export const vaultMessages = defineCatalog({
  'vault.lock.timeout': {
    en: 'Another Tobira process has held the lock on {path} for too long. Try again; if no Tobira is running, delete {path}.lock.',
    ja: '別の Tobira プロセスが {path} のロックを長時間保持しています。再実行してください。Tobira が動いていなければ {path}.lock を削除してください。',
  },
  'vault.profiles.unreadable': {
    en: 'Cannot read {path}: {detail}',
    ja: '{path} を読み込めません: {detail}',
  },
  'vault.profiles.corrupt': {
    en: '{path} is not a valid Tobira profiles file ({detail}). It was left untouched; fix it or restore a backup.',
    ja: '{path} は Tobira のプロファイルファイルとして不正です ({detail})。ファイルは変更していません。修正するかバックアップから戻してください。',
  },
  'vault.profiles.newer': {
    en: '{path} was written by a newer Tobira (schema version {version}). Update Tobira to use it.',
    ja: '{path} は新しい Tobira で書かれています (スキーマ バージョン {version})。Tobira を更新してください。',
  },
  'vault.keychain.locked': {
    en: 'The OS keychain is locked. Unlock it (log in to the desktop session, or run gnome-keyring-daemon --unlock) and try again.',
    ja: 'OS のキーチェーンがロックされています。ロックを解除して (デスクトップにログインする、または gnome-keyring-daemon --unlock を実行する) から再実行してください。',
  },
  'vault.keychain.unavailable': {
    en: 'The OS keychain cannot be reached ({detail}). Start a Secret Service (e.g. gnome-keyring) or use TOBIRA_SECRET_STORE=file.',
    ja: 'OS のキーチェーンに接続できません ({detail})。Secret Service (gnome-keyring など) を起動するか、TOBIRA_SECRET_STORE=file を使ってください。',
  },
  'vault.file.wrongPassphrase': {
    en: 'Wrong passphrase for {path}. Nothing was changed.',
    ja: '{path} のパスフレーズが違います。何も変更していません。',
  },
  'vault.file.passphraseEmpty': {
    en: 'The secrets file needs a passphrase: set TOBIRA_PASSPHRASE or run in a terminal to be asked for it.',
    ja: 'シークレット ファイルにはパスフレーズが必要です。TOBIRA_PASSPHRASE を設定するか、端末で実行して入力してください。',
  },
  'vault.file.passphraseNeeded': {
    en: 'The secrets file needs a passphrase and there is no terminal to ask on: set TOBIRA_PASSPHRASE, or run the Tobira app (or agent) to be asked there.',
    ja: 'シークレット ファイルにはパスフレーズが必要ですが、入力を求める端末がありません。TOBIRA_PASSPHRASE を設定するか、Tobira アプリ (またはエージェント) を起動してそちらで入力してください。',
  },
  'vault.file.passphraseMismatch': {
    en: 'The two passphrases differ. Nothing was written.',
    ja: '2 回入力したパスフレーズが一致しません。何も書き込んでいません。',
  },
  'vault.file.passphrasePrompt': {
    en: 'Passphrase for the Tobira secrets file',
    ja: 'Tobira シークレット ファイルのパスフレーズ',
  },
  'vault.file.passphraseRepeat': {
    en: 'Repeat the new passphrase',
    ja: '新しいパスフレーズをもう一度入力',
  },
  'vault.file.corrupt': {
    en: '{path} is not a valid Tobira secrets file. It was left untouched; restore it from a backup.',
    ja: '{path} は Tobira のシークレット ファイルとして不正です。ファイルは変更していません。バックアップから戻してください。',
  },
  'vault.file.tampered': {
    en: 'A record in the secrets file fails its integrity check; it was not used.',
    ja: 'シークレット ファイルのレコードが整合性検査に失敗しました。使用していません。',
  },
  'vault.store.badMode': {
    en: 'TOBIRA_SECRET_STORE must be auto, keychain or file (got "{value}").',
    ja: 'TOBIRA_SECRET_STORE は auto, keychain, file のいずれかです ("{value}" が指定されました)。',
  },
  'vault.store.chosen.keychain': {
    en: 'Tobira keeps secrets in the OS keychain.',
    ja: 'Tobira はシークレットを OS のキーチェーンに保存します。',
  },
  'vault.store.chosen.file': {
    en: 'No OS keychain is reachable: Tobira keeps secrets in an encrypted file (secrets.enc) protected by a passphrase.',
    ja: 'OS のキーチェーンに接続できないため、Tobira はシークレットをパスフレーズで保護された暗号化ファイル (secrets.enc) に保存します。',
  },
  'vault.secret.missing': {
    en: 'The {role} secret of profile {name} is missing from the secret store. Add it again (tobira profile remove / add, or tobira mfa set).',
    ja: 'プロファイル {name} の {role} シークレットがシークレット ストアにありません。再登録してください (tobira profile remove / add、または tobira mfa set)。',
  },
  'profile.notFound': {
    en: 'No profile named {name}. See tobira profile list.',
    ja: 'プロファイル {name} はありません。tobira profile list で確認してください。',
  },
  'profile.exists': {
    en: 'A profile named {name} already exists.',
    ja: 'プロファイル {name} はすでに存在します。',
  },
  'profile.badName': {
    en: 'Invalid profile name "{name}": use letters, digits, ".", "_" or "-" (1–64 characters, starting with a letter or digit).',
    ja: 'プロファイル名 "{name}" は不正です。英数字と "." "_" "-" を使い、英数字で始まる 1〜64 文字にしてください。',
  },
  'profile.unknownType': {
    en: 'Unknown profile type "{type}". Known types: {known}.',
    ja: 'プロファイル種別 "{type}" は不明です。使える種別: {known}',
  },
  'profile.badOption': {
    en: 'Option {option} does not apply to --type {type}.',
    ja: 'オプション {option} は --type {type} には使えません。',
  },
  'profile.invalidField': {
    en: 'Invalid {field}: {detail}',
    ja: '{field} が不正です: {detail}',
  },
});
