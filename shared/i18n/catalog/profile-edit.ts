import { defineCatalog } from '../types';

/** Editing profiles, the links between them (sources), and the add/edit forms' own words (T20). */
export const profileEditMessages = defineCatalog({
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
