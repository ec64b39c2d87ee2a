import { defineCatalog } from '../types';

/** `tobira completion SHELL`. */
export const completionMessages = defineCatalog({
  'cli.completion.description': {
    en: 'print the shell completion script (commands, flags, values and your profile names)',
    ja: 'シェル補完スクリプトを表示 (コマンド、フラグ、値、プロファイル名)',
  },
  'cli.completion.shell': {
    en: 'bash, zsh, fish or powershell',
    ja: 'bash、zsh、fish、powershell のいずれか',
  },
  'cli.completion.install': {
    en: "Install:\n  bash        echo 'eval \"$(tobira completion bash)\"' >> ~/.bashrc\n  zsh         echo 'source <(tobira completion zsh)' >> ~/.zshrc   (after compinit)\n  fish        tobira completion fish > ~/.config/fish/completions/tobira.fish\n  powershell  Add-Content $PROFILE 'tobira completion powershell | Out-String | Invoke-Expression'",
    ja: "インストール:\n  bash        echo 'eval \"$(tobira completion bash)\"' >> ~/.bashrc\n  zsh         echo 'source <(tobira completion zsh)' >> ~/.zshrc   (compinit の後)\n  fish        tobira completion fish > ~/.config/fish/completions/tobira.fish\n  powershell  Add-Content $PROFILE 'tobira completion powershell | Out-String | Invoke-Expression'",
  },
});
