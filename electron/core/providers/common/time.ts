/** ISO 8601 UTC with Z and without milliseconds, the form of every expiry Tobira stores or prints (docs/architecture.md §5). */
export function isoSeconds(time: Date | number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
