// What a panel's toolbar can ask for, as a typed service the composition root hands to the panels:
// the panels call methods, not command ids, so no arrow from a panel to the commands is hidden in
// a string. The commands implement it with the same code the palette runs.
import type { WorkloadRef, WorkloadTarget } from '../shared/model';
import type { PanelAction } from '../shared/panelProtocol';
import type { WorkloadAction } from '../providers/provider';

export interface WorkloadActions {
  inspect(target: WorkloadTarget): Promise<void>;
  followLogs(target: WorkloadTarget): Promise<void>;
  openShell(target: WorkloadTarget): Promise<void>;
  /** A state change, with the same confirmations as the palette and the context menu. */
  changeState(target: WorkloadTarget, action: WorkloadAction): Promise<void>;
}

/** How a panel tells the user something failed: the composition root's error reporter (with Show Log). */
export interface FailureReporter {
  report(message: string, error?: unknown): void;
}

/** The state change a toolbar button means for this kind: a VM's stop is a shutdown, its restart a reboot. */
export function stateChangeOf(action: 'start' | 'stop' | 'restart', kind: WorkloadRef['kind']): WorkloadAction {
  if (kind !== 'vm') return action;
  return action === 'stop' ? 'shutdown' : action === 'restart' ? 'reboot' : 'start';
}

/** Runs a toolbar action other than Refresh (the panel re-inspects for that itself). */
export function runPanelAction(actions: WorkloadActions, action: Exclude<PanelAction, 'refresh'>, target: WorkloadTarget): Promise<void> {
  switch (action) {
    case 'inspect':
      return actions.inspect(target);
    case 'logs':
      return actions.followLogs(target);
    case 'shell':
      return actions.openShell(target);
    case 'start':
    case 'stop':
    case 'restart':
      return actions.changeState(target, stateChangeOf(action, target.ref.kind));
  }
}
