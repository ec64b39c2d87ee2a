import { defineCatalog } from '../types';

// SORACOM Krypton (aws-krypton) messages. Params are profile and reader names, HTTP statuses and the server's own
// error code and message; never an IMSI-derived key, RES, CK, a PIN or credentials.
export const kryptonMessages = defineCatalog({
  'krypton.opt.reader': {
    en: 'PC/SC reader name of the SIM (aws-krypton; default: the first reader holding a USIM)',
    ja: 'SIM の PC/SC リーダー名 (aws-krypton。既定: USIM が入っている最初のリーダー)',
  },
  'krypton.opt.secondFactor': {
    en: 'aws-krypton second factor: none (the SIM alone, single factor) or sim-pin (SIM + its PIN, asked at every sign-in)',
    ja: 'aws-krypton の第二要素: none (SIM のみ、一要素) または sim-pin (SIM + PIN。サインインのたびに入力)',
  },
  'krypton.pin.label': {
    en: 'SIM PIN for {name} ({provider})',
    ja: '{name} ({provider}) の SIM PIN',
  },
  'krypton.singleFactor': {
    en: 'Note: {name} signs in with the SIM alone (single factor). For a second factor: tobira profile add … --type aws-krypton --second-factor sim-pin',
    ja: '注意: {name} は SIM だけでサインインします (一要素認証)。第二要素を使うには --second-factor sim-pin でプロファイルを作成してください',
  },
  'krypton.pinEnabled': {
    en: 'The SIM of {name} has its PIN enabled, so it cannot be read without the PIN. Recreate the profile with --second-factor sim-pin.',
    ja: '{name} の SIM は PIN が有効なため、PIN なしでは読み取れません。--second-factor sim-pin でプロファイルを作り直してください。',
  },
  'krypton.resyncFailed': {
    en: 'The SIM in "{reader}" still reported a sequence-number mismatch after one resynchronisation with SORACOM. Try again later; if it persists, contact SORACOM support.',
    ja: '"{reader}" の SIM は SORACOM との再同期を 1 回行った後もシーケンス番号の不一致を報告しました。時間をおいて再実行し、続く場合は SORACOM サポートに連絡してください。',
  },
  'krypton.rejected.keys': {
    en: 'SORACOM refused to start SIM authentication (HTTP {status}, {code}: {message}). Check that this SIM is registered, that Krypton is enabled for its group, and that the coverage (--coverage jp|g) matches the SIM.',
    ja: 'SORACOM が SIM 認証の開始を拒否しました (HTTP {status}、{code}: {message})。SIM が登録済みか、グループで Krypton が有効か、カバレッジ (--coverage jp|g) が SIM と一致しているか確認してください。',
  },
  'krypton.rejected.verify': {
    en: "SORACOM did not accept the SIM's answer (HTTP {status}, {code}: {message}). Reinsert the SIM and try again.",
    ja: 'SORACOM は SIM の応答を受け付けませんでした (HTTP {status}、{code}: {message})。SIM を挿し直して再実行してください。',
  },
  'krypton.rejected.provisioning': {
    en: "SORACOM Krypton refused the Cognito credentials request (HTTP {status}, {code}: {message}). Check the Krypton Cognito settings of the SIM's group and this machine's clock.",
    ja: 'SORACOM Krypton が Cognito 認証情報の要求を拒否しました (HTTP {status}、{code}: {message})。SIM グループの Krypton Cognito 設定と、この端末の時計を確認してください。',
  },
  'krypton.timings': { en: 'Krypton timings: {detail}', ja: 'Krypton の所要時間: {detail}' },
});
