import { defineCatalog } from '../types';

// `tobira exec NAME --server` (electron/core/exports/credential-server.ts). Params are profile names, types, URLs
// without their token, and translated error texts; never a credential or the endpoint's token.
export const execServerMessages = defineCatalog({
  'cli.exec.server': {
    en: 'serve AWS credentials to the command through a loopback endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI) that renews them for as long as it runs, instead of putting keys in its environment',
    ja: '認証情報を環境変数に入れず、ループバックのエンドポイント (AWS_CONTAINER_CREDENTIALS_FULL_URI) から渡し、コマンドが動いている間は更新し続ける (AWS のみ)',
  },
  'cli.exec.examples': {
    en: `Examples:
  tobira exec prod -- terraform plan            the session's keys in the command's environment
  tobira exec prod --server -- ./nightly-job    no keys in its environment: its AWS SDKs ask tobira on
                                                http://127.0.0.1:PORT/ (AWS_CONTAINER_CREDENTIALS_FULL_URI, with
                                                a random AWS_CONTAINER_AUTHORIZATION_TOKEN) and get renewed
                                                credentials for as long as it runs (AWS profiles only)`,
    ja: `例:
  tobira exec prod -- terraform plan            セッションの鍵をコマンドの環境変数に入れる
  tobira exec prod --server -- ./nightly-job    環境変数に鍵を入れない。コマンドの AWS SDK は
                                                http://127.0.0.1:PORT/ (AWS_CONTAINER_CREDENTIALS_FULL_URI、
                                                ランダムな AWS_CONTAINER_AUTHORIZATION_TOKEN 付き) に問い合わせ、
                                                動いている間は更新された認証情報を受け取る (AWS プロファイルのみ)`,
  },
  'exec.server.notAws': {
    en: '--server serves AWS credentials only; {name} is a {type} profile. Run tobira exec {name} -- CMD without --server.',
    ja: '--server は AWS の認証情報専用です。{name} は {type} プロファイルです。--server を付けずに tobira exec {name} -- CMD を実行してください。',
  },
  'exec.server.noSessionToken': {
    en: 'This session has no session token, and SDKs accept only temporary credentials from a credential endpoint. Use a profile with temporary credentials (an IAM user with GetSessionToken, a role), or tobira exec without --server.',
    ja: 'このセッションにはセッショントークンがなく、SDK は認証情報エンドポイントから一時認証情報しか受け付けません。一時認証情報のプロファイル (GetSessionToken を使う IAM ユーザー、ロール) を使うか、--server なしで tobira exec を実行してください。',
  },
  'exec.server.listening': {
    en: 'Serving {name}’s credentials to the command on {url} (renewed as it needs them).',
    ja: '{name} の認証情報を {url} からコマンドに渡しています (必要に応じて更新します)。',
  },
  'exec.server.defaultShadows': {
    en: 'Note: {path} gives the default profile credentials of its own, and SDKs read those before the endpoint: the command would use them, not this profile. Remove them from the default profile (or name a profile there) for --server to take effect.',
    ja: '注意: {path} の default プロファイルに独自の認証情報があり、SDK はエンドポイントより先にそれを読みます。コマンドはこのプロファイルではなくそちらを使います。--server を有効にするには default プロファイルからそれを外してください (または別名のプロファイルにしてください)。',
  },
  'exec.server.refreshFailed': {
    en: 'tobira exec --server: renewing {name}’s credentials failed: {detail}',
    ja: 'tobira exec --server: {name} の認証情報の更新に失敗しました: {detail}',
  },
});
