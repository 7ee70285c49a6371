// Words of the overhead lab's panel (its numbers: src/shared/overheadFormat.ts, shared with the
// Markdown export).
import type { WorkloadKind } from '../../src/shared/model';
import type { Verdict } from '../../src/shared/overhead';
import { t } from './l10n';

/** The words beside a ratio: never colour alone. */
export const VERDICT_WORDS: Record<Verdict, string> = {
  baseline: t('baseline'),
  same: t('within noise'),
  costlier: t('costlier'),
  cheaper: t('cheaper'),
};

export function workloadKindLabel(kind: WorkloadKind): string {
  switch (kind) {
    case 'host':
      return t('this machine');
    case 'vm':
      return t('VM');
    case 'container':
      return t('container');
    case 'pod':
      return t('pod');
  }
}
