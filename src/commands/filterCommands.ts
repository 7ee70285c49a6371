// Filtering the Workloads view: the text is kept per workspace, shown in the view's title bar, and
// applied together with the setting that hides stopped workloads, without listing again.
import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import { parseWorkloadFilter } from '../tree/workloadFilter';
import type { WorkloadTree } from '../tree/workloadTree';
import { COMMANDS } from '../commandIds';
import { KEEP_OPEN_ON_FOCUS_OUT } from './workloadTarget';

const FILTER_KEY = 'workloadStacks.filter';

export function applyTreeView(context: vscode.ExtensionContext, tree: WorkloadTree, treeView: vscode.TreeView<TreeNode>): void {
  const text = context.workspaceState.get<string>(FILTER_KEY, '');
  const hideStopped = vscode.workspace.getConfiguration('workloadStacks').get<boolean>('tree.hideStopped', false);
  tree.setView({ filter: parseWorkloadFilter(text), hideStopped });
  treeView.description = [text ? vscode.l10n.t('Filter: {0}', text) : '', hideStopped ? vscode.l10n.t('running only') : ''].filter(Boolean).join(' · ') || undefined;
  void vscode.commands.executeCommand('setContext', 'workloadStacks.filtered', text !== '');
}

export function registerFilterCommands(context: vscode.ExtensionContext, tree: WorkloadTree, treeView: vscode.TreeView<TreeNode>): vscode.Disposable[] {
  const setFilter = async (text: string) => {
    await context.workspaceState.update(FILTER_KEY, text.trim());
    applyTreeView(context, tree, treeView);
  };
  return [
    vscode.commands.registerCommand(COMMANDS.filter, async () => {
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter the Workloads view'),
        value: context.workspaceState.get<string>(FILTER_KEY, ''),
        prompt: vscode.l10n.t('Words match names and images; also name:, image:, state:running|stopped|paused, label:key or label:key=value; -term excludes.'),
        placeHolder: vscode.l10n.t('e.g. shop state:running -label:tier=batch'),
        ignoreFocusOut: KEEP_OPEN_ON_FOCUS_OUT,
      });
      if (text !== undefined) await setFilter(text);
    }),
    vscode.commands.registerCommand(COMMANDS.clearFilter, () => setFilter('')),
  ];
}
