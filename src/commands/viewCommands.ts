// Commands about the view itself: refresh, and retrying the connection after a diagnosis.
import * as vscode from 'vscode';
import type { DockerProvider } from '../providers/docker/dockerProvider';
import type { WorkloadTree } from '../tree/workloadTree';

export function registerViewCommands(tree: WorkloadTree, docker: DockerProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('workloadStacks.refresh', () => {
      tree.recheckAvailability();
      return vscode.window.withProgress({ location: { viewId: 'workloadStacks.workloads' } }, () => tree.refresh());
    }),
    vscode.commands.registerCommand('workloadStacks.retryConnection', () => {
      docker.reconnect();
      return vscode.window.withProgress({ location: { viewId: 'workloadStacks.workloads' } }, () => tree.refresh(docker.id));
    }),
  ];
}
