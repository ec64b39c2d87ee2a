import { defineCatalog } from '../types';

/** `tobira rotate` (AWS access-key rotation) and `tobira completion`. */
export const rotateMessages = defineCatalog({
  'cli.rotate.description': {
    en: 'new IAM access key for an aws-iam-user profile: created, proven to work, stored, then the old one deleted',
    ja: 'aws-iam-user プロファイルの IAM アクセスキーを更新: 新しいキーを作成し、動作を確認して保存してから古いキーを削除',
  },
  'cli.rotate.help': {
    en: `Examples:
  tobira rotate work
  tobira rotate work --json      prints the new key id and its creation time, never the secret

The IAM calls use the profile's MFA session when it has an MFA device. The new key is stored only after it answers
STS (IAM takes a few seconds to spread it; Tobira waits up to 60 s), and the old key is deleted only after that.
Whatever fails, the message says which keys exist now and what to do: exit 1 (two keys already, or storing failed),
3 (IAM refused), 4 (IAM unreachable, or the new key never worked and was deleted again).`,
    ja: `例:
  tobira rotate work
  tobira rotate work --json      新しいキーの ID と作成日時を表示 (シークレットは表示しません)

MFA デバイスのあるプロファイルでは IAM の呼び出しに MFA セッションを使います。新しいキーは STS で動作を確認してから
保存し (IAM への反映には数秒かかるため最大 60 秒待ちます)、古いキーはその後で削除します。失敗した場合は、今どのキーが
存在し何をすべきかを表示します: 終了コード 1 (既にキーが 2 つ、または保存に失敗)、3 (IAM が拒否)、4 (IAM に
接続できない、または新しいキーが動作せず削除し直した)。`,
  },
  'cli.rotate.done': {
    en: '{name}: the new access key {new} (created {created}) is stored and works; the old key {old} was deleted. Cached sessions dropped: {sessions}.',
    ja: '{name}: 新しいアクセスキー {new} (作成 {created}) を保存し、動作を確認しました。古いキー {old} は削除しました。破棄したキャッシュ済みセッション: {sessions}。',
  },
  'rotate.notIamUser': {
    en: '{name} is a {type} profile; `tobira rotate` renews the access key of aws-iam-user profiles only.',
    ja: '{name} は {type} プロファイルです。`tobira rotate` は aws-iam-user プロファイルのアクセスキーだけを更新します。',
  },
  'rotate.twoKeys': {
    en: '{name}: the IAM user already has two access keys ({keys}), the most IAM allows, so no new one can be made. Nothing was changed: {old} is still stored and works. Delete the key you do not use ({other}?) in the IAM console or with `aws iam delete-access-key --access-key-id {other}`, then run `tobira rotate {name}` again.',
    ja: '{name}: IAM ユーザーには既にアクセスキーが 2 つあり ({keys})、IAM の上限のため新しいキーを作れません。何も変更していません。{old} は保存されたままで使えます。使っていないキー ({other}?) を IAM コンソールか `aws iam delete-access-key --access-key-id {other}` で削除してから、もう一度 `tobira rotate {name}` を実行してください。',
  },
  'rotate.limit': {
    en: '{name}: IAM refused a new access key (LimitExceeded: {message}): the user has two keys already. Nothing was changed: {old} is still stored and works. Delete the key you do not use, then run `tobira rotate {name}` again.',
    ja: '{name}: IAM が新しいアクセスキーを拒否しました (LimitExceeded: {message})。ユーザーには既にキーが 2 つあります。何も変更していません。{old} は保存されたままで使えます。使っていないキーを削除してから、もう一度 `tobira rotate {name}` を実行してください。',
  },
  'rotate.list.rejected': {
    en: '{name}: IAM refused to list the access keys ({code}: {message}). Nothing was changed: {old} is still stored. The user needs iam:ListAccessKeys, iam:CreateAccessKey and iam:DeleteAccessKey on itself; if its policy requires MFA, give the profile its MFA device (--mfa-serial).',
    ja: '{name}: IAM がアクセスキーの一覧を拒否しました ({code}: {message})。何も変更していません。{old} は保存されたままです。ユーザー自身に対する iam:ListAccessKeys、iam:CreateAccessKey、iam:DeleteAccessKey の権限が必要です。ポリシーが MFA を求める場合はプロファイルに MFA デバイス (--mfa-serial) を設定してください。',
  },
  'rotate.create.rejected': {
    en: '{name}: IAM refused to create a new access key ({code}: {message}). Nothing was changed: {old} is still stored and works.',
    ja: '{name}: IAM が新しいアクセスキーの作成を拒否しました ({code}: {message})。何も変更していません。{old} は保存されたままで使えます。',
  },
  'rotate.create.unreachable': {
    en: '{name}: IAM did not answer the request for a new access key ({detail}). {old} is unchanged, still stored and works. A new key may have been created without Tobira getting its secret: check with `aws iam list-access-keys` and delete any key that is not {old}, then try again.',
    ja: '{name}: 新しいアクセスキーの作成要求に IAM が応答しませんでした ({detail})。{old} は変更されず、保存されたままで使えます。Tobira がシークレットを受け取れないまま新しいキーが作られた可能性があります。`aws iam list-access-keys` で確認し、{old} 以外のキーを削除してからやり直してください。',
  },
  'rotate.verifying': {
    en: '{name}: waiting for the new key {new} to work (IAM takes a few seconds to spread a new key)…',
    ja: '{name}: 新しいキー {new} が使えるようになるのを待っています (IAM が新しいキーを反映するまで数秒かかります)…',
  },
  'rotate.verify.rolledBack': {
    en: '{name}: the new key {new} did not work within {seconds} s ({detail}), so it was deleted again. Nothing changed: {old} is still stored and works. Try again in a few minutes.',
    ja: '{name}: 新しいキー {new} が {seconds} 秒以内に使えるようにならなかった ({detail}) ため、削除し直しました。変更はありません。{old} は保存されたままで使えます。数分後にやり直してください。',
  },
  'rotate.verify.orphan': {
    en: '{name}: the new key {new} did not work within {seconds} s ({detail}), and deleting it again failed ({deleteDetail}). {old} is still stored and works. {new} still exists and its secret was not kept: delete it in the IAM console or with `aws iam delete-access-key --access-key-id {new}`.',
    ja: '{name}: 新しいキー {new} が {seconds} 秒以内に使えるようにならず ({detail})、その削除にも失敗しました ({deleteDetail})。{old} は保存されたままで使えます。{new} は残っており、シークレットは保存していません。IAM コンソールか `aws iam delete-access-key --access-key-id {new}` で削除してください。',
  },
  'rotate.store.rolledBack': {
    en: '{name}: the new key {new} works but could not be stored ({detail}), so it was deleted again. Nothing changed: {old} is still stored and works.',
    ja: '{name}: 新しいキー {new} は使えますが保存できなかった ({detail}) ため、削除し直しました。変更はありません。{old} は保存されたままで使えます。',
  },
  'rotate.store.orphan': {
    en: '{name}: the new key {new} could not be stored ({detail}), and deleting it again failed ({deleteDetail}). {old} is still stored and works. {new} still exists and its secret was not kept: delete it in the IAM console or with `aws iam delete-access-key --access-key-id {new}`.',
    ja: '{name}: 新しいキー {new} を保存できず ({detail})、その削除にも失敗しました ({deleteDetail})。{old} は保存されたままで使えます。{new} は残っており、シークレットは保存していません。IAM コンソールか `aws iam delete-access-key --access-key-id {new}` で削除してください。',
  },
  'rotate.delete.failed': {
    en: '{name}: the new key {new} is stored and works, but the old key {old} could not be deleted ({detail}) and is STILL ACTIVE. Delete it in the IAM console or with `aws iam delete-access-key --access-key-id {old}`.',
    ja: '{name}: 新しいキー {new} は保存済みで使えますが、古いキー {old} を削除できませんでした ({detail})。このキーはまだ有効です。IAM コンソールか `aws iam delete-access-key --access-key-id {old}` で削除してください。',
  },
  'rotate.oldAlreadyGone': {
    en: '{name}: the old key {old} was already deleted in IAM.',
    ja: '{name}: 古いキー {old} は IAM で既に削除されていました。',
  },
  'ui.detail.accessKeyAge': { en: 'Access key age', ja: 'アクセスキーの経過日数' },
  'ui.accessKey.title': { en: 'Access key', ja: 'アクセスキー' },
  'ui.accessKey.id': { en: 'Key', ja: 'キー' },
  'ui.accessKey.age': {
    en: '{days} days old (created {date})',
    ja: '作成から {days} 日 ({date} 作成)',
  },
  'ui.accessKey.ageUnknown': {
    en: 'age unknown (IAM did not tell; Tobira tracks it from the first rotation)',
    ja: '経過日数は不明 (IAM から取得できませんでした。最初の更新から記録します)',
  },
  'ui.accessKey.ageNeedsMfa': {
    en: 'age unknown until you log in (this user has an MFA device: IAM is asked with the MFA session)',
    ja: 'ログインするまで経過日数は不明です (MFA デバイスのあるユーザー: IAM へは MFA セッションで問い合わせます)',
  },
  'aws.keyAge.needsMfaSession': {
    en: 'The age of the access key of {name} is unknown: it is asked of IAM with an MFA session, and none is cached. After `tobira login {name}`, profile show looks it up.',
    ja: '{name} のアクセスキーの経過日数は不明です。IAM へは MFA セッションで問い合わせますが、キャッシュされたセッションがありません。`tobira login {name}` の後に profile show で取得します。',
  },
  'ui.accessKey.due': {
    en: 'This key is {days} days old, more than the {limit} days set for rotation. Rotate it.',
    ja: 'このキーは作成から {days} 日経っており、設定した更新間隔 {limit} 日を超えています。更新してください。',
  },
  'ui.accessKey.rotate': { en: 'Rotate key', ja: 'キーを更新' },
  'ui.accessKey.rotateTitle': {
    en: 'Rotate the access key of {name}?',
    ja: '{name} のアクセスキーを更新しますか?',
  },
  'ui.accessKey.rotateBody': {
    en: 'Tobira creates a new access key, checks that it works, stores it, and then deletes {id}. Tools with a copy of {id} (e.g. ~/.aws/credentials) stop working; profiles linked to Tobira keep working. An MFA code may be asked.',
    ja: '新しいアクセスキーを作成し、動作を確認して保存してから {id} を削除します。{id} を直接持っているツール (~/.aws/credentials など) は使えなくなります。Tobira にリンクしたプロファイルはそのまま使えます。MFA コードを求められることがあります。',
  },
  'ui.accessKey.rotated': {
    en: 'New access key {id} stored; {old} deleted.',
    ja: '新しいアクセスキー {id} を保存し、{old} を削除しました。',
  },
  'ui.settings.keyRotationDays': {
    en: 'Rotate AWS access keys after (days)',
    ja: 'AWS アクセスキーの更新間隔 (日)',
  },
  'ui.settings.keyRotationDays.hint': {
    en: 'An IAM user profile whose key is older is offered for rotation (default 90).',
    ja: 'これより古いキーの IAM ユーザープロファイルに更新を促します (既定 90 日)。',
  },
});
