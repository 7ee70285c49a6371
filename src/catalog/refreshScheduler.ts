// Keeps the tree live without keeping the engine busy: while the view is visible it follows each
// provider's event stream (throttled: at once, then at most one list per quiet window) plus a slow
// safety poll; while hidden it holds no connection
// and sends no request.
import type { Closeable, Logger, WorkloadProvider } from '../providers/provider';
import type { WorkloadCatalog } from './workloadCatalog';

export interface RefreshTimings {
  debounceMs: number;
  pollIntervalMs: () => number;
}

export class RefreshScheduler {
  /** Each watch with the provider it follows: a source replaced under the same id is followed anew. */
  private readonly watches = new Map<string, { provider: WorkloadProvider; watch: Closeable }>();
  private readonly debounceTimers = new Map<string, NodeJS.Timeout>();
  /** Providers that had events during their quiet window. */
  private readonly pending = new Set<string>();
  private pollTimer: NodeJS.Timeout | undefined;
  private visible = false;

  constructor(private readonly catalog: WorkloadCatalog, private readonly timings: RefreshTimings, private readonly log: Logger) {}

  /** Whether it follows the sources now (the view is visible). */
  get isWatching(): boolean {
    return this.visible;
  }

  /** No event waits to be folded into a refresh: the throttle has settled (for the tests). */
  get isQuiet(): boolean {
    return this.debounceTimers.size === 0 && this.pending.size === 0;
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) {
      this.startWatching();
      void this.catalog.refresh();
    } else {
      this.stopWatching();
    }
  }

  /** Settings changed (endpoint, poll interval): start the connections over. */
  restart(): void {
    if (!this.visible) return;
    this.stopWatching();
    this.startWatching();
    void this.catalog.refresh();
  }

  /**
   * The catalog's sources changed without a settings change (an engine found or gone on Refresh):
   * follow the new ones, stop following the gone ones, leave the others' streams as they are.
   */
  syncWatches(): void {
    if (!this.visible) return;
    const current = new Map(this.catalog.sources.map((provider) => [provider.id, provider]));
    for (const [id, { provider, watch }] of [...this.watches]) {
      if (current.get(id) === provider) continue;
      watch.close();
      this.watches.delete(id);
    }
    this.watchAll();
  }

  private startWatching(): void {
    this.watchAll();
    this.schedulePoll();
  }

  /** Follows every source not followed yet (in Restricted Mode not one that runs a program to list). */
  private watchAll(): void {
    for (const provider of this.catalog.sources.filter((candidate) => !this.watches.has(candidate.id) && !this.catalog.restrictedBy(candidate))) {
      const watch = provider.watch(
        (ref, known) => {
          // What the event says is drawn now; the list that follows confirms it.
          if (ref && known) this.catalog.applyKnownState(ref, known);
          this.schedule(provider.id);
        },
        (connected, failedAttempts) => {
          this.catalog.setReconnecting(provider.id, !connected, failedAttempts ?? 0);
          // Events may have been missed while the stream was down.
          if (connected) this.schedule(provider.id);
        },
      );
      this.watches.set(provider.id, { provider, watch });
    }
  }

  private stopWatching(): void {
    for (const { watch } of this.watches.values()) watch.close();
    this.watches.clear();
    for (const timer of this.debounceTimers.values()) clearTimeout(timer);
    this.debounceTimers.clear();
    this.pending.clear();
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  /**
   * Leading-edge throttle: the first event refreshes at once (a start shows without waiting);
   * events during the quiet window after it fold into one more refresh when the window ends.
   */
  private schedule(providerId: string): void {
    if (this.debounceTimers.has(providerId)) {
      this.pending.add(providerId);
      return;
    }
    this.refreshNow(providerId);
    const closeWindow = () => {
      this.debounceTimers.delete(providerId);
      if (!this.pending.delete(providerId)) return;
      this.refreshNow(providerId);
      this.debounceTimers.set(providerId, setTimeout(closeWindow, this.timings.debounceMs));
    };
    this.debounceTimers.set(providerId, setTimeout(closeWindow, this.timings.debounceMs));
  }

  private refreshNow(providerId: string): void {
    this.catalog.refresh(providerId).catch((error: unknown) => this.log.error(`refresh ${providerId}: ${String(error)}`));
  }

  private schedulePoll(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      if (!this.visible) return;
      void this.catalog.refresh().finally(() => this.visible && this.schedulePoll());
    }, this.timings.pollIntervalMs());
  }

  dispose(): void {
    this.stopWatching();
  }
}
