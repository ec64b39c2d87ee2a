import { defineCatalog } from '../types';

// SIM reader and USIM messages (electron/core/sim). Params are reader names, file names, status words and PC/SC
// error texts; never an IMSI, a PIN or key material.
export const simMessages = defineCatalog({
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
  'sim.transmit.failed': {
    en: 'Communication with the card in "{reader}" failed ({detail}). Remove and reinsert the card, then try again.',
    ja: '"{reader}" のカードとの通信に失敗しました ({detail})。カードを挿し直してから再実行してください。',
  },
});
