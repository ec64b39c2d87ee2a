import { defineCatalog } from '../types';

export const mfaMessages = defineCatalog({
  'mfa.secret.empty': {
    en: 'The TOTP secret is empty. Give an otpauth://totp/... URI or a base32 secret.',
    ja: 'TOTP シークレットが空です。otpauth://totp/... の URI か base32 のシークレットを渡してください。',
  },
  'mfa.secret.badChar': {
    en: 'The TOTP secret is not base32: "{char}" is not one of A–Z and 2–7.',
    ja: 'TOTP シークレットが base32 ではありません: "{char}" は A〜Z と 2〜7 以外の文字です。',
  },
  'mfa.secret.badLength': {
    en: 'The TOTP secret has {length} base32 characters; it needs at least 16 and a length that ends on a whole byte. Check that it was copied whole.',
    ja: 'TOTP シークレットが base32 で {length} 文字です。16 文字以上で、バイト境界で終わる長さが必要です。すべてコピーされているか確認してください。',
  },
  'mfa.otpauth.malformed': {
    en: 'Not a valid otpauth://totp/ URI.',
    ja: 'otpauth://totp/ の URI として不正です。',
  },
  'mfa.otpauth.hotp': {
    en: 'Counter-based (HOTP) secrets are not supported; Tobira handles time-based (TOTP) codes.',
    ja: 'カウンター方式 (HOTP) のシークレットには対応していません。Tobira は時刻方式 (TOTP) のコードを扱います。',
  },
  'mfa.otpauth.noSecret': {
    en: 'The otpauth URI has no secret= parameter.',
    ja: 'otpauth URI に secret= パラメータがありません。',
  },
  'mfa.otpauth.badParam': {
    en: 'The otpauth URI has an unsupported {param}; allowed: {allowed}.',
    ja: 'otpauth URI の {param} に対応していません。使える値: {allowed}',
  },
  'mfa.code.format': {
    en: 'An MFA code is 6 to 8 digits.',
    ja: 'MFA コードは 6〜8 桁の数字です。',
  },
  'mfa.unavailable': {
    en: 'Profile {name} needs an MFA code and none can be obtained here. Pass --mfa-code CODE, store the secret with `tobira mfa set {name}`, configure a command with `tobira mfa set {name} --command "..."`, or run in a terminal.',
    ja: 'プロファイル {name} には MFA コードが必要ですが、ここでは取得できません。--mfa-code CODE を指定するか、`tobira mfa set {name}` でシークレットを保存するか、`tobira mfa set {name} --command "..."` でコマンドを設定するか、端末で実行してください。',
  },
  'mfa.notConfigured': {
    en: 'Profile {name} has no MFA configured.',
    ja: 'プロファイル {name} には MFA が設定されていません。',
  },
  'mfa.noSecretForOtp': {
    en: 'Profile {name} has no TOTP secret to make a code from. Store one with `tobira mfa set {name}`.',
    ja: 'プロファイル {name} にはコードを生成する TOTP シークレットがありません。`tobira mfa set {name}` で保存してください。',
  },
  'mfa.totp.stepsExhausted': {
    en: 'Could not get a fresh TOTP code for {name}: other logins keep spending them. Try again.',
    ja: '{name} の新しい TOTP コードを取得できませんでした (他のログインが使用中)。再実行してください。',
  },
  'mfa.totp.waiting': {
    en: 'The TOTP code of this time step was already sent for {name} (or for a profile with the same MFA device), and a code is never sent twice: waiting {seconds} s for the next one…',
    ja: '{name} (または同じ MFA デバイスを使うプロファイル) でこの時間帯の TOTP コードは送信済みです。コードは 2 回送らないため、次のコードまで {seconds} 秒待ちます…',
  },
  'mfa.totp.waitingProfileCommand': {
    en: 'soracom-cli asks Tobira for a fresh MFA code on every command, and the code of this time step was already sent for {name}: waiting {seconds} s for the next one… To avoid the wait, use an AuthKey profile for scripts, or `tobira exec {name} -- CMD` for tools that read SORACOM_API_KEY/SORACOM_TOKEN (see the README).',
    ja: 'soracom-cli はコマンドのたびに Tobira に新しい MFA コードを求めます。{name} のこの時間帯のコードは送信済みのため、次のコードまで {seconds} 秒待ちます… 待たずに済ませるには、スクリプトには AuthKey のプロファイルを、SORACOM_API_KEY/SORACOM_TOKEN を環境変数から読むツールには `tobira exec {name} -- CMD` を使ってください (README 参照)。',
  },
  'mfa.totp.clockBack': {
    en: 'Your clock moved back by about {seconds} s since the last MFA code for {name} was made (it was ahead, or a program ran under a faked time). Tobira goes on from the current time step instead of waiting. If this keeps happening, keep the clock in sync: timedatectl set-ntp true (or chrony).',
    ja: '{name} の前回の MFA コード以降、時計が約 {seconds} 秒戻りました (時計が進んでいたか、時刻を偽装して実行されました)。待たずに現在の時間帯から続けます。繰り返す場合は時計を同期してください: timedatectl set-ntp true (または chrony)。',
  },
  'clock.ahead': {
    en: '{service} refused the request because your clock is off: it is about {seconds} s ahead of {service}’s ({code}: {message}). Sync the clock (timedatectl set-ntp true, or chrony, or the system’s automatic time setting) and try again; the profile itself is fine.',
    ja: '時計がずれているため {service} がリクエストを拒否しました: {service} より約 {seconds} 秒進んでいます ({code}: {message})。時計を同期してから (timedatectl set-ntp true、chrony、またはシステムの時刻自動設定) 再実行してください。プロファイル自体は問題ありません。',
  },
  'clock.behind': {
    en: '{service} refused the request because your clock is off: it is about {seconds} s behind {service}’s ({code}: {message}). Sync the clock (timedatectl set-ntp true, or chrony, or the system’s automatic time setting) and try again; the profile itself is fine.',
    ja: '時計がずれているため {service} がリクエストを拒否しました: {service} より約 {seconds} 秒遅れています ({code}: {message})。時計を同期してから (timedatectl set-ntp true、chrony、またはシステムの時刻自動設定) 再実行してください。プロファイル自体は問題ありません。',
  },
  'clock.off': {
    en: '{service} refused the request because your clock is off by more than it allows ({code}: {message}). Sync the clock (timedatectl set-ntp true, or chrony, or the system’s automatic time setting) and try again; the profile itself is fine.',
    ja: '時計のずれが許容範囲を超えているため {service} がリクエストを拒否しました ({code}: {message})。時計を同期してから (timedatectl set-ntp true、chrony、またはシステムの時刻自動設定) 再実行してください。プロファイル自体は問題ありません。',
  },
  'mfa.command.shellSyntax': {
    en: 'The MFA command is run without a shell: pipes, redirections and variables are not allowed. Wrap them in a script.',
    ja: 'MFA コマンドはシェルを介さずに実行します。パイプ・リダイレクト・変数は使えません。スクリプトにまとめてください。',
  },
  'mfa.command.empty': {
    en: 'The MFA command is empty.',
    ja: 'MFA コマンドが空です。',
  },
  'mfa.command.notFound': {
    en: 'Cannot run the MFA command {command} ({detail}). Check that it is installed and on PATH.',
    ja: 'MFA コマンド {command} を実行できません ({detail})。インストールされ PATH にあるか確認してください。',
  },
  'mfa.command.failed': {
    en: 'The MFA command {command} failed (exit {status}).',
    ja: 'MFA コマンド {command} が失敗しました (終了コード {status})。',
  },
  'mfa.command.badOutput': {
    en: 'The MFA command {command} did not print a 6–8 digit code.',
    ja: 'MFA コマンド {command} が 6〜8 桁のコードを出力しませんでした。',
  },
  'mfa.prompt.label': {
    en: 'MFA code for {name} ({provider})',
    ja: '{name} ({provider}) の MFA コード',
  },
});
