// The overhead lab's results panel: the table, updated as each workload finishes, and the two
// exports. Results live here and nowhere else; the panel is not restored after a reload (a
// measurement is a moment, not a live view: run it again).
import * as vscode from 'vscode';
import type { OverheadResults } from '../shared/overhead';
import { type OverheadFromWebview, type OverheadToWebview, isOverheadFromWebview } from '../shared/overheadProtocol';
import type { Logger } from '../providers/provider';
import { toJson, toMarkdown } from '../overhead/overheadExport';
import { WebviewPanelBase } from './webviewPanelBase';
import type { FailureReporter } from './panelActions';

export const OVERHEAD_VIEW_TYPE = 'workloadStacks.overhead';

export class OverheadPanel extends WebviewPanelBase<OverheadFromWebview, OverheadToWebview> {
  private results: OverheadResults | undefined;
  private running = true;

  constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: Logger, private readonly failures: FailureReporter) {
    super(panel, extensionUri, log, isOverheadFromWebview, 'Overhead panel');
  }

  /** What the panel shows now: for the integration tests. */
  get snapshot(): { results: OverheadResults | undefined; running: boolean } {
    return { results: this.results, running: this.running };
  }

  /** New results; ignored once the user closed the panel (the run itself carries on to its end). */
  update(results: OverheadResults, running: boolean): void {
    if (this.isDisposed) return;
    this.results = results;
    this.running = running;
    this.panel.title = vscode.l10n.t('Overhead: {0}', results.columns.map((column) => column.name).join(', '));
    this.restore();
  }

  protected restore(): void {
    if (this.results) this.post({ type: 'overhead', results: this.results, running: this.running });
  }

  protected receive(message: Exclude<OverheadFromWebview, { type: 'ready' }>): void {
    void this.export(message.format);
  }

  private async export(format: 'markdown' | 'json'): Promise<void> {
    const results = this.results;
    if (!results || this.running) return;
    const stamp = results.finishedAt.slice(0, 19).replace(/[:T]/g, '-');
    const extension = format === 'markdown' ? 'md' : 'json';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const defaultName = `workload-stacks-overhead-${stamp}.${extension}`;
    const target = await vscode.window.showSaveDialog({
      title: format === 'markdown' ? vscode.l10n.t('Save the overhead results as Markdown') : vscode.l10n.t('Save the overhead results as JSON'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, defaultName) : undefined,
      filters: format === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, Buffer.from(format === 'markdown' ? toMarkdown(results) : toJson(results), 'utf8'));
      const open = await vscode.window.showInformationMessage(vscode.l10n.t('Saved the overhead results to {0}.', vscode.workspace.asRelativePath(target)), vscode.l10n.t('Open'));
      if (open) await vscode.window.showTextDocument(target);
    } catch (error) {
      this.failures.report(vscode.l10n.t('Could not save the overhead results to {0}: {1}', target.fsPath, error instanceof Error ? error.message : String(error)), error);
    }
  }

}
