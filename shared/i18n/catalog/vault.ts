import { defineCatalog } from '../types';

export const vaultMessages = defineCatalog({
  'vault.lock.timeout': {
    en: 'Another Tobira process has held the lock on {path} for too long. Try again; if no Tobira is running, delete {path}.lock.',
    ja: '別の Tobira プロセスが {path} のロックを長時間保持しています。再実行してください。Tobira が動いていなければ {path}.lock を削除してください。',
  },
  'vault.lock.timeoutHeld': {
    en: 'Tobira process {pid} on {host} has held the lock on {path} since {since}, too long to wait. Try again; if that process is hung, stop it (kill {pid}).',
    ja: 'Tobira のプロセス {pid} ({host}) が {since} から {path} のロックを保持しており、待ちきれませんでした。再実行してください。そのプロセスが固まっている場合は停止してください (kill {pid})。',
  },
  'vault.lock.waiting': {
    en: 'Waiting for {file}: Tobira process {pid} on {host} holds its lock (since {since})…',
    ja: '{file} を待っています: Tobira のプロセス {pid} ({host}) がロックを保持しています ({since} から)…',
  },
  'vault.lock.waitingUnknown': {
    en: 'Waiting for {file}: another Tobira process holds its lock ({path}.lock)…',
    ja: '{file} を待っています: 別の Tobira プロセスがロックを保持しています ({path}.lock)…',
  },
  'vault.lock.compromised': {
    en: 'Tobira lost its lock on {path}: this process was paused for more than {seconds} s (Ctrl-Z, a suspended machine) and another Tobira process took the lock over. This command stopped so as not to overwrite that process’s changes. Check the result (tobira profile list) and run it again if needed.',
    ja: '{path} のロックを失いました: このプロセスが {seconds} 秒以上停止していた (Ctrl-Z、スリープなど) ため、別の Tobira プロセスがロックを引き継ぎました。そのプロセスの変更を上書きしないよう、このコマンドは中断しました。結果を確認し (tobira profile list)、必要なら再実行してください。',
  },
  'vault.lock.failed': {
    en: 'Cannot take the lock on {path} ({detail}). Check the permissions of its folder.',
    ja: '{path} のロックを取得できません ({detail})。フォルダのアクセス権を確認してください。',
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
  'vault.store.mismatch': {
    en: `TOBIRA_SECRET_STORE={requested}, but this vault ({home}) keeps its secrets in the {recorded} store (recorded in its profiles.json); using both would split them, so nothing was done.
To keep using the {recorded} store: unset TOBIRA_SECRET_STORE (or set it to {recorded}) and run the command again.
To move this vault to the {requested} store: run TOBIRA_SECRET_STORE={requested} tobira doctor --fix (it lists what it will move and asks first), then run the command again.`,
    ja: `TOBIRA_SECRET_STORE={requested} が指定されていますが、この保管庫 ({home}) はシークレットを {recorded} ストアに置いています (profiles.json に記録)。両方を使うとシークレットが分かれてしまうため、何も実行していません。
{recorded} ストアを使い続けるには: TOBIRA_SECRET_STORE を解除する (または {recorded} にする) してから再実行してください。
この保管庫を {requested} ストアに移すには: TOBIRA_SECRET_STORE={requested} tobira doctor --fix を実行し (移す内容を表示して確認を求めます)、それから再実行してください。`,
  },
  'vault.store.chosen.keychain': {
    en: 'Tobira keeps secrets in the OS keychain.',
    ja: 'Tobira はシークレットを OS のキーチェーンに保存します。',
  },
  'vault.store.chosen.file': {
    en: 'No OS keychain is reachable: Tobira keeps secrets in an encrypted file (secrets.enc) protected by a passphrase.',
    ja: 'OS のキーチェーンに接続できないため、Tobira はシークレットをパスフレーズで保護された暗号化ファイル (secrets.enc) に保存します。',
  },
  'vault.secret.tooLarge': {
    en: 'A secret may be at most {max}; this one is larger. Nothing was saved: check that the right input was given.',
    ja: 'シークレットは {max} までです。入力がそれより大きいため、何も保存していません。正しい入力を渡したか確認してください。',
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
  'cli.doctor.description': {
    en: 'check the vault: secret store choice, profiles without their secrets, secrets without a profile; --fix repairs',
    ja: '保管庫を点検: シークレット ストアの選択、シークレットのないプロファイル、プロファイルのないシークレット。--fix で修復',
  },
  'cli.doctor.fix': {
    en: 'after a confirmation: move misplaced secrets into the vault’s store, remove orphan secrets, and move the vault to the store TOBIRA_SECRET_STORE names',
    ja: '確認のうえ: 別のストアにあるシークレットを保管庫のストアに移し、不要なシークレットを削除し、TOBIRA_SECRET_STORE が指すストアへ保管庫を移す',
  },
  'cli.doctor.yes': {
    en: 'do not ask for confirmation (needed with --fix when there is no terminal)',
    ja: '確認しない (端末がない場所で --fix を使うときに必要)',
  },
  'cli.doctor.examples': {
    en: `Examples:
  tobira doctor                 report; exit 0 when healthy, 1 when problems are found
  tobira doctor --json          the same report as JSON ({"healthy", "problems": [...], ...})
  tobira doctor --fix           repair after a [y/N] confirmation on the terminal
  tobira doctor --fix --yes     repair without asking (scripts; without a terminal and without --yes: exit 5)
  TOBIRA_SECRET_STORE=file tobira doctor --fix     move this vault from the OS keychain to secrets.enc

The OS keychain is shared by every Tobira home of your OS user: a keychain secret that no profile of this home uses
may belong to another home (--home, TOBIRA_HOME). --fix removes such a secret only after you answered its
confirmation on the terminal; --fix --yes leaves it (and says so), so a script never deletes another home's secrets.`,
    ja: `例:
  tobira doctor                 点検結果を表示。問題がなければ終了コード 0、あれば 1
  tobira doctor --json          同じ結果を JSON で ({"healthy", "problems": [...], ...})
  tobira doctor --fix           端末で [y/N] を確認してから修復
  tobira doctor --fix --yes     確認せずに修復 (スクリプト用。端末がなく --yes もなければ終了コード 5)
  TOBIRA_SECRET_STORE=file tobira doctor --fix     この保管庫を OS キーチェーンから secrets.enc に移す

OS のキーチェーンは同じ OS ユーザーのすべての Tobira ホームで共有されます。このホームのどのプロファイルも使わない
キーチェーンのシークレットは、別のホーム (--home, TOBIRA_HOME) のものかもしれません。--fix は端末での確認に答えたときだけ
そのようなシークレットを削除します。--fix --yes では残します (その旨を表示します)。スクリプトが別のホームのシークレットを消すことはありません。`,
  },
  'doctor.summary.home': { en: 'Vault: {home}', ja: '保管庫: {home}' },
  'doctor.summary.store': {
    en: 'Secret store: {store} (recorded in profiles.json: {recorded}; TOBIRA_SECRET_STORE: {requested})',
    ja: 'シークレット ストア: {store} (profiles.json の記録: {recorded}、TOBIRA_SECRET_STORE: {requested})',
  },
  'doctor.summary.none': { en: 'none yet', ja: 'まだなし' },
  'doctor.keychain.reachable': { en: 'OS keychain: reachable', ja: 'OS キーチェーン: 接続可' },
  'doctor.keychain.locked': { en: 'OS keychain: locked', ja: 'OS キーチェーン: ロック中' },
  'doctor.keychain.unreachable': { en: 'OS keychain: not reachable', ja: 'OS キーチェーン: 接続不可' },
  'doctor.file.present': { en: 'secrets.enc: present', ja: 'secrets.enc: あり' },
  'doctor.file.absent': { en: 'secrets.enc: none', ja: 'secrets.enc: なし' },
  'doctor.healthy': { en: 'No problems found.', ja: '問題は見つかりませんでした。' },
  'doctor.problems': { en: 'Problems found: {count}', ja: '見つかった問題: {count} 件' },
  'doctor.problem.storeMismatch': {
    en: 'TOBIRA_SECRET_STORE={requested} differs from the store this vault records ({recorded}): commands refuse to run until it is unset or set to {recorded}. --fix moves the vault to {requested} instead.',
    ja: 'TOBIRA_SECRET_STORE={requested} がこの保管庫の記録 ({recorded}) と違います。解除するか {recorded} にするまで、コマンドは実行を拒否します。--fix を使うと保管庫を {requested} に移します。',
  },
  'doctor.problem.keychain.locked': {
    en: 'This vault keeps its secrets in the OS keychain, which is locked: unlock it (log in to the desktop session, or gnome-keyring-daemon --unlock).',
    ja: 'この保管庫のシークレットは OS キーチェーンにありますが、ロックされています。ロックを解除してください (デスクトップにログインする、または gnome-keyring-daemon --unlock)。',
  },
  'doctor.problem.keychain.unreachable': {
    en: 'This vault keeps its secrets in the OS keychain, which cannot be reached: start a Secret Service (e.g. gnome-keyring) in this session.',
    ja: 'この保管庫のシークレットは OS キーチェーンにありますが、接続できません。このセッションで Secret Service (gnome-keyring など) を起動してください。',
  },
  'doctor.problem.missingSecret': {
    en: 'Profile {profile}: its {role} secret ({secretId}) is in neither store. Add it again (tobira profile remove / add, or tobira mfa set).',
    ja: 'プロファイル {profile}: {role} シークレット ({secretId}) がどちらのストアにもありません。再登録してください (tobira profile remove / add、または tobira mfa set)。',
  },
  'doctor.problem.misplacedSecret': {
    en: 'Profile {profile}: its {role} secret ({secretId}) is in the {foundIn} store, not in the vault’s {store} store (written while TOBIRA_SECRET_STORE pointed elsewhere). --fix moves it.',
    ja: 'プロファイル {profile}: {role} シークレット ({secretId}) が保管庫の {store} ストアではなく {foundIn} ストアにあります (TOBIRA_SECRET_STORE が別のストアを指していたときに書かれたもの)。--fix で移します。',
  },
  'doctor.problem.orphan': {
    en: 'Secret {secretId} in the {store} store belongs to no profile. --fix removes it.',
    ja: '{store} ストアのシークレット {secretId} はどのプロファイルにも属していません。--fix で削除します。',
  },
  'doctor.problem.orphanShared': {
    en: 'Secret {secretId} in the OS keychain belongs to no profile of this vault (another Tobira home of this OS user may use it). --fix removes it after you confirm on the terminal; --fix --yes leaves it.',
    ja: 'OS キーチェーンのシークレット {secretId} はこの保管庫のどのプロファイルにも属していません (この OS ユーザーの別の Tobira ホームが使っている可能性があります)。--fix は端末で確認したうえで削除します。--fix --yes では残します。',
  },
  'doctor.fix.plan': { en: '--fix will:', ja: '--fix は次を行います:' },
  'doctor.fix.plan.migrate': {
    en: 'move this vault’s {secrets} secret(s) from the {from} store to the {to} store (TOBIRA_SECRET_STORE) and record {to} in profiles.json',
    ja: 'この保管庫のシークレット {secrets} 件を {from} ストアから {to} ストア (TOBIRA_SECRET_STORE) に移し、profiles.json に {to} を記録する',
  },
  'doctor.fix.plan.misplaced': {
    en: 'move {count} secret(s) found in the other store into the vault’s store',
    ja: '別のストアにあるシークレット {count} 件を保管庫のストアに移す',
  },
  'doctor.fix.plan.orphans': {
    en: 'remove {count} secret(s) that belong to no profile',
    ja: 'どのプロファイルにも属さないシークレット {count} 件を削除する',
  },
  'doctor.fix.proceed': { en: 'Proceed? [y/N]', ja: '実行しますか? [y/N]' },
  'doctor.fix.migrated': {
    en: 'This vault now keeps its {secrets} secret(s) in the {to} store (moved from {from}).',
    ja: 'この保管庫はシークレット {secrets} 件を {to} ストアに置くようになりました ({from} から移動)。',
  },
  'doctor.fix.sharedWarning': {
    en: 'Note: the OS keychain is shared by every Tobira home of this OS user; if you use another home (--home, TOBIRA_HOME), the keychain secrets listed may be its own.',
    ja: '注意: OS キーチェーンはこの OS ユーザーのすべての Tobira ホームで共有されます。別のホーム (--home, TOBIRA_HOME) も使っている場合、一覧のキーチェーンのシークレットはそのホームのものかもしれません。',
  },
  'doctor.fix.cancelled': { en: 'Nothing changed.', ja: '何も変更していません。' },
  'doctor.fix.needsConfirmation': {
    en: 'doctor --fix changes the secret store and asks first, but there is no terminal to ask on: run it in a terminal, or add --yes.',
    ja: 'doctor --fix はシークレット ストアを変更するため確認を求めますが、確認する端末がありません。端末で実行するか、--yes を付けてください。',
  },
  'doctor.fix.done': {
    en: 'Removed {removed} orphan secret(s); moved {moved} secret(s) into the vault’s store.',
    ja: 'どのプロファイルにも属さないシークレットを {removed} 件削除し、{moved} 件を保管庫のストアに移しました。',
  },
  'doctor.fix.nothing': {
    en: 'Nothing here that --fix can repair (it moves secrets between stores and removes orphan ones); the problems below need you.',
    ja: '--fix で修復できるものはありません (--fix はストア間のシークレットの移動と不要なシークレットの削除のみ)。以下の問題は手動で対処してください。',
  },
});
