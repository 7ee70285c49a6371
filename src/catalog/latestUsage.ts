// The latest usage sample of each workload that has a live stats stream (an open, visible stack
// panel): the panels write it, the tree's tooltip reads it. Editor-free, so both layers may hold it.
// VS Code resolves a row's tooltip once per drawing of the row, so the store says when a row is
// worth drawing again: at most once per interval per workload, never once per sample.
import type { WorkloadRef } from '../shared/model';
import type { UsageSample } from '../shared/usageRates';

export interface LatestReading {
  sample: UsageSample;
  /** Processes or threads, when the source counts them. */
  pids: number | null;
}

/** How stale a row's tooltip may get while its workload streams: a row redraw per workload at most this often. */
const TOOLTIP_REFRESH_MS = 10_000;

export class LatestUsage {
  /** One entry per workload with a stream: bounded by the panels open, removed when a stream ends. */
  private readonly latest = new Map<string, LatestReading & { announcedMs: number }>();
  private readonly listeners = new Set<(ref: WorkloadRef) => void>();

  constructor(private readonly refreshMs = TOOLTIP_REFRESH_MS) {}

  set(ref: WorkloadRef, reading: LatestReading, nowMs = Date.now()): void {
    const key = keyOf(ref);
    const previous = this.latest.get(key);
    const due = !previous || nowMs - previous.announcedMs >= this.refreshMs;
    this.latest.set(key, { ...reading, announcedMs: due ? nowMs : (previous?.announcedMs ?? nowMs) });
    if (due) for (const listener of this.listeners) listener(ref);
  }

  /** Called when a workload's row should be drawn again for its tooltip; returns the unsubscribe. */
  onDidChange(listener: (ref: WorkloadRef) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(ref: WorkloadRef): LatestReading | undefined {
    const entry = this.latest.get(keyOf(ref));
    return entry && { sample: entry.sample, pids: entry.pids };
  }

  delete(ref: WorkloadRef): void {
    this.latest.delete(keyOf(ref));
  }
}

function keyOf(ref: WorkloadRef): string {
  return `${ref.providerId}/${ref.id}`;
}
