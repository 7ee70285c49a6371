// The latest usage sample under a workload row's tooltip, when an open stack panel streams it.
// Read when the row is hovered (resolveTreeItem), so the tree is never redrawn for a sample.
import * as vscode from 'vscode';
import type { LatestReading } from '../catalog/latestUsage';
import { usageLines } from '../shared/usageFormat';

export function appendUsage(tooltip: vscode.MarkdownString, reading: LatestReading): void {
  const at = new Date(reading.sample.atMs).toLocaleTimeString();
  tooltip.appendMarkdown('\n\n');
  tooltip.appendText(vscode.l10n.t('Usage at {0} (from the open stack panel)', at));
  tooltip.appendMarkdown('  \n');
  for (const { label, value } of usageLines(reading.sample)) {
    tooltip.appendMarkdown(`**${label}:** `);
    tooltip.appendText(value);
    tooltip.appendMarkdown('  \n');
  }
}
