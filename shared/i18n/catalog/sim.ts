import { defineCatalog } from '../types';

// SIM reader and USIM messages (electron/core/sim). Params are reader names, file names, status words and PC/SC
// error texts; never an IMSI, a PIN or key material.
export const simMessages = defineCatalog({
  'sim.cli.description': { en: 'SIM readers and cards', ja: 'SIM リーダーとカード' },
  'sim.cli.status.description': {
    en: 'list readers, whether a card is present, and its IMSI',
    ja: 'リーダー一覧、カードの有無、IMSI を表示',
  },
  'sim.cli.status.reader': { en: 'READER', ja: 'リーダー' },
  'sim.cli.status.card': { en: 'CARD', ja: 'カード' },
  'sim.cli.status.present': { en: 'present', ja: 'あり' },
  'sim.cli.status.empty': { en: 'empty', ja: 'なし' },
  'sim.pcsc.unavailable': {
    en: 'The PC/SC service (pcscd) is not running, so no SIM reader can be used. Start it (sudo systemctl start pcscd.socket, or run pcscd) and try again.',
    ja: 'PC/SC サービス (pcscd) が動いていないため、SIM リーダーを使えません。起動して (sudo systemctl start pcscd.socket、または pcscd を実行) から再実行してください。',
  },
  'sim.pcsc.libraryUnavailable': {
    en: 'The PC/SC library could not be loaded ({detail}). Reinstall Tobira; on Linux install libpcsclite1.',
    ja: 'PC/SC ライブラリを読み込めません ({detail})。Tobira を再インストールしてください。Linux では libpcsclite1 をインストールしてください。',
  },
  'sim.pcsc.failed': {
    en: 'The PC/SC service reported an error: {detail}',
    ja: 'PC/SC サービスがエラーを返しました: {detail}',
  },
  'sim.pcsc.timeout': {
    en: 'The SIM reader did not answer within {seconds} s ({operation}). Remove and reinsert the card or reader, then try again.',
    ja: 'SIM リーダーが {seconds} 秒以内に応答しませんでした ({operation})。カードまたはリーダーを挿し直してから再実行してください。',
  },
  'sim.reader.none': {
    en: 'No smart card reader was found. Connect a reader (or a modem with a SIM slot) and check that pcscd lists it (pcsc_scan -r).',
    ja: 'スマートカード リーダーが見つかりません。リーダー (または SIM スロット付きモデム) を接続し、pcscd が認識しているか確認してください (pcsc_scan -r)。',
  },
  'sim.reader.notFound': {
    en: 'There is no reader named "{reader}". Available readers: {available}.',
    ja: '"{reader}" という名前のリーダーはありません。利用できるリーダー: {available}。',
  },
  'sim.card.absent': {
    en: 'There is no card in the reader "{reader}". Insert the SIM and try again.',
    ja: 'リーダー "{reader}" にカードが入っていません。SIM を挿入してから再実行してください。',
  },
  'sim.card.noneInserted': {
    en: 'No reader has a card in it (readers: {available}). Insert the SIM and try again.',
    ja: 'どのリーダーにもカードが入っていません (リーダー: {available})。SIM を挿入してから再実行してください。',
  },
  'sim.card.busy': {
    en: 'The card in "{reader}" is in exclusive use by another program. Close that program and try again.',
    ja: '"{reader}" のカードは別のプログラムが占有しています。そのプログラムを終了してから再実行してください。',
  },
  'sim.card.notUsim': {
    en: 'The card in "{reader}" is not a USIM: it has no USIM application in EF_DIR.',
    ja: '"{reader}" のカードは USIM ではありません (EF_DIR に USIM アプリケーションがありません)。',
  },
  'sim.card.fileNotFound': {
    en: 'The card in "{reader}" has no {file} file. It is not a USIM, or it is not provisioned.',
    ja: '"{reader}" のカードには {file} ファイルがありません。USIM ではないか、プロビジョニングされていません。',
  },
  'sim.card.pinRequired': {
    en: 'The card in "{reader}" refused to read {file} because its PIN is enabled and not verified (status {sw}).',
    ja: '"{reader}" のカードは PIN が有効で未認証のため {file} の読み込みを拒否しました (ステータス {sw})。',
  },
  'sim.card.unexpectedStatus': {
    en: 'The card in "{reader}" answered {command} with status word {sw}.',
    ja: '"{reader}" のカードが {command} にステータス ワード {sw} を返しました。',
  },
  'sim.card.malformed': {
    en: 'The card returned malformed {what}: {detail}.',
    ja: 'カードが不正な {what} を返しました: {detail}。',
  },
  'sim.card.removed': {
    en: 'The card in "{reader}" was removed or reset while Tobira was using it. Insert it again and retry; nothing was changed.',
    ja: 'Tobira が使用中に "{reader}" のカードが抜かれたかリセットされました。挿し直してから再実行してください (何も変更されていません)。',
  },
  'sim.reader.gone': {
    en: 'The reader "{reader}" was disconnected while Tobira was using it. Plug it in again and retry.',
    ja: 'Tobira が使用中にリーダー "{reader}" が切断されました。接続し直してから再実行してください。',
  },
  'sim.wait.timedOut': {
    en: 'No card appeared in the reader "{reader}" within {seconds} s (or the reader is not connected). Insert the SIM and try again.',
    ja: '{seconds} 秒以内にリーダー "{reader}" にカードが挿入されませんでした (またはリーダーが接続されていません)。SIM を挿入してから再実行してください。',
  },
  'sim.wait.anyTimedOut': {
    en: 'No SIM appeared in any reader within {seconds} s (readers: {available}). Insert the SIM and try again.',
    ja: '{seconds} 秒以内にどのリーダーにも SIM が挿入されませんでした (リーダー: {available})。SIM を挿入してから再実行してください。',
  },
  'sim.wait.waiting': {
    en: 'Waiting for a SIM in {reader}…',
    ja: '{reader} に SIM が挿入されるのを待っています…',
  },
  'sim.wait.anyReader': { en: 'any reader', ja: 'いずれかのリーダー' },
  'sim.pin.wrong': {
    en: 'The SIM in "{reader}" rejected the PIN: {tries} tries left. Tobira does not retry by itself; run the command again with the right PIN.',
    ja: '"{reader}" の SIM が PIN を拒否しました。残り {tries} 回です。Tobira は自動で再試行しません。正しい PIN でコマンドを再実行してください。',
  },
  'sim.pin.wrongLast': {
    en: 'The SIM in "{reader}" rejected the PIN: {tries} try left. One more wrong PIN blocks the SIM, and only its PUK (from the carrier) unblocks it.',
    ja: '"{reader}" の SIM が PIN を拒否しました。残り {tries} 回です。次に間違えると SIM がロックされ、通信事業者の PUK でしか解除できません。',
  },
  'sim.pin.blocked': {
    en: 'The PIN of the SIM in "{reader}" is blocked after too many wrong tries. Unblock it with the PUK from your carrier (SORACOM: see the SIM card holder or the support page), e.g. in a phone, then try again.',
    ja: '"{reader}" の SIM の PIN は誤入力が続いたためロックされています。通信事業者の PUK (SORACOM の場合は SIM カードの台紙またはサポートページを参照) で携帯電話などからロックを解除してから再実行してください。',
  },
  'sim.pin.format': {
    en: 'A SIM PIN is 4 to 8 digits. Nothing was sent to the card, so no try was used.',
    ja: 'SIM の PIN は 4〜8 桁の数字です。カードには何も送っていないため、試行回数は減っていません。',
  },
  'sim.pin.unsupported': {
    en: 'The card in "{reader}" has no PIN1 to verify (status {sw}). Use --second-factor none for this SIM.',
    ja: '"{reader}" のカードには検証できる PIN1 がありません (ステータス {sw})。この SIM では --second-factor none を使ってください。',
  },
  'sim.auth.macFailure': {
    en: 'The SIM in "{reader}" refused the challenge as not coming from its own network (MAC failure, 9862). Check that this SIM belongs to the SORACOM endpoint and coverage of the profile.',
    ja: '"{reader}" の SIM はチャレンジを自分のネットワークからのものではないとして拒否しました (MAC 不一致、9862)。この SIM がプロファイルの SORACOM エンドポイントとカバレッジに属しているか確認してください。',
  },
  'sim.transmit.failed': {
    en: 'Communication with the card in "{reader}" failed ({detail}). Remove and reinsert the card, then try again.',
    ja: '"{reader}" のカードとの通信に失敗しました ({detail})。カードを挿し直してから再実行してください。',
  },
});
