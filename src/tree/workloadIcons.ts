// State icons for workload rows: one glyph and theme colour per state, health taking precedence
// while a container runs.
import * as vscode from 'vscode';
import type { WorkloadSummary } from '../providers/provider';

export function workloadIcon(summary: WorkloadSummary): vscode.ThemeIcon {
  if (summary.state === 'running') {
    switch (summary.health) {
      case 'healthy':
        return icon('pass-filled', 'testing.iconPassed');
      case 'unhealthy':
        return icon('error', 'testing.iconFailed');
      case 'starting':
        return icon('loading~spin', 'charts.yellow');
    }
    return icon('play-circle', 'charts.green');
  }
  switch (summary.state) {
    case 'paused':
      return icon('debug-pause', 'charts.yellow');
    case 'restarting':
      return icon('sync~spin', 'charts.orange');
    case 'created':
      return icon('circle-large-outline', 'charts.blue');
    case 'dead':
      return icon('close', 'testing.iconFailed');
    case 'removing':
      return icon('trash', 'disabledForeground');
    case 'exited':
      return icon('circle-slash', 'disabledForeground');
    default:
      return icon('question', 'disabledForeground');
  }
}

function icon(id: string, color: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, new vscode.ThemeColor(color));
}
