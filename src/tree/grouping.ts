// Arranges a provider's workloads the way the tree shows them: Compose projects and Podman pods
// first (by name, pods after projects of the same name), then the containers in none, by name.
import type { WorkloadSummary } from '../providers/provider';

export type GroupKind = 'compose' | 'pod' | 'node' | 'namespace';

export interface GroupedWorkloads {
  groups: { kind: GroupKind; project: string; workloads: WorkloadSummary[] }[];
  ungrouped: WorkloadSummary[];
}

const byName = (a: WorkloadSummary, b: WorkloadSummary) => a.name.localeCompare(b.name);

export function groupWorkloads(workloads: readonly WorkloadSummary[]): GroupedWorkloads {
  // A Compose project and a pod may share a name (podman-compose makes pods of its own): kept apart.
  const groups = new Map<string, { kind: GroupKind; project: string; workloads: WorkloadSummary[] }>();
  const ungrouped: WorkloadSummary[] = [];
  for (const workload of workloads) {
    const project = workload.group?.project;
    if (!project) {
      ungrouped.push(workload);
      continue;
    }
    const kind = groupKindOf(workload);
    const key = `${kind}/${project}`;
    const group = groups.get(key) ?? { kind, project, workloads: [] };
    group.workloads.push(workload);
    groups.set(key, group);
  }
  const sorted = [...groups.values()]
    .sort((a, b) => a.project.localeCompare(b.project) || a.kind.localeCompare(b.kind))
    .map((group) => ({ ...group, workloads: group.workloads.sort(byName) }));
  return { groups: sorted, ungrouped: ungrouped.sort(byName) };
}

export function groupKindOf(workload: WorkloadSummary): GroupKind {
  return workload.group?.kind ?? 'compose';
}

/** True when two summaries would draw the same row. */
export function sameRow(a: WorkloadSummary, b: WorkloadSummary): boolean {
  return (
    a.name === b.name &&
    a.image === b.image &&
    a.state === b.state &&
    a.status === b.status &&
    a.health === b.health &&
    a.group?.project === b.group?.project &&
    a.group?.service === b.group?.service &&
    a.group?.kind === b.group?.kind &&
    a.group?.infra === b.group?.infra &&
    JSON.stringify(a.ports) === JSON.stringify(b.ports)
  );
}
