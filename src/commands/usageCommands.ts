// The palette's "Record Usage…" and "Stop Recording": a recording lives in the workload's stack
// panel (its one stats stream); these find or open that panel, or ask which workload or recording.
import * as vscode from 'vscode';
import type { WorkloadCatalog } from '../catalog/workloadCatalog';
import { COMMANDS } from '../commandIds';
import type { PanelManager } from '../panel/panelManager';
import type { StackPanel } from '../panel/stackPanel';
import { KEEP_OPEN_ON_FOCUS_OUT, resolveTargets } from './workloadTarget';

export interface UsageCommandDeps {
  catalog: WorkloadCatalog;
  panels: PanelManager;
}

/** The stack panel in the editor's active tab, if it is one. */
function activeStackPanel(panels: PanelManager): StackPanel | undefined {
  return panels.stackPanels.find((candidate) => !candidate.isDisposed && candidate.panel.active);
}

async function pickRecording(panels: PanelManager): Promise<StackPanel | undefined> {
  const recording = panels.stackPanels.filter((candidate) => candidate.isRecording);
  if (recording.length <= 1) return recording[0];
  const active = activeStackPanel(panels);
  if (active?.isRecording) return active;
  const chosen = await vscode.window.showQuickPick(
    recording.map((panel) => ({ label: panel.panel.title, panel })),
    { title: vscode.l10n.t('Stop which usage recording?'), ignoreFocusOut: KEEP_OPEN_ON_FOCUS_OUT },
  );
  return chosen?.panel;
}

export function registerUsageCommands(deps: UsageCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.recordUsage, async (arg?: unknown) => {
      const active = arg === undefined ? activeStackPanel(deps.panels) : undefined;
      if (active) return active.startRecording();
      const [target] = await resolveTargets(deps.catalog, arg, undefined, { title: vscode.l10n.t('Record the usage of which workload?'), states: ['running'] });
      if (target) deps.panels.open(target.ref, target.name).startRecording();
    }),
    vscode.commands.registerCommand(COMMANDS.stopRecording, async () => {
      const panel = await pickRecording(deps.panels);
      if (!panel) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No usage recording is running.'));
        return;
      }
      await panel.stopRecording();
    }),
  ];
}
