import { defineCatalog } from '../types';

export const commonMessages = defineCatalog({
  'error.internal': {
    en: 'Unexpected error: {detail}',
    ja: '予期しないエラーです: {detail}',
  },
  'error.usage': {
    en: '{detail}',
    ja: '{detail}',
  },
  'error.home.permissions': {
    en: 'Cannot use the data folder {path}: {detail}',
    ja: 'データフォルダ {path} を使用できません: {detail}',
  },
  'input.secret.empty': {
    en: 'No secret was given. Pipe it on stdin (one line) or type it at the prompt.',
    ja: 'シークレットが入力されていません。標準入力に 1 行で渡すか、プロンプトで入力してください。',
  },
  'input.secret.prompt': {
    en: '{label}: ',
    ja: '{label}: ',
  },
  'provider.unreachable': {
    en: '{service} cannot be reached ({detail}, after {attempts} attempts). Check your network or the service status and try again.',
    ja: '{service} に接続できません ({detail}、{attempts} 回試行)。ネットワークかサービスの状態を確認して再実行してください。',
  },
  'provider.badResponse': {
    en: '{service} answered something Tobira does not understand: {detail} (HTTP {status}). Run again with --debug to see the exchange (secrets redacted).',
    ja: '{service} の応答を解釈できません: {detail} (HTTP {status})。--debug を付けて再実行するとやり取りを確認できます (シークレットは伏せられます)。',
  },
  'provider.badResponse.withRequestId': {
    en: '{service} answered something Tobira does not understand: {detail} (HTTP {status}, request id {requestId}). Run again with --debug to see the exchange (secrets redacted).',
    ja: '{service} の応答を解釈できません: {detail} (HTTP {status}、リクエスト ID {requestId})。--debug を付けて再実行するとやり取りを確認できます (シークレットは伏せられます)。',
  },
  'session.none': {
    en: 'Profile {name} ({type}) has no sessions to log in to.',
    ja: 'プロファイル {name} ({type}) にはログインするセッションがありません。',
  },
  'session.cycle': {
    en: 'Profiles refer to each other in a loop: {chain}. Point one of them at a different source.',
    ja: 'プロファイルが循環参照しています: {chain}。いずれかの参照先を変更してください。',
  },
  'browser.badCommand': {
    en: 'TOBIRA_BROWSER is set but names no command. Set it to a browser command, e.g. "firefox --new-window", or unset it.',
    ja: 'TOBIRA_BROWSER にコマンドがありません。"firefox --new-window" のようにブラウザーのコマンドを設定するか、削除してください。',
  },
  'browser.launchFailed': {
    en: 'Could not open the browser with {command} ({detail}). Set TOBIRA_BROWSER to a browser command, or use --print.',
    ja: '{command} でブラウザーを開けませんでした ({detail})。TOBIRA_BROWSER にブラウザーのコマンドを設定するか、--print を使ってください。',
  },
  'input.cancelled': {
    en: 'Cancelled at the prompt (Ctrl-C).',
    ja: 'プロンプトで中止しました (Ctrl-C)。',
  },
  'input.needed': {
    en: '{what} is needed and there is no terminal or app to ask. Pipe it on stdin (one line) or run in a terminal.',
    ja: '{what} が必要ですが、入力を求める端末もアプリもありません。標準入力に 1 行で渡すか、端末で実行してください。',
  },
});
