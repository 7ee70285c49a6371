// Medians, spreads and the one rule for calling a difference real: it must exceed twice the
// larger spread of the two sides (runs on these machines vary by 4-26 % depending on the metric).
import type { Verdict } from '../shared/overhead';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Half the range of the runs as a percentage of their median (0 for one run). */
export function spreadPercent(values: readonly number[]): number {
  const middle = median(values);
  if (values.length < 2 || !(middle > 0)) return 0;
  return ((Math.max(...values) - Math.min(...values)) / 2 / middle) * 100;
}

/** How many times costlier `value` is than `baseline`: time-like units divide one way, rates the other. */
export function costRatio(value: number, baseline: number, better: 'higher' | 'lower'): number | undefined {
  if (!(value > 0) || !(baseline > 0)) return undefined;
  const ratio = better === 'higher' ? baseline / value : value / baseline;
  return Number.isFinite(ratio) ? ratio : undefined;
}

export function verdictOf(ratio: number, spreadPct: number, baselineSpreadPct: number): Verdict {
  const noise = (2 * Math.max(spreadPct, baselineSpreadPct)) / 100;
  if (Math.abs(ratio - 1) <= noise) return 'same';
  return ratio > 1 ? 'costlier' : 'cheaper';
}
