// The overhead lab's results: what the extension measured on each workload, as ratios to this
// machine. Plain data shared by the extension (tables, exports) and the webview (table, diagram
// annotations). Values come from probes inside workloads: always rendered as text.
import type { LayerKind, WorkloadKind, WorkloadRef } from './model';
import type { ProbeMetricId } from './probeReport';

export type OverheadRowId = ProbeMetricId | 'net.fromHost' | 'provisioning';

/** How a workload compares with this machine on one metric, beyond the noise or not. */
export type Verdict = 'baseline' | 'same' | 'costlier' | 'cheaper';

export interface OverheadCell {
  median?: number;
  /** Half the range of the runs, as a percentage of the median (the "±"). */
  spreadPct?: number;
  runs?: number[];
  /**
   * Cost relative to this machine: 1 is the same, 2 twice as costly (half the throughput or
   * twice the time), whatever the unit's direction.
   */
  costRatio?: number;
  verdict?: Verdict;
  /** What exactly was measured here (file system, worker count, buffer size). */
  detail?: string;
  /** Why this metric was not measured on this workload. */
  error?: string;
}

export interface OverheadColumn {
  ref: WorkloadRef;
  name: string;
  kind: WorkloadKind;
  /** Honest labels: accelerator, limits, whether the host is itself a VM, the file system measured. */
  measuredOn: string[];
  /** How the probe was placed (e.g. through a volume). */
  notes: string[];
  /** Why nothing was measured on this workload. */
  error?: string;
  /** The band the cost is drawn beside on the diagram (isolation for containers, hypervisor for VMs). */
  costLayer?: LayerKind;
}

export interface OverheadRow {
  id: OverheadRowId;
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  cells: OverheadCell[];
  /** Published figures for context, with their source. */
  reference?: string;
}

export interface OverheadResults {
  startedAt: string;
  finishedAt: string;
  runs: number;
  runMs: number;
  /** True when the user stopped the run: the columns hold what was measured until then. */
  cancelled: boolean;
  /** Column 0 is this machine, the baseline of every ratio. */
  columns: OverheadColumn[];
  rows: OverheadRow[];
  referenceSource: string;
}

/** What the diagram draws beside the band that causes the cost. */
export interface OverheadAnnotation {
  layerKind: LayerKind;
  headline: string;
  lines: string[];
  measuredAt: string;
}
