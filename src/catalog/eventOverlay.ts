// States that engine events reported for workloads, laid over the lists until a list agrees.
//
// An event can run ahead of what the engine's list says: Docker publishes `die` before it
// records the container as exited, so a list begun a moment after the event can still say
// "running". An event-reported state is therefore kept until a list confirms it, a newer event
// replaces it, the workload leaves the list, or a list begun well after the event (`settleMs`)
// still disagrees: then the engine has moved on and the list is right.
import type { KnownState, ListResult, WorkloadSummary } from '../providers/provider';

/** How long after an event a disagreeing list is still taken to be stale. */
export const EVENT_SETTLE_MS = 1000;

interface Reported {
  known: KnownState;
  /** The catalog's clock when the event arrived. */
  at: number;
}

export class EventOverlay {
  private readonly byWorkload = new Map<string, Reported>();

  constructor(private readonly settleMs = EVENT_SETTLE_MS) {}

  record(workloadId: string, known: KnownState, at: number): void {
    this.byWorkload.set(workloadId, { known, at });
  }

  /**
   * The list's result with the reported states that still stand; `listedAt` is the clock when the
   * list began. Reports the list settles are dropped.
   */
  overlay(result: ListResult, listedAt: number): ListResult {
    if (!result.ok) {
      this.byWorkload.clear();
      return result;
    }
    if (this.byWorkload.size === 0) return result;
    const listed = new Map(result.workloads.map((summary) => [summary.ref.id, summary]));
    for (const [id, reported] of this.byWorkload) {
      const summary = listed.get(id);
      const settled = !summary || summary.state === reported.known.state || listedAt - reported.at >= this.settleMs;
      if (settled) this.byWorkload.delete(id);
    }
    if (this.byWorkload.size === 0) return result;
    const workloads = result.workloads.map((summary) => {
      const reported = this.byWorkload.get(summary.ref.id);
      return reported ? withKnown(summary, reported.known) : summary;
    });
    return { ...result, workloads };
  }
}

export function withKnown(summary: WorkloadSummary, known: KnownState): WorkloadSummary {
  if (summary.state === known.state) return summary;
  return { ...summary, state: known.state, status: known.status(summary.status) };
}
