// What `activate` returns: a small handle for the integration tests and for other extensions that
// want to read what Workload Stacks shows.
import type { WorkloadCatalog } from './catalog/workloadCatalog';
import type { RefreshScheduler } from './catalog/refreshScheduler';
import type { PanelManager } from './panel/panelManager';
import type { WorkloadTree } from './tree/workloadTree';

export interface WorkloadStacksApi {
  /** The sources and what they last listed. */
  readonly catalog: WorkloadCatalog;
  /** The Workloads view's rows, drawn from the catalog. */
  readonly tree: WorkloadTree;
  readonly panels: PanelManager;
  /** What keeps the catalog live while the view is visible. */
  readonly refresher: RefreshScheduler;
  /** How long activate() took (VS Code's "activation time"), for the benchmark. */
  readonly activationMs: number;
}
