// States that engine events reported for rows, ahead of the list that confirms them. Lists and
// events share one sequence: a list that began before an event cannot undo what the event said,
// and a list that began after it settles it.
import type { KnownState, ListResult, WorkloadSummary } from '../providers/provider';

export class KnownStates {
  private readonly byWorkload = new Map<string, { known: KnownState; seq: number }>();

  record(workloadId: string, known: KnownState, seq: number): void {
    this.byWorkload.set(workloadId, { known, seq });
  }

  /** The list's result with the states reported after the list began; older reports are dropped. */
  overlay(result: ListResult, listedAt: number): ListResult {
    if (!result.ok) this.byWorkload.clear();
    for (const [id, entry] of this.byWorkload) if (entry.seq < listedAt) this.byWorkload.delete(id);
    if (!result.ok || this.byWorkload.size === 0) return result;
    const workloads = result.workloads.map((summary) => {
      const entry = this.byWorkload.get(summary.ref.id);
      return entry ? withKnown(summary, entry.known) : summary;
    });
    return { ...result, workloads };
  }
}

export function withKnown(summary: WorkloadSummary, known: KnownState): WorkloadSummary {
  if (summary.state === known.state) return summary;
  return { ...summary, state: known.state, status: known.status(summary.status) };
}
