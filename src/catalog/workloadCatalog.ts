// What the editor knows about the workloads around it, without the editor: the sources
// (providers) by id, each source's last list, the refreshes in flight and the states events
// reported ahead of the lists. The tree, the scheduler, the QuickPicks, the commands and the
// overhead lab read it; it says what changed and leaves the drawing to them. Sources can come
// and go at run time, and any number of them can be of one kind.
import type { WorkloadRef } from '../shared/model';
import type { Diagnosis, KnownState, ListResult, WorkloadProvider, WorkloadSummary } from '../providers/provider';
import { EventOverlay, withKnown } from './eventOverlay';

/** What changed: the set of sources (or whether they are available), or one source's list or connection. */
export type CatalogChange = { kind: 'sources' } | { kind: 'listed'; sourceId: string } | { kind: 'connection'; sourceId: string };

export interface CatalogOptions {
  /** Whether the workspace is trusted; in Restricted Mode sources that run a program list nothing. */
  isTrusted?: () => boolean;
  /** The clock events and lists are ordered by (milliseconds); injected by tests. */
  now?: () => number;
}

interface SourceState {
  readonly provider: WorkloadProvider;
  result?: ListResult;
  reconnecting: boolean;
  /** Reconnects that failed in a row while the events stream is down. */
  failedAttempts: number;
  /** Checked once per source (and on recheckAvailability): unavailable sources are not shown. */
  available?: Promise<boolean>;
  inFlight?: Promise<void>;
  again: boolean;
  readonly overlay: EventOverlay;
}

export class WorkloadCatalog {
  private readonly states = new Map<string, SourceState>();
  private readonly listeners = new Set<(change: CatalogChange) => void>();
  private readonly isTrusted: () => boolean;
  private readonly now: () => number;

  constructor(sources: readonly WorkloadProvider[] = [], options: CatalogOptions = {}) {
    this.isTrusted = options.isTrusted ?? (() => true);
    this.now = options.now ?? (() => performance.now());
    for (const source of sources) this.states.set(source.id, newState(source));
  }

