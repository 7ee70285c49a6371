// Median, min and max of a measurement's samples.

/** { median, min, max, n } of `samples` (numbers); all undefined when there are none. */
export function summarize(samples = []) {
  const sorted = samples.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: undefined, min: undefined, max: undefined, n: 0 };
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}
