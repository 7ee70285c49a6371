// Words of the overhead lab's panel (its numbers: src/shared/overheadFormat.ts, shared with the
// Markdown export).
import type { WorkloadKind } from '../../src/shared/model';
import type { Verdict } from '../../src/shared/overhead';

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
    case 'pod':
      return 'pod';
  }
}

/** Local date and time of an ISO timestamp; the ISO text itself when it does not parse. */
export function formatDateTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