  /** Calls `listener` on every change until the returned handle is disposed. */
  onDidChange(listener: (change: CatalogChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  get sources(): WorkloadProvider[] {
    return [...this.states.values()].map((state) => state.provider);
  }

  source(sourceId: string): WorkloadProvider | undefined {
    return this.states.get(sourceId)?.provider;
  }

  /** Adds a source, or replaces the one with its id (its list starts over). */
  addSource(source: WorkloadProvider): void {
    this.states.set(source.id, newState(source));
    this.fire({ kind: 'sources' });
  }

  removeSource(sourceId: string): void {
    if (this.states.delete(sourceId)) this.fire({ kind: 'sources' });
  }

  /** Replaces every source at once (settings changed, trust granted): all lists start over. */
  setSources(sources: readonly WorkloadProvider[]): void {
    this.states.clear();
    for (const source of sources) this.states.set(source.id, newState(source));
    this.fire({ kind: 'sources' });
  }

  /**
   * Makes the sources these, keeping the state of each that stays (same id, same provider): an
   * engine found again on Refresh keeps its rows; one that came or went is told as a change.
   */
  syncSources(sources: readonly WorkloadProvider[]): void {
    const kept = new Map(this.states);
    const current = [...kept.values()];
    if (sources.length === current.length && sources.every((source, index) => current[index].provider === source)) return;
    this.states.clear();
    for (const source of sources) {
      const previous = kept.get(source.id);
      this.states.set(source.id, previous?.provider === source ? previous : newState(source));
    }
    this.fire({ kind: 'sources' });
  }

  /** The program listing this source would run, when Restricted Mode forbids running it. */
  restrictedBy(source: WorkloadProvider): string | undefined {
    return this.isTrusted() ? undefined : source.listingProgram?.();
  }

  /** Whether the source's tool or endpoint exists here; a source whose check throws is not. */
  isAvailable(sourceId: string): Promise<boolean> {
    const state = this.states.get(sourceId);
    if (!state) return Promise.resolve(false);
    const provider = state.provider;
    state.available ??= provider.availability
      ? provider.availability({ mayRunPrograms: this.isTrusted() }).then(
          (result) => result.available,
          () => false,
        )
      : Promise.resolve(true);
    return state.available;
  }

  /** Asks every source again whether its tool is there (the view's Refresh). */
  recheckAvailability(): void {
    for (const state of this.states.values()) state.available = undefined;
    this.fire({ kind: 'sources' });
  }

  /** The source's last list (with event-reported states laid over), undefined before the first. */
  result(sourceId: string): ListResult | undefined {
    return this.states.get(sourceId)?.result;
  }

  isReconnecting(sourceId: string): boolean {
    return this.states.get(sourceId)?.reconnecting ?? false;
  }

  /** How many reconnects in a row failed while the events stream is down (0 when connected). */
  failedReconnects(sourceId: string): number {
    return this.states.get(sourceId)?.failedAttempts ?? 0;
  }

  setReconnecting(sourceId: string, reconnecting: boolean, failedAttempts = 0): void {
    const state = this.states.get(sourceId);
    const attempts = reconnecting ? failedAttempts : 0;
    if (!state || (state.reconnecting === reconnecting && state.failedAttempts === attempts)) return;
    state.reconnecting = reconnecting;
    state.failedAttempts = attempts;
    this.fire({ kind: 'connection', sourceId });
  }

  /** Every workload the sources last listed, for QuickPicks; an engine reached twice counts once. */
  listedWorkloads(): WorkloadSummary[] {
    return [...this.states.values()].flatMap((state) => (state.result?.ok && !this.duplicateOf(state.provider.id) ? state.result.workloads : []));
  }

  /**
   * The source before this one (in source order) whose last list came from the same engine, by
   * the engine's own ID: a socket and a context, or two contexts, that reach one engine. The tree
   * shows that engine once, under the first.
   */
  duplicateOf(sourceId: string): WorkloadProvider | undefined {
    const result = this.states.get(sourceId)?.result;
    const engineId = result?.ok ? result.engineId : undefined;
    if (!engineId) return undefined;
    for (const state of this.states.values()) {
      if (state.provider.id === sourceId) return undefined;
      if (state.result?.ok && state.result.engineId === engineId) return state.provider;
    }
    return undefined;
  }

  /** The workload as last listed, without listing again. */
  summaryOf(ref: { providerId: string; id: string }): WorkloadSummary | undefined {
    const result = this.states.get(ref.providerId)?.result;
    return result?.ok ? result.workloads.find((summary) => summary.ref.id === ref.id) : undefined;
  }

  /**
   * The listed workload a reference from outside names (a restored panel, a command argument, a
   * document URI): honoured only when a source the user enabled lists it now. Its source is
   * listed once more when it is not in the last list (a panel restored before the first list).
   * Callers go on with the listed summary's own ref, never with the one they were given.
   */
  async listedWorkload(ref: { providerId: string; id: string }): Promise<WorkloadSummary | undefined> {
    const state = this.states.get(ref.providerId);
    if (!state || !(await this.isAvailable(ref.providerId)) || this.restrictedBy(state.provider)) return undefined;
    if (!this.summaryOf(ref)) await this.refresh(ref.providerId);
    return this.summaryOf(ref);
  }

  /** Whether any source is being listed now. */
  get isListing(): boolean {
    return [...this.states.values()].some((state) => state.inFlight !== undefined);
  }

  /**
   * Lists again (one source, or all). At most one list call per source is in flight; calls
   * arriving meanwhile are folded into a single follow-up run.
   */
  refresh(sourceId?: string): Promise<void> {
    const states = sourceId ? [this.stateOf(sourceId)] : [...this.states.values()];
    return Promise.all(states.map((state) => this.refreshOne(state))).then(() => undefined);
  }

  private refreshOne(state: SourceState): Promise<void> {
    if (state.inFlight) {
      state.again = true;
      return state.inFlight;
    }
    state.inFlight = (async () => {
      do {
        state.again = false;
        const listedAt = this.now();
        const program = this.restrictedBy(state.provider);
        const result: ListResult = program
          ? { ok: false, endpoint: '', diagnosis: restrictedDiagnosis(state.provider, program) }
          : await listSafely(state.provider);
        // A source removed or replaced while it listed: its answer belongs to nobody.
        if (this.states.get(state.provider.id) !== state) return;
        state.result = state.overlay.overlay(result, listedAt);
        this.fire({ kind: 'listed', sourceId: state.provider.id });
      } while (state.again);
    })().finally(() => {
      state.inFlight = undefined;
    });
    return state.inFlight;
  }

  /**
   * Shows the state an event reported for one workload at once (a stop shows as soon as the
   * process died), without a list call; the lists the event also triggers confirm it.
   */
  applyKnownState(ref: WorkloadRef, known: KnownState): void {
    const state = this.states.get(ref.providerId);
    const result = state?.result;
    if (!state || !result?.ok) return;
    const index = result.workloads.findIndex((summary) => summary.ref.id === ref.id);
    if (index < 0) return; // a workload the last list did not have: the list brings it
    state.overlay.record(ref.id, known, this.now());
    const workloads = [...result.workloads];
    workloads[index] = withKnown(workloads[index], known);
    state.result = { ...result, workloads };
    this.fire({ kind: 'listed', sourceId: ref.providerId });
  }

  private stateOf(sourceId: string): SourceState {
    const state = this.states.get(sourceId);
    if (!state) throw new Error(`No workload source '${sourceId}'.`);
    return state;
  }

  private fire(change: CatalogChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

function newState(provider: WorkloadProvider): SourceState {
  return { provider, reconnecting: false, failedAttempts: 0, again: false, overlay: new EventOverlay() };
}

/** A source that throws instead of answering shows that as its own diagnosis; the others carry on. */
async function listSafely(provider: WorkloadProvider): Promise<ListResult> {
  try {
    return await provider.list();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, endpoint: '', diagnosis: { kind: 'unknown', message: `${provider.label} could not list its workloads: ${message}`, hint: 'Retry, or turn this source off in the settings.' } };
  }
}

/** In Restricted Mode, instead of a list: the program listing would run, and how to allow it. */
export function restrictedDiagnosis(provider: WorkloadProvider, program: string): Diagnosis {
  return {
    kind: 'restricted',
    message: `Restricted Mode: ${provider.label} is not listed, as listing it runs ${program}.`,
    hint: 'Trust this workspace to list it. Nothing a workspace sets can choose what runs, but in Restricted Mode Workload Stacks runs nothing at all.',
  };
}
