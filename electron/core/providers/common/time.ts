/** ISO 8601 UTC with Z and without milliseconds, the form of every expiry Tobira stores or prints (docs/architecture.md §5). */
export function isoSeconds(time: Date | number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * How far this machine's clock is from a server's, in whole seconds (positive: ours is ahead), from the HTTP `Date`
 * header of its answer; undefined without a usable header. The header has one-second resolution.
 */
export function clockOffsetSeconds(
  dateHeader: string | null | undefined,
  now = Date.now(),
): number | undefined {
  const theirs = dateHeader ? Date.parse(dateHeader) : NaN;
  return Number.isFinite(theirs) ? Math.round((now - theirs) / 1000) : undefined;
}

/** Beyond one TOTP step, codes made here no longer match the server's: worth telling the user about the clock. */
export const TOTP_CLOCK_TOLERANCE_SECONDS = 30;
