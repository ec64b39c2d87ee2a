import type { ProfileRecord } from './schema';

/** The public view of a profile (CLI --json, the UI): everything but secret ids, which mean nothing outside. */
export function profileSummary(record: ProfileRecord) {
  return {
    name: record.name,
    type: record.type,
    ...(record.favourite ? { favourite: true } : {}),
    mfa: record.mfa?.kind ?? null,
    fields: record.fields,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
