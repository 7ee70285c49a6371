// Commands about the views themselves: refresh, retrying the connection after a diagnosis, grouping
// a cluster's pods, and copying a value the diagram shows.
import * as vscode from 'vscode';
import type { WorkloadCatalog } from '../catalog/workloadCatalog';
import { COMMANDS } from '../commandIds';

/** `findSources`: the sources as they are now (engines found again), for Refresh. */
export function registerViewCommands(catalog: WorkloadCatalog, findSources: () => void): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.refresh, () => {
      findSources();
      catalog.recheckAvailability();
      return vscode.window.withProgress({ location: { viewId: 'workloadStacks.workloads' } }, () => catalog.refresh());
    }),
    // From a diagnosis row's fix-it (the source's id) or its context menu (the row, whose id
    // begins with the source's): that source; with neither, every source.
    vscode.commands.registerCommand(COMMANDS.retryConnection, (arg?: unknown) => {
      const sourceId = typeof arg === 'string' ? arg : rowSourceId(arg);
      const sources = catalog.sources.filter((source) => sourceId === undefined || source.id === sourceId);
      for (const source of sources) source.reconnect?.();
      const only = sources.length === 1 ? sources[0].id : undefined;
      return vscode.window.withProgress({ location: { viewId: 'workloadStacks.workloads' } }, () => catalog.refresh(only));
    }),
    // A cluster's pods under their node or their namespace: the setting, for every cluster (user settings).
    vscode.commands.registerCommand(COMMANDS.groupPodsByNamespace, () => groupPodsBy('namespace')),
    vscode.commands.registerCommand(COMMANDS.groupPodsByNode, () => groupPodsBy('node')),
    // The webview's context menu passes the right-clicked fact's data-vscode-context; a secret's
    // value is never in it (webview-ui/src/facts.ts), so there is nothing to copy for one.
    vscode.commands.registerCommand(COMMANDS.copyValue, async (context?: unknown) => {
      const value = factValueOf(context);
      if (value === undefined) return;
      await vscode.env.clipboard.writeText(value.text);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the value of {0}', value.label), 3000);
    }),
  ];
}

function factValueOf(context: unknown): { text: string; label: string } | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  const { factValue, factLabel } = context as Record<string, unknown>;
  return typeof factValue === 'string' ? { text: factValue, label: typeof factLabel === 'string' ? factLabel : '' } : undefined;
}

function groupPodsBy(grouping: 'node' | 'namespace'): Thenable<void> {
  return vscode.workspace.getConfiguration('workloadStacks').update('kubernetes.groupBy', grouping, vscode.ConfigurationTarget.Global);
}

function rowSourceId(row: unknown): string | undefined {
  const id = (row as { type?: unknown; id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id.split('/')[0] : undefined;
}
