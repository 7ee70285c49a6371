// What the Workloads tree is made of. Nodes are plain data kept by id, so a refresh can update a
// row in place and tell VS Code about that row alone.
import type { Diagnosis, PodContainerSummary, WorkloadProvider, WorkloadSummary } from '../providers/provider';
import type { GroupKind } from './grouping';

export interface EngineNode {
  type: 'engine';
  id: string;
  provider: WorkloadProvider;
}

export interface GroupNode {
  type: 'group';
  id: string;
  providerId: string;
  /** A Compose project (grouped by label), a Podman pod (shared namespaces) or a Kubernetes node (its pods). */
  kind: GroupKind;
  project: string;
}

export interface WorkloadNode {
  type: 'workload';
  id: string;
  summary: WorkloadSummary;
}

/** A container of a pod, under the pod's row: its commands act on the pod, on this container. */
export interface PodContainerNode {
  type: 'podContainer';
  id: string;
  pod: WorkloadSummary;
  container: PodContainerSummary;
}

/** A row that is not a workload: a diagnosis, "no containers", or a fix-it action under a diagnosis. */
export interface MessageNode {
  type: 'message';
  id: string;
  label: string;
  tooltip?: string;
  tone: 'error' | 'info' | 'action';
  diagnosis?: Diagnosis;
  /** For action rows: the command run on click. */
  command?: { command: string; title: string; arguments?: unknown[] };
}

export type TreeNode = EngineNode | GroupNode | WorkloadNode | PodContainerNode | MessageNode;

/** The rows of a pod's containers, made from its summary (the list's data; nothing is read). */
export function podContainerNodes(pod: WorkloadNode): PodContainerNode[] {
  return (pod.summary.containers ?? []).map((container) => ({ type: 'podContainer', id: `${pod.id}/container/${container.name}`, pod: pod.summary, container }));
}

export function workloadNodeId(providerId: string, workloadId: string): string {
  return `${providerId}/workload/${workloadId}`;
}

export function groupNodeId(providerId: string, project: string, kind: GroupKind = 'compose'): string {
  return kind === 'compose' ? `${providerId}/group/${project}` : `${providerId}/${kind}/${project}`;
}
