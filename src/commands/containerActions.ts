// Start, stop, restart, pause, unpause and remove: on the clicked row, the multi-selection, or a
// QuickPick from the palette. Removal always asks first and says what will be lost.
import * as vscode from 'vscode';
import type { ContainerAction, WorkloadProvider, WorkloadState } from '../providers/provider';
import { WorkloadGoneError } from '../providers/provider';
import type { WorkloadTree } from '../tree/workloadTree';
import { type WorkloadTarget, resolveTargets } from './workloadTarget';

interface ActionSpec {
  action: ContainerAction;
  /** States the QuickPick offers, matching the context menu. */
  states: readonly WorkloadState[];
  progress: string;
  verb: string;
}

export const CONTAINER_ACTIONS: readonly ActionSpec[] = [
  { action: 'start', verb: 'Start', states: ['exited', 'created'], progress: 'Starting' },
  { action: 'stop', verb: 'Stop', states: ['running', 'paused', 'restarting'], progress: 'Stopping' },
  { action: 'restart', verb: 'Restart', states: ['running', 'exited', 'created'], progress: 'Restarting' },
  { action: 'pause', verb: 'Pause', states: ['running'], progress: 'Pausing' },
  { action: 'unpause', verb: 'Resume', states: ['paused'], progress: 'Resuming' },
  { action: 'remove', verb: 'Remove', states: ['running', 'paused', 'exited', 'created', 'restarting', 'dead'], progress: 'Removing' },
];

export function registerContainerActions(
  tree: WorkloadTree,
  treeView: vscode.TreeView<unknown>,
  providerOf: (id: string) => WorkloadProvider | undefined,
): vscode.Disposable[] {
  return CONTAINER_ACTIONS.map((spec) =>
    vscode.commands.registerCommand(`workloadStacks.container.${spec.action}`, async (arg?: unknown, selection?: unknown) => {
      const targets = await resolveTargets(tree, arg, selection ?? treeView.selection, {
        title: `${spec.verb} which container?`,
        states: spec.states,
      });
      if (targets.length === 0) return;
      if (spec.action === 'remove' && !(await confirmRemoval(targets))) return;
      await runOnTargets(spec, targets, providerOf);
      void tree.refresh();
    }),
  );
}

async function confirmRemoval(targets: readonly WorkloadTarget[]): Promise<boolean> {
  const names = targets.map((t) => t.name);
  const what = names.length === 1 ? `the container "${names[0]}"` : `${names.length} containers (${names.join(', ')})`;
  const answer = await vscode.window.showWarningMessage(
    `Remove ${what}?`,
    {
      modal: true,
      detail:
        'A running container is stopped first. Everything written inside the container (its writable layer) is lost; named volumes and the image are kept.',
    },
    'Remove',
  );
  return answer === 'Remove';
}

async function runOnTargets(spec: ActionSpec, targets: readonly WorkloadTarget[], providerOf: (id: string) => WorkloadProvider | undefined): Promise<void> {
  await vscode.window.withProgress(
    { location: { viewId: 'workloadStacks.workloads' }, title: `${spec.progress} ${targets.length === 1 ? targets[0].name : `${targets.length} containers`}` },
    async () => {
      const failures: string[] = [];
      await Promise.all(
        targets.map(async (target) => {
          const provider = providerOf(target.ref.providerId);
          if (!provider) return;
          try {
            await provider.runAction(target.ref, spec.action);
          } catch (error) {
            if (error instanceof WorkloadGoneError && spec.action === 'remove') return;
            failures.push(`${target.name}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }),
      );
      if (failures.length > 0) void vscode.window.showErrorMessage(`Could not ${spec.verb.toLowerCase()} ${failures.join('; ')}`);
    },
  );
}
