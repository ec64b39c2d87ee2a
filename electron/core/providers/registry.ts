import { ExitCode, TobiraError } from '../errors';
import { totpProfile } from './totp';
import type { AddOption, ProviderProfileSpec } from './types';

/** Every profile type Tobira knows. A new provider adds its spec here and touches nothing else. */
const SPECS: readonly ProviderProfileSpec[] = [totpProfile];

const BY_TYPE = new Map(SPECS.map((spec) => [spec.type, spec]));

export function profileTypes(): string[] {
  return SPECS.map((spec) => spec.type);
}

export function providerSpec(type: string): ProviderProfileSpec {
  const spec = BY_TYPE.get(type);
  if (!spec)
    throw new TobiraError('profile.unknownType', ExitCode.usage, { type, known: profileTypes().join(', ') });
  return spec;
}

/** The union of every type's `profile add` flags, each once, for the CLI to register. */
export function allAddOptions(): AddOption[] {
  const seen = new Map<string, AddOption>();
  for (const spec of SPECS)
    for (const option of spec.addOptions) if (!seen.has(option.key)) seen.set(option.key, option);
  return [...seen.values()];
}
