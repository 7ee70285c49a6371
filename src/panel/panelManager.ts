// Owns every panel: one stack panel per workload (opened or revealed, brought back after a reload
// from the workload the webview stored, read live again), the compare panels, and the overhead
// lab's result panels.
import * as vscode from 'vscode';
import type { Stack, WorkloadRef } from '../shared/model';
import type { OverheadAnnotation } from '../shared/overhead';
import { isComparePanelState, isPanelState } from '../shared/protocol';
import { COMPARE_VIEW_TYPE, ComparePanel } from './comparePanel';
import { OVERHEAD_VIEW_TYPE, OverheadPanel } from './overheadPanel';
import type { Logger, WorkloadProvider, WorkloadSummary } from '../providers/provider';
import { STACK_VIEW_TYPE, StackPanel } from './stackPanel';
import type { FailureReporter, WorkloadActions } from './panelActions';
import type { LatestUsage } from '../catalog/latestUsage';
import type { ImageAnalyses } from './imageAnalyses';
import { IMAGE_COMPARE_VIEW_TYPE, ImageComparePanel } from './imageComparePanel';
import type { NamedImageAnalysis } from '../shared/imageCompare';

export class PanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, StackPanel>();
  /** The tab tree clicks reuse, as the Explorer's preview editor; a dedicated open keeps it. */
  private reusable: StackPanel | undefined;
  private readonly compares: ComparePanel[] = [];
  private readonly overheads: OverheadPanel[] = [];
  private readonly imageCompares: ImageComparePanel[] = [];
  /** The overhead lab's last results per workload, drawn on its diagram whenever it is open. */
  private readonly annotations = new Map<string, OverheadAnnotation>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly providerOf: (id: string) => WorkloadProvider | undefined,
    private readonly log: Logger,
    private readonly actions: WorkloadActions,
    /** The listed workload a saved reference names: a restored panel shows only what a source lists. */
    private readonly listedWorkload: (ref: WorkloadRef) => Promise<WorkloadSummary | undefined>,
    private readonly failures: FailureReporter,
    /** A stack as it nests in what the view lists (a pod on its node container). */
    private readonly nest: (stack: Stack) => Promise<Stack> = async (stack) => stack,
    /** Where the stack panels put each workload's latest usage sample, for the tree's tooltip. */
    private readonly latestUsage?: LatestUsage,
    /** Reads and keeps image analyses: the stack panels' layers, the image comparisons. */
    readonly images?: ImageAnalyses,
  ) {}

  /**
   * Shows this workload's diagram: in its own tab if it has one; with `reuseTab`, in the tab the
   * last tree click opened (no new webview to load); else in a new tab.
   */
  open(ref: WorkloadRef, name: string, { preserveFocus = false, reuseTab = false }: { preserveFocus?: boolean; reuseTab?: boolean } = {}): StackPanel {
    const existing = this.panels.get(keyOf(ref));
    if (existing) {
      if (!reuseTab && existing === this.reusable) this.reusable = undefined; // opened on purpose: keep it
      existing.reveal(preserveFocus);
      void existing.reinspect();
      return existing;
    }
    const provider = this.providerOf(ref.providerId);
    if (reuseTab && this.reusable && provider) {
      const reused = this.reusable;
      this.panels.delete(keyOf(reused.ref));
      this.panels.set(keyOf(ref), reused);
      reused.showWorkload(ref, name, provider);
      reused.reveal(preserveFocus);
      return reused;
    }
    const panel = vscode.window.createWebviewPanel(
      STACK_VIEW_TYPE,
      vscode.l10n.t('Stack: {0}', name),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus },
      { enableScripts: true },
    );
    const opened = this.adopt(panel, ref, name);
    if (reuseTab) this.reusable = opened;
    return opened;
  }

  /** Opens a compare panel for these workloads, side by side over what they share. */
  openCompare(refs: readonly WorkloadRef[]): ComparePanel {
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, 'Compare', vscode.ViewColumn.Active, { enableScripts: true });
    return this.adoptCompare(panel, refs);
  }

  /** The compare panels open now, newest last. */
  get comparePanels(): readonly ComparePanel[] {
    return this.compares;
  }

  /** The stack and compare panels open now, the one in the active tab first: what an export is made of. */
  diagramPanels(): (StackPanel | ComparePanel)[] {
    return [...this.panels.values(), ...this.compares].sort((a, b) => Number(b.panel.active) - Number(a.panel.active));
  }

  compareSerializer(): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const listed = isComparePanelState(state) ? await Promise.all(state.compare.map((saved) => this.listedWorkload(toRef(saved)))) : [];
        const refs = listed.flatMap((summary) => (summary ? [summary.ref] : []));
        if (refs.length === 0) {
          this.log.warn('Compare panel: not restored, as none of the workloads it showed is listed now.');
          panel.dispose();
          return;
        }
        this.adoptCompare(panel, refs);
      },
    };
  }

  private adoptCompare(panel: vscode.WebviewPanel, refs: readonly WorkloadRef[]): ComparePanel {
    const compare = new ComparePanel(panel, refs, { providerOf: this.providerOf, extensionUri: this.extensionUri, log: this.log, nest: this.nest });
    this.compares.push(compare);
    panel.onDidDispose(() => this.compares.splice(this.compares.indexOf(compare), 1));
    return compare;
  }

  /** Opens a panel comparing two analysed images: shared base layers, where they part, files that differ. */
  openImageCompare(a: NamedImageAnalysis, b: NamedImageAnalysis): ImageComparePanel {
    const panel = vscode.window.createWebviewPanel(IMAGE_COMPARE_VIEW_TYPE, 'Compare images', vscode.ViewColumn.Active, { enableScripts: true });
    const compare = new ImageComparePanel(panel, this.extensionUri, this.log, a, b);
    this.imageCompares.push(compare);
    compare.onDidDispose(() => this.imageCompares.splice(this.imageCompares.indexOf(compare), 1));
    return compare;
  }

  /** The image compare panels open now, newest last. */
  get imageComparePanels(): readonly ImageComparePanel[] {
    return this.imageCompares;
  }

  /** Opens a panel for an overhead measurement about to run; it fills in as the lab measures. */
  openOverhead(): OverheadPanel {
    const panel = vscode.window.createWebviewPanel(OVERHEAD_VIEW_TYPE, 'Overhead', { viewColumn: vscode.ViewColumn.Active, preserveFocus: true }, { enableScripts: true });
    const overhead = new OverheadPanel(panel, this.extensionUri, this.log, this.failures);
    this.overheads.push(overhead);
    overhead.onDidDispose(() => this.overheads.splice(this.overheads.indexOf(overhead), 1));
    return overhead;
  }

  /** The overhead panels open now, newest last. */
  get overheadPanels(): readonly OverheadPanel[] {
    return this.overheads;
  }

  /** Keeps the measured cost of a workload and draws it on its diagram if one is open. */
  setOverheadAnnotation(ref: WorkloadRef, annotation: OverheadAnnotation | undefined): void {
    if (annotation) this.annotations.set(keyOf(ref), annotation);
    else this.annotations.delete(keyOf(ref));
    this.find(ref)?.sendOverheadAnnotation();
  }

  /** The stack panels open now (a usage recording is found among them). */
  get stackPanels(): readonly StackPanel[] {
    return [...this.panels.values()];
  }

  /** The panel showing this workload, if one is open. */
  find(ref: WorkloadRef): StackPanel | undefined {
    return this.panels.get(keyOf(ref));
  }

  serializer(): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const listed = isPanelState(state) ? await this.listedWorkload(toRef(state.workload)) : undefined;
        if (!listed) {
          this.log.warn('Stack panel: not restored, as its saved state names no workload that is listed now.');
          panel.dispose();
          return;
        }
        this.adopt(panel, listed.ref, listed.name);
      },
    };
  }

  private adopt(panel: vscode.WebviewPanel, ref: WorkloadRef, name: string): StackPanel {
    const provider = this.providerOf(ref.providerId);
    if (!provider) throw new Error(`No workload provider '${ref.providerId}'.`);
    const stackPanel = new StackPanel(panel, ref, name, {
      provider,
      extensionUri: this.extensionUri,
      log: this.log,
      actions: this.actions,
      overheadAnnotation: (shown) => this.annotations.get(keyOf(shown)),
      nest: this.nest,
      latestUsage: this.latestUsage,
      images: this.images,
    });
    this.panels.set(keyOf(ref), stackPanel);
    stackPanel.onDidDispose(() => {
      const key = keyOf(stackPanel.ref);
      if (this.panels.get(key) === stackPanel) this.panels.delete(key);
      if (this.reusable === stackPanel) this.reusable = undefined;
    });
    return stackPanel;
  }


  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.panel.dispose();
    for (const compare of [...this.compares]) compare.panel.dispose();
    for (const overhead of [...this.overheads]) overhead.panel.dispose();
    for (const compare of [...this.imageCompares]) compare.panel.dispose();
    this.panels.clear();
  }
}

/** A saved reference back into our type; an unknown kind is read as a container, the default. */
function toRef(saved: { kind: string; providerId: string; id: string }): WorkloadRef {
  const kind = saved.kind === 'vm' || saved.kind === 'host' ? saved.kind : 'container';
  return { kind, providerId: saved.providerId, id: saved.id };
}

function keyOf(ref: WorkloadRef): string {
  return `${ref.providerId}/${ref.id}`;
}
