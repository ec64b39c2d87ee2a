import type { Command } from 'commander';
import { providerCommands, type ProviderCommandId } from '../../core/providers';
import type { ContextFactory, Translate } from '../context';
import { registerApiKeyCommands } from './apikey';
import { registerIdpServerCommands } from './idp-server';
import { registerSimCommands } from './sim';
import { registerSsoCommands } from './sso';

type Register = (program: Command, context: ContextFactory, t: Translate) => void;

/** The command module of each group a provider may declare (ProviderExtras.commands); the type makes it complete. */
const PROVIDER_COMMANDS: { readonly [C in ProviderCommandId]: Register } = {
  apikey: registerApiKeyCommands,
  'idp-server': registerIdpServerCommands,
  sim: registerSimCommands,
  sso: registerSsoCommands,
};

/** Registers the command groups the registry's providers declare, each once, in the registry's order. */
export function registerProviderCommands(program: Command, context: ContextFactory, t: Translate): void {
  for (const id of providerCommands()) PROVIDER_COMMANDS[id](program, context, t);
}
