import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import {
  ConsoleBrowserSetting,
  KeyRotationDays,
  LanguageSetting,
  SecretStoreSetting,
  Theme,
} from '../../shared/ipc';
import { ensureHome } from './home';
import { writeFileAtomic } from './vault/atomic-file';

export const SETTINGS_FILE_NAME = 'settings.json';

export const AppSettings = z
  .object({
    version: z.literal(1),
    language: LanguageSetting,
    theme: Theme,
    startAtLogin: z.boolean(),
    secretStore: SecretStoreSetting,
    keyRotationDays: KeyRotationDays.default(90),
    /** `tobira console` and the app's consoles: absent = 'default' (the system browser). */
    consoleBrowser: ConsoleBrowserSetting.optional(),
  })
  .strict();
export type AppSettings = z.infer<typeof AppSettings>;

export const DEFAULT_SETTINGS: AppSettings = {
  version: 1,
  language: 'auto',
  theme: 'system',
  startAtLogin: false,
  secretStore: 'auto',
  keyRotationDays: 90,
};

/** The app's own preferences in TOBIRA_HOME/settings.json (no secrets); an unreadable file means the defaults. */
export class SettingsStore {
  readonly path: string;

  constructor(private readonly home: string) {
    this.path = join(home, SETTINGS_FILE_NAME);
  }

  read(): AppSettings {
    try {
      const parsed = AppSettings.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  write(change: Partial<Omit<AppSettings, 'version'>>): AppSettings {
    const next = AppSettings.parse({ ...this.read(), ...change, version: 1 });
    ensureHome(this.home);
    writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`);
    return next;
  }
}
