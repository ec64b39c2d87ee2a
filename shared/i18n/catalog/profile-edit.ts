import { defineCatalog } from '../types';

/** Editing profiles, the links between them (sources), and the add/edit forms' own words (T20). */
export const profileEditMessages = defineCatalog({
  'form.required': { en: 'Required.', ja: '入力してください。' },
  'form.invalid': { en: 'This value is not valid here.', ja: 'この値は使えません。' },
  'form.invalid.detail': { en: 'Not valid: {detail}.', ja: '正しくありません: {detail}' },
  'form.invalid.accessKeyId': {
    en: 'An access key ID looks like AKIA… (16–128 capital letters and digits).',
    ja: 'アクセスキー ID は AKIA… の形式です (英大文字と数字 16〜128 文字)。',
  },
  'form.invalid.mfaSerial': {
    en: 'Enter the MFA device ARN (arn:aws:iam::123456789012:mfa/name) or a hardware token serial (e.g. GAHT12345678).',
    ja: 'MFA デバイスの ARN (arn:aws:iam::123456789012:mfa/name) またはハードウェアトークンのシリアル (例: GAHT12345678) を入力してください。',
  },
  'form.invalid.roleArn': {
    en: 'A role ARN looks like arn:aws:iam::123456789012:role/Name.',
    ja: 'ロール ARN は arn:aws:iam::123456789012:role/Name の形式です。',
  },
  'form.invalid.externalId': {
    en: '2–1224 characters of letters, digits and + = , . @ : / -.',
    ja: '英数字と + = , . @ : / - で 2〜1224 文字です。',
  },
  'form.invalid.duration': {
    en: 'Seconds, from 1800 (30 minutes) to 43200 (12 hours).',
    ja: '秒数で 1800 (30 分) から 43200 (12 時間) までです。',
  },
  'form.invalid.sessionName': {
    en: '2–64 characters of letters, digits and + = , . @ _ -.',
    ja: '英数字と + = , . @ _ - で 2〜64 文字です。',
  },
  'form.invalid.email': { en: 'Enter an email address.', ja: 'メールアドレスを入力してください。' },
  'form.invalid.operatorId': {
    en: 'An operator ID looks like OP0012345678.',
    ja: 'オペレーター ID は OP0012345678 のような形式です。',
  },
  'form.invalid.user': { en: 'Up to 100 characters.', ja: '100 文字までです。' },
  'form.invalid.authKeyId': {
    en: 'An AuthKey ID looks like keyId-….',
    ja: '認証キー ID は keyId-… の形式です。',
  },
  'form.invalid.ttl': { en: 'Seconds, from 180 to 3600.', ja: '秒数で 180 から 3600 までです。' },
  'form.invalid.domain': {
    en: 'A host such as tenant.jp.auth0.com.',
    ja: 'tenant.jp.auth0.com のようなホスト名です。',
  },
  'form.invalid.secret.aws': {
    en: 'A secret access key is 40 characters of letters, digits, / and + (not the key ID).',
    ja: 'シークレットアクセスキーは英数字と / + の 40 文字です (キー ID ではありません)。',
  },
  'form.invalid.secret.authKey': {
    en: 'An AuthKey secret starts with secret-.',
    ja: '認証キーのシークレットは secret- で始まります。',
  },
  'form.link.missing': {
    en: 'There is no profile named {source}.',
    ja: 'プロファイル {source} はありません。',
  },
  'form.link.incompatible': {
    en: '{source} ({sourceType}) cannot be the source. Choose a profile of type {expected}.',
    ja: '{source} ({sourceType}) はソースにできません。{expected} のプロファイルを選んでください。',
  },
  'form.link.self': { en: 'A profile cannot be its own source.', ja: '自分自身はソースにできません。' },
  'form.link.cycle': {
    en: '{source} already depends on this profile.',
    ja: '{source} はすでにこのプロファイルに依存しています。',
  },
  'form.link.none': {
    en: 'No profile can serve as the source yet.',
    ja: 'ソースにできるプロファイルがまだありません。',
  },
  'form.link.choose': { en: 'Choose a profile…', ja: 'プロファイルを選択…' },
  'form.reader.first': { en: 'First reader with a SIM', ja: 'SIM が入っている最初のリーダー' },
  'form.reader.absent': { en: '{name} (not connected)', ja: '{name} (未接続)' },
  'form.secretNeeded': {
    en: 'A new sign-in kind needs its secret.',
    ja: 'サインイン方法を変えるにはシークレットを入力してください。',
  },
  'form.name.bad': {
    en: 'Letters, digits, ".", "_" or "-", 1–64 characters, starting with a letter or digit.',
    ja: '英数字と "." "_" "-" の 1〜64 文字で、先頭は英数字です。',
  },
  'form.name.exists': {
    en: 'A profile named {name} already exists.',
    ja: 'プロファイル {name} はすでにあります。',
  },
  'form.errors': {
    en: 'Check the fields marked above ({count}).',
    ja: '上の印の付いた項目を確認してください ({count} 件)。',
  },
  'form.kind': { en: 'Sign in as', ja: 'サインイン方法' },
  'form.kind.soracom.0': { en: 'Root user', ja: 'ルートユーザー' },
  'form.kind.soracom.1': { en: 'SAM user', ja: 'SAM ユーザー' },
  'form.kind.soracom.2': { en: 'AuthKey', ja: '認証キー' },
  'form.discard.question': {
    en: 'Discard what you typed?',
    ja: '入力した内容を破棄しますか？',
  },
  'form.discard.keep': { en: 'Keep editing', ja: '編集を続ける' },
  'form.discard.confirm': { en: 'Discard', ja: '破棄' },
  'form.edit': { en: 'Edit', ja: '編集' },
  'form.edit.title': { en: 'Edit {name}', ja: '{name} を編集' },
  'form.edit.submit': { en: 'Save changes', ja: '変更を保存' },
  'form.edit.done': { en: 'Saved {name}.', ja: '{name} を保存しました。' },
  'form.edit.secretHint': {
    en: 'Leave empty to keep the stored secret; type a new one to replace it.',
    ja: '空欄のままなら保存済みのシークレットを使い続けます。新しい値を入力すると置き換えます。',
  },
  'form.remove.dependents': {
    en: '{dependents} uses {name} as its source. Remove both, or cancel and change its source first.',
    ja: '{dependents} が {name} をソースにしています。両方を削除するか、キャンセルして先にソースを変更してください。',
  },
  'form.remove.both': { en: 'Remove both', ja: '両方を削除' },
  'profile.link.missing': {
    en: '{name}: there is no profile named {source} to use as its source. Add it first, or pick one from tobira profile list.',
    ja: '{name}: ソースにするプロファイル {source} はありません。先に追加するか、tobira profile list から選んでください。',
  },
  'profile.link.incompatible': {
    en: '{name}: {source} is a {sourceType} profile and cannot be its source. A source must be one of: {expected}.',
    ja: '{name}: {source} は {sourceType} のプロファイルなのでソースにできません。ソースにできる種類: {expected}。',
  },
  'profile.link.self': {
    en: '{name} cannot be its own source.',
    ja: '{name} を自分自身のソースにはできません。',
  },
  'profile.link.cycle': {
    en: '{name}: {source} already depends on {name}; the sources would go round in a circle.',
    ja: '{name}: {source} はすでに {name} に依存しています。ソースが循環してしまいます。',
  },
  'profile.remove.dependents': {
    en: '{dependents} uses {name} as its source: remove both (tobira profile remove {name} --with-dependents), or change its source first (tobira profile edit).',
    ja: '{dependents} が {name} をソースにしています。両方を削除する (tobira profile remove {name} --with-dependents) か、先にソースを変更してください (tobira profile edit)。',
  },
  'profile.remove.confirmBoth': {
    en: '{dependents} uses {name} as its source. Remove {name} and {dependents}? [y/N]',
    ja: '{dependents} が {name} をソースにしています。{name} と {dependents} を削除しますか？ [y/N]',
  },
  'profile.edit.secretNeeded': {
    en: 'Changing how {name} signs in needs its new secret: give it on stdin (or --secret for a prompt).',
    ja: '{name} のサインイン方法を変えるには新しいシークレットが必要です。標準入力で渡してください (--secret でプロンプト)。',
  },
  'profile.edit.noSecret': {
    en: 'A {type} profile has no secret to replace.',
    ja: '{type} のプロファイルには置き換えるシークレットがありません。',
  },
  'profile.edit.unchanged': {
    en: 'Nothing to change in {name}: give the flags to change (tobira profile edit --help).',
    ja: '{name} に変更はありません。変更するフラグを指定してください (tobira profile edit --help)。',
  },
  'cli.profile.edit.description': {
    en: "Change a profile's settings; flags not given keep their values. A secret is replaced only from stdin or, with --secret, a hidden prompt.",
    ja: 'プロファイルの設定を変更します。指定しなかったフラグは元の値のままです。シークレットは標準入力、または --secret による非表示プロンプトからのみ置き換えます。',
  },
  'cli.profile.edit.secret': {
    en: 'replace the secret: ask for it in a hidden prompt (or read it from stdin); never takes the secret itself',
    ja: 'シークレットを置き換える: 非表示プロンプトで尋ねます (または標準入力から読みます)。シークレット自体は受け取りません',
  },
  'cli.profile.edit.examples': {
    en: `Examples:
  tobira profile edit work --mfa-serial arn:aws:iam::123456789012:mfa/me    (other fields and the secret kept)
  printf '%s\\n' "$NEW_KEY" | tobira profile edit work                    (replace the secret from stdin)
  tobira profile edit work --secret                                        (replace it at a hidden prompt)
  tobira profile edit root --no-sandbox                                    (turn a switch off)`,
    ja: `例:
  tobira profile edit work --mfa-serial arn:aws:iam::123456789012:mfa/me    (他の項目とシークレットはそのまま)
  printf '%s\\n' "$NEW_KEY" | tobira profile edit work                    (標準入力からシークレットを置き換え)
  tobira profile edit work --secret                                        (非表示プロンプトで置き換え)
  tobira profile edit root --no-sandbox                                    (スイッチをオフにする)`,
  },
  'cli.profile.edit.off': {
    en: 'turn {flag} off',
    ja: '{flag} をオフにする',
  },
  'cli.profile.edited': {
    en: 'Updated {name}.',
    ja: '{name} を更新しました。',
  },
  'cli.profile.edited.secret': {
    en: 'Updated {name}; its secret was replaced.',
    ja: '{name} を更新し、シークレットを置き換えました。',
  },
  'cli.profile.edited.links': {
    en: 'Also pointed {dependents} at {name}.',
    ja: '{dependents} の参照先も {name} に変更しました。',
  },
  'cli.profile.remove.withDependents': {
    en: 'also remove the profiles that use this one as their source',
    ja: 'このプロファイルをソースにしているプロファイルも削除する',
  },
});
