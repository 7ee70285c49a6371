// The panels' toolbar service: each method is the palette command's own code, called with the
// panel's workload once a source still lists it (as every command checks its argument), so a
// button and the palette confirm, run and explain errors alike.
import * as vscode from 'vscode';
import type { WorkloadTarget } from '../shared/model';
import type { WorkloadActions } from '../panel/panelActions';
import { type StateChangeDeps, actionSpecOf, changeState } from './workloadActions';
import { followLogsOf, inspectWorkload, openShellIn } from './workloadCommands';
import { asTarget } from './workloadTarget';

export function createWorkloadActions(deps: StateChangeDeps): WorkloadActions {
  /** Runs `act` on the listed workload the panel names; asTarget tells the user when none is. */
  const onListed = (act: (target: WorkloadTarget) => unknown) => async (shown: WorkloadTarget) => {
    const target = await asTarget(deps.catalog, shown);
    if (target) await act(target);
  };
  return {
    inspect: onListed((target) => inspectWorkload(deps, target)),
    followLogs: onListed((target) => followLogsOf(deps, target)),
    openShell: onListed((target) => openShellIn(deps, target)),
    changeState: (shown, action) =>
      onListed(async (target) => {
        const spec = actionSpecOf(target.ref.kind, action);
        if (!spec) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Workload Stacks cannot {0} {1}: its kind offers no such action.', action, target.name));
          return;
        }
        await changeState(spec, [target], deps);
      })(shown),
  };
}
