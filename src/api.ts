// What `activate` returns: a small handle for the integration tests and for other extensions that
// want to read what Workload Stacks shows.
import type { PanelManager } from './panel/panelManager';
import type { WorkloadTree } from './tree/workloadTree';

export interface WorkloadStacksApi {
  readonly tree: WorkloadTree;
  readonly panels: PanelManager;
  /** How long activate() took (VS Code's "activation time"), for the benchmark. */
  readonly activationMs: number;
}
