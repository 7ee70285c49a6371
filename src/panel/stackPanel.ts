// One stack diagram panel for one workload: sends the model once per inspection (held until the
// webview is ready), follows the workload's events while visible, streams live stats only while visible, and says
// when the data is stale or the workload is gone.
import * as vscode from 'vscode';
import type { Stack, WorkloadRef } from '../shared/model';
import type { OverheadAnnotation } from '../shared/overhead';
import type { PanelStatus } from '../shared/panelProtocol';
import { type StackFromWebview, type StackToWebview, isStackFromWebview } from '../shared/stackProtocol';
import { type Closeable, type Logger, type WorkloadProvider, WorkloadGoneError } from '../providers/provider';
import { withSecretsHidden } from './secrets';
import { WebviewPanelBase } from './webviewPanelBase';
import { type WorkloadActions, runPanelAction } from './panelActions';
import type { LatestUsage } from '../catalog/latestUsage';
import { type FinishedRecording, UsageHistory } from './usageHistory';
import type { UsageSample } from '../shared/usageRates';
import { saveUsageRecording } from './saveUsageRecording';
import type { ExportFormat } from '../shared/exportProtocol';
import { stackMarkdown } from '../shared/export/stackMarkdown';
import { stackMermaid } from '../shared/export/stackMermaid';
import { fileNameStem } from '../shared/export/exportText';
import { PanelExporter } from './panelExporter';
import type { ImageAnalyses } from './imageAnalyses';
import { PanelImageAnalysis } from './panelImageAnalysis';
import type { ImageAnalysisState } from '../shared/imageAnalysisProtocol';

export const STACK_VIEW_TYPE = 'workloadStacks.stack';

/** Coalesces bursts of events (a restart is stop, die, start) into one re-inspection. */
const REINSPECT_DEBOUNCE_MS = 250;

export interface StackPanelDeps {
  provider: WorkloadProvider;
  extensionUri: vscode.Uri;
  log: Logger;
  /** What the toolbar's buttons run: the palette's own code, with its confirmations. */
  actions: WorkloadActions;
  /** The overhead lab's last measured cost for this workload, drawn beside its band. */
  overheadAnnotation(ref: WorkloadRef): OverheadAnnotation | undefined;
  /** The stack as it nests: a pod on a node container of a listed engine stands on its bands. */
  nest(stack: Stack): Promise<Stack>;
  /** Where the latest sample goes for the tree's tooltip. */
  latestUsage?: LatestUsage;
  /** Reads and keeps image analyses (the libraries band's layers opened into their files). */
  images?: ImageAnalyses;
}

export class StackPanel extends WebviewPanelBase<StackFromWebview, StackToWebview> {
  private stack: Stack | undefined;
  private status: PanelStatus = { kind: 'loading' };
  private secretsRevealed = false;
  private watch: Closeable | undefined;
  private stats: Closeable | undefined;
  private reinspectTimer: NodeJS.Timeout | undefined;
  private readonly usage = new UsageHistory();
  private readonly image: PanelImageAnalysis | undefined;
  /** Exports write secrets masked from the model held here, whatever the panel reveals. */
  private readonly exporter = new PanelExporter(
    (message) => this.post(message),
    {
      fileStem: () => `${fileNameStem(this.name)}-stack`,
      what: () => vscode.l10n.t('the stack of {0}', this.name),
      text: (format, exportedAt) => this.stack && (format === 'markdown' ? stackMarkdown : stackMermaid)(this.stack, { exportedAt }),
    },
    this.log,
  );

  constructor(panel: vscode.WebviewPanel, private target: WorkloadRef, private name: string, private deps: StackPanelDeps) {
    super(panel, deps.extensionUri, deps.log, isStackFromWebview, 'Stack panel');
    this.image = deps.images && new PanelImageAnalysis(deps.images, (message) => this.post(message), deps.log);
    // Once per workload, not per re-inspection: its image does not change.
    void this.image?.show(deps.provider, target);
    panel.title = vscode.l10n.t('Stack: {0}', name);
    this.followVisibility();
    void this.reinspect();
  }

