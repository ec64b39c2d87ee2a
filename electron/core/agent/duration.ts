/** The longest duration a timer can wait in one go (setTimeout's 2^31−1 ms, about 24.8 days). */
export const MAX_DURATION_MS = 2 ** 31 - 1;

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * `30m`, `8h`, `1d`, `90s`, or a combination such as `1h30m`, in milliseconds; undefined when the text is not a
 * positive duration up to MAX_DURATION_MS.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+[smhd])+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return total > 0 && total <= MAX_DURATION_MS ? total : undefined;
}
