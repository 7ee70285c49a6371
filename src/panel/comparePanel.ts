// The compare panel: reads several workloads' stacks (at most four at a time), finds the layers
// they share, and keeps the picture live while visible by following their providers' changes.
import * as vscode from 'vscode';
import { compareStacks } from '../shared/compare';
import type { Stack, WorkloadRef } from '../shared/model';
import { type CompareFromWebview, type CompareToWebview, isCompareFromWebview } from '../shared/compareProtocol';
import type { PanelStatus } from '../shared/panelProtocol';
import type { Closeable, Logger, WorkloadProvider } from '../providers/provider';
import { withSecretsHidden } from './secrets';
import { WebviewPanelBase } from './webviewPanelBase';
import type { ExportFormat } from '../shared/exportProtocol';
import { compareMarkdown } from '../shared/export/compareMarkdown';
import { compareMermaid } from '../shared/export/compareMermaid';
import { fileNameStem } from '../shared/export/exportText';
import { PanelExporter } from './panelExporter';

export const COMPARE_VIEW_TYPE = 'workloadStacks.compare';

const MAX_CONCURRENT_INSPECTIONS = 4;
const REREAD_DEBOUNCE_MS = 300;

export interface ComparePanelDeps {
  providerOf(id: string): WorkloadProvider | undefined;
  extensionUri: vscode.Uri;
  log: Logger;
  /** The stack as it nests: a kind pod stands on its node container, so it shares that machine's bands. */
  nest(stack: Stack): Promise<Stack>;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the order of results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

export class ComparePanel extends WebviewPanelBase<CompareFromWebview, CompareToWebview> {
  private model: (CompareToWebview & { type: 'compare' }) | undefined;
  private status: PanelStatus = { kind: 'loading' };
  private watches: Closeable[] = [];
  private rereadTimer: NodeJS.Timeout | undefined;
  private readonly exporter = new PanelExporter(
    (message) => this.post(message),
    {
      fileStem: () => `${fileNameStem(this.names().join('-'))}-compare`,
      what: () => vscode.l10n.t('the comparison of {0}', this.names().join(', ')),
      text: (format, exportedAt) => this.model && (format === 'markdown' ? compareMarkdown : compareMermaid)(this.model.model, { exportedAt }),
    },
    this.log,
  );

  constructor(panel: vscode.WebviewPanel, readonly refs: readonly WorkloadRef[], private readonly deps: ComparePanelDeps) {
    super(panel, deps.extensionUri, deps.log, isCompareFromWebview, 'Compare panel');
    this.followVisibility();
    void this.reread();
  }

  /** What the panel shows now: for the integration tests. */
  get snapshot(): { model: CompareToWebview | undefined; status: PanelStatus } {
    return { model: this.model, status: this.status };
  }

  async reread(): Promise<void> {
    const stacks = await mapLimited(this.refs, MAX_CONCURRENT_INSPECTIONS, (ref) => this.inspect(ref));
    // A comparison has no reveal button: secret values never leave the extension host.
    const readable = stacks.filter((stack): stack is Stack => stack !== undefined).map(withSecretsHidden);
    if (readable.length === 0) {
      this.setStatus({ kind: 'error', message: vscode.l10n.t('None of the chosen workloads could be read.') });
      return;
    }
    const model = compareStacks(readable, new Date().toISOString());
    this.panel.title = vscode.l10n.t('Compare: {0}', model.columns.map((c) => c.name).join(', '));
    this.model = { type: 'compare', model };
    this.post(this.model);
    const missing = this.refs.length - readable.length;
    this.setStatus(missing > 0 ? { kind: 'stale', message: vscode.l10n.t('{0} of the chosen workloads could not be read (removed?).', missing) } : { kind: 'live' });
  }

  private async inspect(ref: WorkloadRef): Promise<Stack | undefined> {
    const provider = this.deps.providerOf(ref.providerId);
    if (!provider) return undefined;
    try {
      // Processes are left out: the engine lists them one container at a time, and a comparison
      // is about the layers.
      const stack = await provider.inspectStack(ref, { processes: false });
      return await this.deps.nest(stack);
    } catch (error) {
      this.deps.log.warn(`compare: could not read ${ref.id}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** The names compared, as read (the references until then). */
  private names(): string[] {
    return this.model ? this.model.model.columns.map((column) => column.name) : this.refs.map((ref) => ref.id.slice(0, 12));
  }

  /** The view's Export… and the palette's Export Stack Diagram: asks the format unless given. */
  exportDiagram(format?: ExportFormat): Promise<vscode.Uri | undefined> {
    return this.exporter.run(format);
  }

  protected restore(): void {
    this.post({ type: 'status', status: this.status });
    this.exporter.pageLoaded();
    if (this.model) this.post(this.model);
  }

  protected override viewStateChanged(): void {
    this.followVisibility();
  }

  protected receive(message: Exclude<CompareFromWebview, { type: 'ready' }>): void {
    if (message.type === 'action' && message.action === 'refresh') void this.reread();
    else if (message.type === 'exportDiagram' || message.type === 'exportImage') this.exporter.receive(message);
  }

  private setStatus(status: PanelStatus): void {
    this.status = status;
    this.post({ type: 'status', status });
  }

  private followVisibility(): void {
    if (this.panel.visible && this.watches.length === 0) {
      const providerIds = [...new Set(this.refs.map((ref) => ref.providerId))];
      this.watches = providerIds.flatMap((id) => {
        const provider = this.deps.providerOf(id);
        if (!provider) return [];
        return [
          provider.watch(
            (ref) => {
              if (ref && !this.refs.some((r) => r.providerId === ref.providerId && r.id === ref.id)) return;
              clearTimeout(this.rereadTimer);
              this.rereadTimer = setTimeout(() => void this.reread(), REREAD_DEBOUNCE_MS);
            },
            () => undefined,
          ),
        ];
      });
    } else if (!this.panel.visible) {
      this.stopWatching();
    }
  }

  private stopWatching(): void {
    clearTimeout(this.rereadTimer);
    for (const watch of this.watches) watch.close();
    this.watches = [];
  }

  protected override release(): void {
    this.stopWatching();
    this.exporter.dispose();
  }
}
