import type { FieldView, ProfileSummary, ProfileView, SessionState, TypeView } from '../../../shared/ipc';
import { knownProvider, profileTypes, providerSpec } from '../providers/registry';
import type { AddOption, ProviderProfileSpec } from '../providers/types';
import { TOTP_TYPE } from '../providers/totp';
import type { ProfileRecord } from '../vault/schema';
import { exportFormats } from '../usecases/export';

/** A form field from a `profile add` flag: `--x <a|b>` is a choice, `--x <value>` text, a bare `--x` a switch. */
export function fieldOf(option: AddOption, spec?: ProviderProfileSpec): FieldView {
  const value = /<([^>]*)>/.exec(option.flags)?.[1];
  const choices = value !== undefined && value.includes('|') ? value.split('|').filter(Boolean) : [];
  return {
    key: option.key,
    flag: option.flags.split(/\s+/)[0] ?? option.flags,
    kind: value === undefined ? 'boolean' : choices.length > 1 ? 'choice' : 'text',
    choices,
    description: option.description,
    picker:
      option.picker ?? (spec?.links?.some((link) => link.field === option.key) === true ? 'profile' : null),
  };
}

/** Every registered type as the UI's add form needs it; a provider that lands in the registry appears here. */
export function typeViews(): TypeView[] {
  return profileTypes().map((type) => {
    const spec = providerSpec(type);
    const definition = knownProvider(type);
    const sessions = definition?.sessions;
    return {
      type,
      label: spec.label,
      provider: sessions?.provider ?? null,
      fields: spec.addOptions.map((option) => fieldOf(option, spec)),
      secret: spec.secretInput ? { role: spec.secretInput.role, label: spec.secretInput.label } : null,
      hasSessions: sessions !== undefined,
      hasConsole: sessions?.console !== undefined,
      formats: exportFormats(sessions),
      panels: [...(definition?.extras?.panels ?? [])],
      kinds: (spec.exclusiveOptions ?? []).map((group) => [...group]),
    };
  });
}

/** A type this version does not know, or fields its schema refuses: still listed, without details. */
function describeSafely(
  spec: ProviderProfileSpec | undefined,
  record: ProfileRecord,
): Record<string, string> {
  try {
    return spec?.describe(record.fields) ?? {};
  } catch {
    return {};
  }
}

export interface SessionInfo {
  state: SessionState;
  expiration: string | null;
}

/** A row of the list: what the list and the tray show, nothing the detail pane alone needs. */
export function profileSummary(record: ProfileRecord, session: SessionInfo | undefined): ProfileSummary {
  const provider = knownProvider(record.type);
  const sessions = provider?.sessions;
  return {
    name: record.name,
    type: record.type,
    label: provider?.profile.label ?? record.type,
    favourite: record.favourite === true,
    source: typeof record.fields.source === 'string' ? record.fields.source : null,
    keywords: [...new Set(Object.values(describeSafely(provider?.profile, record)))].join('\n'),
    hasSessions: sessions !== undefined,
    hasConsole: sessions?.console !== undefined,
    ...(record.console && sessions?.console ? { consolePage: consolePageLabel(record.console) } : {}),
    hasOtp: record.type === TOTP_TYPE || record.mfa?.kind === 'totp' || record.mfa?.kind === 'yubikey',
    session: session ?? { state: 'none', expiration: null },
  };
}

export function profileView(
  record: ProfileRecord,
  all: readonly ProfileRecord[],
  session: SessionInfo | undefined,
): ProfileView {
  return {
    ...profileSummary(record, session),
    mfa: record.mfa?.kind ?? null,
    consolePageEditor: consolePageEditor(record),
    details: describeSafely(knownProvider(record.type)?.profile, record),
    // Built on this one: named as its source (switch user, role chains) or its session (IAM Identity Center roles).
    dependents: all
      .filter((other) => other.fields.source === record.name || other.fields.session === record.name)
      .map((other) => other.name),
  };
}

/** The services the console page editor offers and the page the profile remembers; null when its console takes none. */
function consolePageEditor(record: ProfileRecord): ProfileView['consolePageEditor'] {
  const pages = knownProvider(record.type)?.sessions?.consolePages;
  if (!pages) return null;
  return { services: [...pages.services], page: { ...record.console } };
}

/** "s3 (eu-west-1)", "console.aws.amazon.com/s3/buckets/logs", "(eu-west-1)": what a remembered console page is. */
export function consolePageLabel(page: NonNullable<ProfileRecord['console']>): string {
  let target = page.service ?? '';
  if (page.destination !== undefined) {
    try {
      const url = new URL(page.destination);
      target = `${url.host}${url.pathname}`.replace(/\/$/, '');
    } catch {
      target = page.destination;
    }
  }
  const region = page.region !== undefined ? `(${page.region})` : '';
  return [target, region].filter((part) => part.length > 0).join(' ');
}