  /** What the panel currently shows: for the integration tests. */
  get snapshot(): { stack: Stack | undefined; status: PanelStatus; image: ImageAnalysisState | undefined } {
    return { stack: this.stack, status: this.status, image: this.image?.snapshot };
  }

  /** Reads the shown container's image into its layers' files (the palette's Analyse Image Layers). */
  analyseImage(): Promise<void> {
    return this.image?.run(this.deps.provider) ?? Promise.resolve();
  }

  /** The workload shown now (a reused tab changes it). */
  get ref(): WorkloadRef {
    return this.target;
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  /**
   * Shows another workload in this same tab (the reusable tab of tree clicks): no new webview to
   * load. What belonged to the previous workload goes: its live streams, revealed secrets, data.
   */
  showWorkload(ref: WorkloadRef, name: string, provider: WorkloadProvider): void {
    void this.stopRecording();
    this.stopLive();
    this.deps.latestUsage?.delete(this.target);
    this.usage.reset();
    this.post({ type: 'usageHistory', samples: [] });
    this.target = ref;
    this.name = name;
    this.deps = { ...this.deps, provider };
    this.stack = undefined;
    this.secretsRevealed = false;
    void this.image?.show(provider, ref);
    this.panel.title = vscode.l10n.t('Stack: {0}', name);
    this.setStatus({ kind: 'loading' });
    this.followVisibility();
    void this.reinspect();
  }

  /** Reads the workload again and sends the new model (also the panel's "Refresh"). */
  async reinspect(): Promise<void> {
    const target = this.target;
    try {
      const stack = await this.deps.nest(await this.deps.provider.inspectStack(target));
      if (target !== this.target) return; // the tab moved on to another workload meanwhile
      this.stack = stack;
      this.name = this.stack.name;
      this.panel.title = vscode.l10n.t('Stack: {0}', this.name);
      this.setStatus({ kind: 'live' });
      this.sendStack();
      this.followVisibility();
      if (this.watch) this.startStats();
    } catch (error) {
      if (target !== this.target) return;
      if (error instanceof WorkloadGoneError) return this.markRemoved();
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.warn(`inspect ${this.ref.id}: ${message}`);
      this.setStatus(this.stack ? { kind: 'stale', message: vscode.l10n.t('Could not read the latest data: {0}', message) } : { kind: 'error', message });
    }
  }

  /** The toolbar's Export… and the palette's Export Stack Diagram: asks the format unless given. */
  exportDiagram(format?: ExportFormat): Promise<vscode.Uri | undefined> {
    return this.exporter.run(format);
  }

  protected restore(): void {
    this.post({ type: 'status', status: this.status });
    this.exporter.pageLoaded();
    this.sendStack();
    this.post({ type: 'usageHistory', samples: this.usage.samples() });
    this.post({ type: 'recording', recording: this.usage.recordingState });
    this.image?.restore();
  }

  get isRecording(): boolean {
    return this.usage.recordingState !== null;
  }

  /** The usage history the sparklines draw: for the integration tests. */
  get usageSamples(): readonly UsageSample[] {
    return this.usage.samples();
  }

  /** Keeps a longer window of samples until stopRecording; the stream then runs while hidden too. */
  startRecording(): void {
    this.post({ type: 'recording', recording: this.usage.startRecording() });
    this.followVisibility();
  }

  /** Ends the recording and asks where to save it; undefined when none was running or it was not saved. */
  async stopRecording(): Promise<vscode.Uri | undefined> {
    const finished = this.usage.stopRecording();
    if (!finished) return undefined;
    this.post({ type: 'recording', recording: null });
    this.followVisibility();
    return this.saveRecording(finished);
  }

  private async saveRecording(finished: FinishedRecording): Promise<vscode.Uri | undefined> {
    const workload = { ref: this.target, name: this.name, source: vscode.l10n.t('{0} live stats, sampled by Workload Stacks', this.deps.provider.label) };
    try {
      return await saveUsageRecording(workload, finished);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.warn(`save usage recording of ${this.target.id}: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not save the usage recording: {0}', message));
      return undefined;
    }
  }

  protected override viewStateChanged(): void {
    this.followVisibility();
  }

  protected receive(message: Exclude<StackFromWebview, { type: 'ready' }>): void {
    switch (message.type) {
      case 'exportDiagram':
      case 'exportImage':
        this.exporter.receive(message);
        return;
      case 'revealSecrets':
        this.secretsRevealed = message.reveal;
        this.sendStack();
        return;
      case 'record':
        if (message.record) this.startRecording();
        else void this.stopRecording();
        return;
      case 'analyseImage':
      case 'cancelImageAnalysis':
      case 'layerFiles':
        this.image?.receive(this.deps.provider, message);
        return;
      case 'action':
        if (message.action === 'refresh') void this.reinspect();
        else void runPanelAction(this.deps.actions, message.action, { ref: this.ref, name: this.name });
        return;
    }
  }

  private sendStack(): void {
    if (!this.stack) return;
    const stack = this.secretsRevealed ? this.stack : withSecretsHidden(this.stack);
    this.post({ type: 'stack', stack, secretsRevealed: this.secretsRevealed });
    this.sendOverheadAnnotation();
  }

  /** Sends the overhead lab's annotation for the workload shown (none: removes a previous one). */
  sendOverheadAnnotation(): void {
    if (!this.stack) return;
    this.post({ type: 'overheadAnnotation', annotation: this.deps.overheadAnnotation(this.target) ?? null });
  }

  private setStatus(status: PanelStatus): void {
    this.status = status;
    this.post({ type: 'status', status });
  }

  private markRemoved(): void {
    this.stopLive();
    this.setStatus({ kind: 'removed', message: vscode.l10n.t('{0} was removed from the engine. The diagram shows its last known state.', this.name) });
  }

  /**
   * Live connections exist only while the panel is visible and its workload exists; a recording the
   * user started keeps the stats stream (not the events) while the tab is hidden, or it would have holes.
   */
  private followVisibility(): void {
    const wanted = this.panel.visible && this.status.kind !== 'removed';
    if (wanted && !this.watch) this.startLive();
    else if (!wanted && this.watch) this.stopLive();
    if (!wanted && this.status.kind !== 'removed' && this.isRecording) this.startStats();
    else if (!wanted && this.stats) this.stopStats();
  }

  private startLive(): void {
    let wasConnected = true;
    this.watch = this.deps.provider.watch(
      (ref) => {
        if (ref && ref.id !== this.ref.id) return;
        clearTimeout(this.reinspectTimer);
        this.reinspectTimer = setTimeout(() => void this.reinspect(), REINSPECT_DEBOUNCE_MS);
      },
      (connected) => {
        if (!connected) {
          this.stats?.close();
          this.stats = undefined;
          this.setStatus({ kind: 'stale', message: vscode.l10n.t('Lost the connection to the engine; reconnecting. The data shown may be out of date.') });
        } else if (!wasConnected) {
          void this.reinspect();
        }
        wasConnected = connected;
      },
    );
    this.startStats();
  }

  private startStats(): void {
    if (this.stats || !this.stack || !/running|paused|restarting/i.test(this.stack.state)) return;
    this.stats = this.deps.provider.streamStats(
      this.ref,
      (stats) => {
        const sample = this.usage.add(stats);
        this.deps.latestUsage?.set(this.ref, { sample, pids: stats.pids });
        this.post({ type: 'stats', stats, sample });
      },
      (error) => {
        this.stats = undefined;
        if (error) this.post({ type: 'statsEnded', reason: error.message });
      },
    );
  }

  private stopLive(): void {
    clearTimeout(this.reinspectTimer);
    this.watch?.close();
    this.watch = undefined;
    this.stopStats();
  }

  private stopStats(): void {
    this.stats?.close();
    this.stats = undefined;
  }

  protected override release(): void {
    this.stopLive();
    // A recording running when the tab closes is still offered for saving.
    const finished = this.usage.stopRecording();
    if (finished) void this.saveRecording(finished);
    this.deps.latestUsage?.delete(this.target);
    this.exporter.dispose();
    this.image?.dispose();
  }
}
