/**
 * The scripts `tobira completion SHELL` prints. Each one only collects the words of the command line and asks
 * `tobira __complete WORD... :CURRENT` (the current word always comes with a leading ":" so that it is never an empty
 * argument, which older PowerShell drops); the answer is a directive line (none, files, directories, commands)
 * followed by `value<TAB>description` lines. All knowledge of commands, flags and values stays in Tobira.
 */
export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

export function isShell(value: string): value is Shell {
  return (SHELLS as readonly string[]).includes(value);
}

/** A script as written: no interpolation, no escapes; "@{" stands for the shells' "${" (a template literal's own). */
function shell(strings: TemplateStringsArray): string {
  return (strings.raw[0] ?? '').replaceAll('@{', '${');
}

const BASH = shell`# tobira completion for bash.  Install: echo 'eval "$(tobira completion bash)"' >> ~/.bashrc
_tobira_complete() {
  local line="@{COMP_LINE:0:COMP_POINT}" cur out directive
  local -a words
  read -r -a words <<< "$line"
  if [[ "$line" =~ [[:space:]]$ || @{#words[@]} -le 1 ]]; then
    cur=""
  else
    cur="@{words[@{#words[@]}-1]}"
    unset 'words[@{#words[@]}-1]'
  fi
  out=$(command tobira __complete "@{words[@]:1}" ":$cur" 2>/dev/null) || return 0
  directive="@{out%%$'\n'*}"
  COMPREPLY=()
  # bash splits the word at "=": answer only the part after it.
  local strip=""
  if [[ "$cur" == *=* && "$COMP_WORDBREAKS" == *=* ]]; then strip="@{cur%%=*}="; fi
  local entry
  while IFS= read -r entry; do
    [[ -z "$entry" ]] && continue
    entry="@{entry%%$'\t'*}"
    COMPREPLY+=("@{entry#"$strip"}")
  done < <(printf '%s\n' "$out" | tail -n +2)
  local IFS=$'\n'
  case "$directive" in
    files) COMPREPLY+=($(compgen -f -- "$cur")) ;;
    directories) COMPREPLY+=($(compgen -d -- "$cur")) ;;
    commands) COMPREPLY+=($(compgen -c -- "$cur")) ;;
  esac
  return 0
}
complete -F _tobira_complete tobira
`;

const ZSH = shell`#compdef tobira
# tobira completion for zsh.  Install: echo 'source <(tobira completion zsh)' >> ~/.zshrc (after compinit),
# or save it as _tobira in a folder of $fpath.
_tobira() {
  local out directive entry
  local -a lines described
  out="$(command tobira __complete "@{(@)words[2,CURRENT-1]}" ":@{words[CURRENT]}" 2>/dev/null)" || return 1
  lines=("@{(@f)out}")
  directive="@{lines[1]}"
  for entry in "@{(@)lines[2,-1]}"; do
    [[ -z "$entry" ]] && continue
    if [[ "$entry" == *$'\t'* ]]; then
      described+=("@{@{entry%%$'\t'*}//:/\\:}:@{entry#*$'\t'}")
    else
      described+=("@{entry//:/\\:}")
    fi
  done
  local ret=1
  if (( @{#described} )); then
    _describe -t values tobira described && ret=0
  fi
  case "$directive" in
    files) _files && ret=0 ;;
    directories) _files -/ && ret=0 ;;
    commands) _command_names -e && ret=0 ;;
  esac
  return ret
}
if [[ "@{funcstack[1]}" == "_tobira" ]]; then
  _tobira "$@"
else
  compdef _tobira tobira
fi
`;

const FISH = shell`# tobira completion for fish.  Install: tobira completion fish > ~/.config/fish/completions/tobira.fish
function __tobira_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l current (commandline -ct)
    set -l out (command tobira __complete $words ":$current" 2>/dev/null)
    or return
    for entry in $out[2..-1]
        test -n "$entry"; and printf '%s\n' $entry
    end
    switch "$out[1]"
        case files
            __fish_complete_path "$current"
        case directories
            __fish_complete_directories "$current"
        case commands
            complete -C "$current"
    end
end
complete -c tobira -f -a '(__tobira_complete)'
`;

const POWERSHELL = shell`# tobira completion for PowerShell.  Install: tobira completion powershell | Out-String | Invoke-Expression
# (add that line to $PROFILE).
Register-ArgumentCompleter -Native -CommandName tobira -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    # The words before the one being completed (that one ends at the cursor).
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 |
        Where-Object { $_.Extent.EndOffset -lt $cursorPosition } |
        ForEach-Object { $_.ToString() })
    $out = @(& tobira __complete @words ":$wordToComplete" 2>$null)
    if ($out.Count -eq 0) { return }
    $directive = $out[0]
    foreach ($entry in ($out | Select-Object -Skip 1)) {
        if ($entry -eq '') { continue }
        $parts = $entry -split [char]9, 2
        $tip = if ($parts.Count -gt 1) { $parts[1] } else { $parts[0] }
        [System.Management.Automation.CompletionResult]::new($parts[0], $parts[0], 'ParameterValue', $tip)
    }
    if ($directive -eq 'files' -or $directive -eq 'directories' -or $directive -eq 'commands') {
        Get-ChildItem -Path "$wordToComplete*" -ErrorAction SilentlyContinue |
            Where-Object { $directive -ne 'directories' -or $_.PSIsContainer } |
            ForEach-Object { [System.Management.Automation.CompletionResult]::new($_.Name, $_.Name, 'ProviderItem', $_.FullName) }
    }
}
`;

export function completionScript(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return BASH;
    case 'zsh':
      return ZSH;
    case 'fish':
      return FISH;
    case 'powershell':
      return POWERSHELL;
  }
}
