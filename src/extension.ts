// Composition root: builds the services, wires them to VS Code, and registers every disposable.
// Nothing runs at import time; nothing here talks to an engine until the view or a command asks.
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from './api';
import { applyTreeView, registerFilterCommands } from './commands/filterCommands';
import { registerWorkloadActions } from './commands/workloadActions';
import { INSPECT_SCHEME, InspectDocuments } from './commands/inspectDocument';
import { registerViewCommands } from './commands/viewCommands';
import { registerWorkloadCommands } from './commands/workloadCommands';
import { registerOverheadCommand } from './commands/measureOverhead';
import { registerExportCommands } from './commands/exportCommands';
import { registerUsageCommands } from './commands/usageCommands';
import { ErrorReporter } from './commands/errorReport';
import { PanelManager } from './panel/panelManager';
import { COMPARE_VIEW_TYPE } from './panel/comparePanel';
import { STACK_VIEW_TYPE } from './panel/stackPanel';
import { createWorkloadActions } from './commands/workloadActionService';
import { createProviderRegistry } from './providerRegistry';
import { affectsSettings, readSettings } from './settings';
import type { TreeNode } from './tree/nodes';
import { RefreshScheduler } from './catalog/refreshScheduler';
import { WorkloadTree } from './tree/workloadTree';
import { WorkloadCatalog } from './catalog/workloadCatalog';
import { withNodeMachine } from './catalog/nodeMachineStack';
import { LatestUsage } from './catalog/latestUsage';
import { ImageAnalysisCache } from './catalog/imageAnalysisCache';
import { ImageAnalyses } from './panel/imageAnalyses';
import { registerImageCommands } from './commands/imageCommands';
import { clickedRow } from './tree/clickedRow';

/** After an event refreshes the tree, further events within this window fold into one more list call. */
const EVENT_DEBOUNCE_MS = 100;

export function activate(context: vscode.ExtensionContext): WorkloadStacksApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Workload Stacks', { log: true });
  context.subscriptions.push(log);

  const errors = new ErrorReporter(log);
  // Clusters are found after activation (reading kubeconfig loads the Kubernetes client): then the
  // sources are synced as on Refresh, the others' streams untouched.
  let syncFoundSources = () => undefined as void;
  const registry = createProviderRegistry(log, () => vscode.workspace.getConfiguration('workloadStacks'), () => syncFoundSources());
  const { providerOf } = registry;
  const enabledProviders = () => registry.enabled();

  const catalog = new WorkloadCatalog(enabledProviders(), { isTrusted: () => vscode.workspace.isTrusted });
  // The stack panels write each workload's latest usage sample; the tree's tooltip reads it.
  const latestUsage = new LatestUsage();
  const tree = new WorkloadTree(catalog, latestUsage);
  const treeView = vscode.window.createTreeView<TreeNode>('workloadStacks.workloads', {
    treeDataProvider: tree,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const refresher = new RefreshScheduler(catalog, { debounceMs: EVENT_DEBOUNCE_MS, pollIntervalMs: () => readSettings().pollIntervalMs }, log);
  // From the sources the catalog was just given: finding the engines again would read the files twice.
  const updateProvidersContext = () =>
    void vscode.commands.executeCommand('setContext', 'workloadStacks.noProviders', catalog.sources.length === 0);

  syncFoundSources = () => {
    catalog.syncSources(enabledProviders());
    refresher.syncWatches();
    updateProvidersContext();
  };

  const actions = createWorkloadActions({ catalog, providerOf, errors });
  // Image analyses are kept in the extension's own storage, never beside the user's files.
  const imageCache = new ImageAnalysisCache({
    dir: vscode.Uri.joinPath(context.globalStorageUri, 'image-analyses').fsPath,
    capBytes: () => readSettings().imageCacheMegabytes * 1024 * 1024,
    warn: (message) => log.warn(message),
  });
  const images = new ImageAnalyses(imageCache, log);
  const panels = new PanelManager(context.extensionUri, providerOf, log, actions, (ref) => catalog.listedWorkload(ref), errors, (stack) =>
    withNodeMachine(stack, { listedWorkloads: () => catalog.listedWorkloads(), providerOf }),
    latestUsage,
    images,
  );

  context.subscriptions.push(
    tree,
    treeView,
    refresher,
    panels,
    images,
    treeView.onDidChangeVisibility((e) => refresher.setVisible(e.visible)),
    vscode.window.registerWebviewPanelSerializer(STACK_VIEW_TYPE, panels.serializer()),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, panels.compareSerializer()),
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, new InspectDocuments(providerOf, (ref) => catalog.listedWorkload(ref))),
    ...registerViewCommands(catalog, () => syncFoundSources()),
    ...registerWorkloadActions(catalog, treeView, providerOf, errors),
    ...registerWorkloadCommands({ catalog, panels, providerOf, errors, selection: () => treeView.selection, clickedRow: () => clickedRow(treeView, tree.onDidDeliverRows) }),
    ...registerFilterCommands(context, tree, treeView),
    ...registerUsageCommands({ catalog, panels }),
    ...registerOverheadCommand({ catalog, panels, providerOf, extensionUri: context.extensionUri, log }),
    ...registerExportCommands(panels),
    ...registerImageCommands({ catalog, panels, images, providerOf, errors, selection: () => treeView.selection }),
    // Trust granted: the sources that run a program are listed and watched from now on.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      catalog.setSources(enabledProviders());
      refresher.restart();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsSettings(event)) return;
      for (const source of catalog.sources) source.reconnect?.();
      catalog.setSources(enabledProviders());
      applyTreeView(context, tree, treeView);
      updateProvidersContext();
      refresher.restart();
    }),
  );
  updateProvidersContext();
  applyTreeView(context, tree, treeView);
  // Connecting (and loading the engine client) waits until activation has returned, so opening a
  // window is never held up by an engine.
  const startLive = setTimeout(() => refresher.setVisible(treeView.visible), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(startLive) });
  return { catalog, tree, panels, refresher, activationMs: performance.now() - started };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
