// Arranges a provider's workloads the way the tree shows them: Compose projects first (by name),
// then the containers that belong to none, each list sorted by name.
import type { WorkloadSummary } from '../providers/provider';

export interface GroupedWorkloads {
  groups: { project: string; workloads: WorkloadSummary[] }[];
  ungrouped: WorkloadSummary[];
}

const byName = (a: WorkloadSummary, b: WorkloadSummary) => a.name.localeCompare(b.name);

export function groupWorkloads(workloads: readonly WorkloadSummary[]): GroupedWorkloads {
  const projects = new Map<string, WorkloadSummary[]>();
  const ungrouped: WorkloadSummary[] = [];
  for (const workload of workloads) {
    const project = workload.group?.project;
    if (!project) {
      ungrouped.push(workload);
      continue;
    }
    const members = projects.get(project) ?? [];
    members.push(workload);
    projects.set(project, members);
  }
  const groups = [...projects.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([project, members]) => ({ project, workloads: members.sort(byName) }));
  return { groups, ungrouped: ungrouped.sort(byName) };
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
    JSON.stringify(a.ports) === JSON.stringify(b.ports)
  );
}
