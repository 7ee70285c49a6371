// The panels' toolbar service: each method is the palette command's own code, called with the
// panel's workload, so a button and the palette confirm, run and explain errors alike.
import * as vscode from 'vscode';
import type { WorkloadActions } from '../panel/panelActions';
import { type StateChangeDeps, actionSpecOf, changeState } from './workloadActions';
import { followLogsOf, inspectWorkload, openShellIn } from './workloadCommands';

export function createWorkloadActions(deps: StateChangeDeps): WorkloadActions {
  return {
    inspect: (target) => inspectWorkload(deps, target),
    followLogs: (target) => followLogsOf(deps, target),
    openShell: async (target) => openShellIn(deps, target),
    changeState: async (target, action) => {
      const spec = actionSpecOf(target.ref.kind, action);
      if (!spec) {
        void vscode.window.showInformationMessage(`Workload Stacks cannot ${action} ${target.name}: its kind offers no such action.`);
        return;
      }
      await changeState(spec, [target], deps);
    },
  };
}
