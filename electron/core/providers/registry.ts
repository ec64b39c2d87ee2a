import { ExitCode, TobiraError } from '../errors';
import { soracomImporter, soracomProvider, soracomSwitchProvider } from './soracom';
import { totpProfile } from './totp';
import { awsIamUserProvider, awsImporter, awsRoleProvider } from './aws';
import { idpServerAdminProvider, idpServerProvider } from './idp-server';
import { auth0AdminProvider, auth0ApiKeyProvider } from './auth0';
import { kryptonProvider } from './krypton';
import { alibabaProvider, aliyunImporter } from './alibaba';
import { awsSsoProvider, awsSsoSessionProvider } from './aws-sso';
import type {
  AddOption,
  ProfileImporter,
  ProviderAction,
  ProviderActionId,
  ProviderCommandId,
  ProviderDefinition,
  ProviderLinker,
  ProviderProfileSpec,
  ProviderSessions,
} from './types';

/** Every profile type Tobira knows. A new provider adds its definition here and touches nothing else. */
const DEFINITIONS: readonly ProviderDefinition[] = [
  { profile: totpProfile },
  soracomProvider,
  soracomSwitchProvider,
  idpServerProvider,
  idpServerAdminProvider,
  awsIamUserProvider,
  awsRoleProvider,
  kryptonProvider,
  auth0ApiKeyProvider,
  auth0AdminProvider,
  alibabaProvider,
  awsSsoSessionProvider,
  awsSsoProvider,
];
const IMPORTERS: readonly ProfileImporter[] = [soracomImporter, awsImporter, aliyunImporter];

const BY_TYPE = new Map(DEFINITIONS.map((definition) => [definition.profile.type, definition]));

export function profileTypes(): string[] {
  return DEFINITIONS.map((definition) => definition.profile.type);
}

function definition(type: string): ProviderDefinition {
  const found = BY_TYPE.get(type);
  if (!found)
    throw new TobiraError('profile.unknownType', ExitCode.usage, { type, known: profileTypes().join(', ') });
  return found;
}

/** The definition of a type this version knows, or undefined: profiles of another version stay listable. */
export function knownProvider(type: string): ProviderDefinition | undefined {
  return BY_TYPE.get(type);
}

export function providerSpec(type: string): ProviderProfileSpec {
  return definition(type).profile;
}

/** The session side of a type, or undefined for types without sessions (totp). */
export function providerSessions(type: string): ProviderSessions | undefined {
  return definition(type).sessions;
}

/** The union of every type's `profile add` flags, each once, for the CLI to register. */
export function allAddOptions(): AddOption[] {
  const seen = new Map<string, AddOption>();
  for (const { profile } of DEFINITIONS) {
    for (const option of profile.addOptions) if (!seen.has(option.key)) seen.set(option.key, option);
  }
  return [...seen.values()];
}

/** The `link` side of a type, or undefined when its tool has no config entry to point back at tobira. */
export function providerLinker(type: string): ProviderLinker | undefined {
  return definition(type).linker;
}

/** The command groups the providers declare, each once, in the registry's order, for the CLI to register. */
export function providerCommands(): ProviderCommandId[] {
  return [...new Set(DEFINITIONS.flatMap((definition) => definition.extras?.commands ?? []))];
}

/** The provider function behind an app channel (ProviderExtras.actions); exactly one provider serves each. */
export function providerAction<C extends ProviderActionId>(id: C): ProviderAction<C> {
  for (const definition of DEFINITIONS) {
    const action = definition.extras?.actions?.[id];
    if (action) return action;
  }
  throw new TobiraError('error.internal', ExitCode.error, { detail: `no provider serves ${id}` });
}

export function importSources(): string[] {
  return IMPORTERS.map((importer) => importer.source);
}

export function profileImporter(source: string): ProfileImporter {
  const found = IMPORTERS.find((importer) => importer.source === source);
  if (!found)
    throw new TobiraError('import.unknownSource', ExitCode.usage, {
      source,
      known: importSources().join(', '),
    });
  return found;
}
