// Words and numbers of the overhead lab. Numbers are formatted like the host's Markdown export
// (en-US, 3 significant digits below 1000) so a saved report reads exactly like the panel.
import type { WorkloadKind } from '../../src/shared/model';
import type { Verdict } from '../../src/shared/overhead';

export function formatMeasurement(value: number): string {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toPrecision(3);
}

export function formatSpread(spreadPct: number): string {
  return `±${spreadPct.toFixed(0)}%`;
}

export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`;
}

/** The words beside a ratio: never colour alone. */
export const VERDICT_WORDS: Record<Verdict, string> = {
  baseline: 'baseline',
  same: 'within noise',
  costlier: 'costlier',
  cheaper: 'cheaper',
};

export function workloadKindLabel(kind: WorkloadKind): string {
  switch (kind) {
    case 'host':
      return 'this machine';
    case 'vm':
      return 'VM';
    case 'container':
      return 'container';
  }
}

/** Local date and time of an ISO timestamp; the ISO text itself when it does not parse. */
export function formatDateTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
