// Statistics shared by the benchmark scripts.

/** Nearest-rank percentile (`fraction` 0.5 is the median, the lower middle of an even count); NaN for no values. */
export function percentile(values, fraction) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

export function median(values) {
  return percentile(values, 0.5);
}
