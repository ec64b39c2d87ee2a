import { ProfileName } from '../../vault/schema';
import type { ImportCandidate, ImportPlan, ImportSkip } from '../types';

/** What one entry of another tool's configuration becomes: a profile, or the reason it is skipped. */
export type ImportVerdict =
  Pick<ImportCandidate, 'type' | 'fields' | 'secrets'> | Pick<ImportSkip, 'reason' | 'params'>;

export interface ImportEntry {
  /** Its name in the other tool, which becomes the profile name. */
  name: string;
  /** The file it is in. */
  origin: string;
  /** Reads the entry; called only when its name can be a profile name. */
  read(): ImportVerdict;
}

/** A plan that only says why nothing can be imported (the source is missing or unreadable as a whole). */
export function nothingToImport(origin: string, reason: ImportSkip['reason']): ImportPlan {
  return { candidates: [], skipped: [{ name: '-', origin, reason }] };
}

/** The plan of the entries, in their order; an entry without a usable name is skipped unread ("-" if it has none). */
export function planEntries(entries: Iterable<ImportEntry>): ImportPlan {
  const plan: ImportPlan = { candidates: [], skipped: [] };
  for (const entry of entries) {
    const { name, origin } = entry;
    const verdict: ImportVerdict = ProfileName.safeParse(name).success
      ? entry.read()
      : { reason: 'import.badName' };
    if ('reason' in verdict) {
      const { reason, params } = verdict;
      plan.skipped.push({ name: name || '-', origin, reason, ...(params ? { params } : {}) });
    } else {
      plan.candidates.push({ name, origin, ...verdict });
    }
  }
  return plan;
}
