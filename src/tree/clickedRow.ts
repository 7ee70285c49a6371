// The row a click on the tree selected. A row's click runs a command without arguments that reads
// the selection (a command with arguments becomes a handle that dies when the row redraws). While
// VS Code redraws part of the tree it forgets that part's rows until it has asked for them again,
// and the selection reads empty then: the click waits for the rows to be handed out again.
import type * as vscode from 'vscode';
import type { TreeNode } from './nodes';

export function clickedRow(view: Pick<vscode.TreeView<TreeNode>, 'selection' | 'onDidChangeSelection'>, rowsDelivered: vscode.Event<void>, timeoutMs = 2_000): Promise<TreeNode | undefined> {
  const now = view.selection.at(-1);
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve) => {
    const check = () => {
      const row = view.selection.at(-1);
      if (row !== undefined) done(row);
    };
    const subscriptions = [view.onDidChangeSelection(check), rowsDelivered(check)];
    const timer = setTimeout(() => done(undefined), timeoutMs);
    function done(row: TreeNode | undefined) {
      clearTimeout(timer);
      for (const subscription of subscriptions) subscription.dispose();
      resolve(row);
    }
  });
}
