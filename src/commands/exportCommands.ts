// Workload Stacks: Export Stack Diagram…: exports the stack or comparison in the active tab (the
// panel asks the format and where to save). With no diagram in front, one of the open ones is
// picked; with none open, the user is told how to get one.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { PanelManager } from '../panel/panelManager';
import { isExportFormat } from '../shared/exportProtocol';

export function registerExportCommands(panels: PanelManager): vscode.Disposable[] {
  return [
    // An argument naming a format (svg, png, markdown, mermaid) skips the format's QuickPick.
    vscode.commands.registerCommand(COMMANDS.exportDiagram, async (format?: unknown) => {
      const open = panels.diagramPanels();
      if (open.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a stack diagram or a comparison first: its picture is what gets exported.'));
        return undefined;
      }
      let chosen = open[0].panel.active ? open[0] : undefined;
      if (!chosen) {
        const picked = await vscode.window.showQuickPick(
          open.map((panel) => ({ label: panel.panel.title, panel })),
          { title: vscode.l10n.t('Export which diagram?') },
        );
        if (!picked) return undefined;
        chosen = picked.panel;
        // Drawn pictures come from the page: it must be loaded to draw them.
        chosen.panel.reveal(undefined, false);
      }
      return chosen.exportDiagram(isExportFormat(format) ? format : undefined);
    }),
  ];
}
