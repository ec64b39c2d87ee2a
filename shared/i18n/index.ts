import { commonMessages } from './catalog/common';
import { vaultMessages } from './catalog/vault';
import { mfaMessages } from './catalog/mfa';
import { simMessages } from './catalog/sim';
import { kryptonMessages } from './catalog/krypton';
import { cliMessages } from './catalog/cli';
import { uiMessages } from './catalog/ui';
import { soracomMessages } from './catalog/soracom';
import { idpServerMessages } from './catalog/idp-server';
import { auth0Messages } from './catalog/auth0';
import { awsMessages } from './catalog/aws';
import { oauthMessages } from './catalog/oauth';
import { alibabaMessages } from './catalog/alibaba';
import { execServerMessages } from './catalog/exec-server';
import { yubikeyMessages } from './catalog/yubikey';
import { awsSsoMessages } from './catalog/aws-sso';
import { profileEditMessages } from './catalog/profile-edit';
import { rotateMessages } from './catalog/rotate';
import { completionMessages } from './catalog/completion';
import { dayMessages } from './catalog/day';
import { consoleMessages } from './catalog/console';
import { consolePageMessages } from './catalog/console-page';
import type { Lang, Message } from './types';

export type { Lang, Message } from './types';
export { LANGS } from './types';

export const messages = {
  ...commonMessages,
  ...vaultMessages,
  ...mfaMessages,
  ...simMessages,
  ...kryptonMessages,
  ...cliMessages,
  ...uiMessages,
  ...soracomMessages,
  ...idpServerMessages,
  ...auth0Messages,
  ...oauthMessages,
  ...alibabaMessages,
  ...awsMessages,
  ...execServerMessages,
  ...yubikeyMessages,
  ...awsSsoMessages,
  ...profileEditMessages,
  ...rotateMessages,
  ...completionMessages,
  ...dayMessages,
  ...consoleMessages,
  ...consolePageMessages,
} as const satisfies Record<string, Message>;

export type MessageKey = keyof typeof messages;
export type MessageParams = Readonly<Record<string, string | number>>;

/** Renders a message; `{name}` placeholders take params, unknown placeholders stay visible so a gap is noticed. */
export function translate(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  const template = messages[key][lang];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** Picks ja or en from POSIX locale variables (LC_ALL > LC_MESSAGES > LANG); English when unset or unknown. */
export function langFromLocale(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function isLang(value: string): value is Lang {
  return value === 'ja' || value === 'en';
}
