import type { Env } from '../home';
import { Vault } from '../vault/vault';
import type { PromptCenter } from './prompts';
import type { SettingsStore } from '../settings';

/** The app's vault: reopened when the secret-store setting changes; a file store's passphrase comes from the prompt. */
export class AppVault {
  private instance: Vault | undefined;
  private storeSetting: string | undefined;

  constructor(
    private readonly home: string,
    private readonly env: Env,
    private readonly settings: SettingsStore,
    private readonly prompts: PromptCenter,
  ) {}

  /** The vault, opened with the secret-store setting unless TOBIRA_SECRET_STORE decides (it always wins). */
  current(): Vault {
    const setting = this.settings.read().secretStore;
    if (!this.instance || this.storeSetting !== setting) {
      const fromEnv = this.env.TOBIRA_SECRET_STORE;
      const env: Env =
        fromEnv !== undefined || setting === 'auto'
          ? this.env
          : { ...this.env, TOBIRA_SECRET_STORE: setting };
      this.instance = new Vault({
        home: this.home,
        env,
        passphrase: () => this.passphrase(),
        cacheReads: true,
      });
      this.storeSetting = setting;
    }
    return this.instance;
  }

  private async passphrase(): Promise<string> {
    const fromEnv = this.env.TOBIRA_PASSPHRASE;
    if (fromEnv) return fromEnv;
    return this.prompts.require({
      kind: 'secret',
      profile: '',
      provider: 'Tobira',
      label: { key: 'vault.file.passphrasePrompt' },
      requester: null,
    });
  }
}
