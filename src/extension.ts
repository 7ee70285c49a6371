// Composition root: builds the services, wires them to VS Code, and registers every disposable.
// Nothing runs at import time; nothing here talks to an engine until the view or a command asks.
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from './api';
import { registerWorkloadActions } from './commands/workloadActions';
import { INSPECT_SCHEME, InspectDocuments } from './commands/inspectDocument';
import { registerViewCommands } from './commands/viewCommands';
import { registerWorkloadCommands } from './commands/workloadCommands';
import { PanelManager } from './panel/panelManager';
import { COMPARE_VIEW_TYPE } from './panel/comparePanel';
import { STACK_VIEW_TYPE } from './panel/stackPanel';
import { DockerProvider } from './providers/docker/dockerProvider';
import { endpointInputFromProcess, resolveDockerEndpoint, sshConnectionExtras } from './providers/docker/endpoint';
import type { WorkloadProvider } from './providers/provider';
import type { PanelAction } from './shared/protocol';
import { affectsSettings, readSettings } from './settings';
import type { TreeNode } from './tree/nodes';
import { RefreshScheduler } from './tree/refreshScheduler';
import { WorkloadTree } from './tree/workloadTree';

/** Event bursts (compose up, a restart) settle into one list call after this long. */
const EVENT_DEBOUNCE_MS = 100;

export function activate(context: vscode.ExtensionContext): WorkloadStacksApi {
  const log = vscode.window.createOutputChannel('Workload Stacks', { log: true });
  context.subscriptions.push(log);

  const docker = new DockerProvider({
    resolveEndpoint: () => resolveDockerEndpoint(endpointInputFromProcess(readSettings().dockerHost)),
    connectionExtras: () => sshConnectionExtras(endpointInputFromProcess(readSettings().dockerHost)),
    timeoutMs: () => readSettings().requestTimeoutMs,
    log,
  });
  const providers: WorkloadProvider[] = [docker];
  const enabledProviders = () => (readSettings().dockerEnabled ? providers : []);
  const providerOf = (id: string) => providers.find((p) => p.id === id);

  const tree = new WorkloadTree(enabledProviders());
  const treeView = vscode.window.createTreeView<TreeNode>('workloadStacks.workloads', {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const refresher = new RefreshScheduler(tree, { debounceMs: EVENT_DEBOUNCE_MS, pollIntervalMs: () => readSettings().pollIntervalMs }, log);
  const updateProvidersContext = () =>
    void vscode.commands.executeCommand('setContext', 'workloadStacks.noProviders', enabledProviders().length === 0);

  const runPanelAction = (action: PanelAction, target: { ref: unknown; name: string }) => {
    const command = action === 'inspect' ? 'workloadStacks.inspect' : `workloadStacks.container.${action}`;
    void vscode.commands.executeCommand(command, target);
  };
  const panels = new PanelManager(context.extensionUri, providers, log, runPanelAction);

  context.subscriptions.push(
    tree,
    treeView,
    refresher,
    panels,
    treeView.onDidChangeVisibility((e) => refresher.setVisible(e.visible)),
    vscode.window.registerWebviewPanelSerializer(STACK_VIEW_TYPE, panels.serializer()),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, panels.compareSerializer()),
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, new InspectDocuments(providerOf)),
    ...registerViewCommands(tree, docker),
    ...registerWorkloadActions(tree, treeView, providerOf),
    ...registerWorkloadCommands({ tree, panels, providerOf, docker, selection: () => treeView.selection }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsSettings(event)) return;
      docker.reconnect();
      tree.setProviders(enabledProviders());
      updateProvidersContext();
      refresher.restart();
    }),
  );
  updateProvidersContext();
  refresher.setVisible(treeView.visible);
  return { tree, panels };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
