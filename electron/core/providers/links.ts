import { ExitCode, TobiraError } from '../errors';
import type { ProfileRecord } from '../vault/schema';
import { knownProvider, profileTypes } from './registry';
import type { ProfileLink } from './types';

/** The fields of a type that name another profile. */
export function linksOf(type: string): readonly ProfileLink[] {
  return knownProvider(type)?.profile.links ?? [];
}

/** Whether a profile of `type` can serve the link (the login code would take its session). */
export function canServe(link: ProfileLink, type: string): boolean {
  const definition = knownProvider(type);
  if (!definition) return false;
  if (link.accepts.types?.includes(type) === true) return true;
  const provider = definition.sessions?.provider;
  return provider !== undefined && link.accepts.providers?.includes(provider) === true;
}

/**
 * Every problem with the links of a profile about to be saved as `name`: a source that does not exist, one of a type
 * that cannot serve, the profile itself, or a chain that comes back to it. Each error is tied to its form field.
 */
export function linkProblems(
  type: string,
  name: string,
  fields: Readonly<Record<string, unknown>>,
  profiles: readonly ProfileRecord[],
): TobiraError[] {
  const problems: TobiraError[] = [];
  for (const link of linksOf(type)) {
    const source = fields[link.field];
    if (typeof source !== 'string') continue;
    const on = { field: link.field };
    const target = profiles.find((profile) => profile.name === source);
    if (source === name) {
      problems.push(new TobiraError('profile.link.self', ExitCode.usage, { name }, on));
    } else if (!target) {
      problems.push(new TobiraError('profile.link.missing', ExitCode.usage, { name, source }, on));
    } else if (!canServe(link, target.type)) {
      problems.push(
        new TobiraError(
          'profile.link.incompatible',
          ExitCode.usage,
          { name, source, sourceType: target.type, expected: compatibleTypes(link).join(', ') },
          on,
        ),
      );
    } else if (leadsBackTo(name, target, profiles)) {
      problems.push(new TobiraError('profile.link.cycle', ExitCode.usage, { name, source }, on));
    }
  }
  return problems;
}

/** Throws the first link problem (the CLI's one message, exit 2). */
export function assertLinks(
  type: string,
  name: string,
  fields: Readonly<Record<string, unknown>>,
  profiles: readonly ProfileRecord[],
): void {
  const [first] = linkProblems(type, name, fields, profiles);
  if (first) throw first;
}

/** The types a link accepts, for messages. */
export function compatibleTypes(link: ProfileLink): string[] {
  return profileTypes().filter((type) => canServe(link, type));
}

/** The profiles that could fill a link field of a profile of `type` (the app's picker); never `self`. */
export function linkCandidates(
  type: string,
  field: string,
  self: string | undefined,
  profiles: readonly ProfileRecord[],
): string[] {
  const link = linksOf(type).find((candidate) => candidate.field === field);
  if (!link) return [];
  return profiles
    .filter((profile) => profile.name !== self && canServe(link, profile.type))
    .map((profile) => profile.name);
}

export interface Dependent {
  name: string;
  field: string;
}

/** The profiles whose links name `name`. */
export function dependentsOf(name: string, profiles: readonly ProfileRecord[]): Dependent[] {
  const found: Dependent[] = [];
  for (const profile of profiles) {
    for (const link of linksOf(profile.type)) {
      if (profile.fields[link.field] === name) found.push({ name: profile.name, field: link.field });
    }
  }
  return found;
}

/** Points every link that names `from` at `to` (inside the rename's transaction); returns the profiles changed. */
export function followRename(profiles: ProfileRecord[], from: string, to: string, now: string): string[] {
  const changed: string[] = [];
  for (const profile of profiles) {
    for (const link of linksOf(profile.type)) {
      if (profile.fields[link.field] !== from) continue;
      profile.fields = { ...profile.fields, [link.field]: to };
      profile.updatedAt = now;
      changed.push(profile.name);
    }
  }
  return changed;
}

/** Whether following links from `start` reaches `name` (a role whose source's source is the role itself). */
function leadsBackTo(name: string, start: ProfileRecord, profiles: readonly ProfileRecord[]): boolean {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift() as ProfileRecord;
    if (seen.has(current.name)) continue;
    seen.add(current.name);
    for (const link of linksOf(current.type)) {
      const next = current.fields[link.field];
      if (next === name) return true;
      const target = profiles.find((profile) => profile.name === next);
      if (target) queue.push(target);
    }
  }
  return false;
}
