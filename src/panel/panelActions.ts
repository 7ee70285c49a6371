// Which palette command a panel toolbar button runs, by the kind of workload the panel shows.
import type { WorkloadKind } from '../shared/model';
import type { PanelAction } from '../shared/protocol';

const VM_VERBS: Partial<Record<PanelAction, string>> = { start: 'start', stop: 'shutdown', restart: 'reboot' };

export function panelActionCommand(action: PanelAction, kind: WorkloadKind): string {
  if (action === 'inspect') return 'workloadStacks.inspect';
  if (action === 'refresh') return 'workloadStacks.refresh';
  if (kind === 'vm' && VM_VERBS[action]) return `workloadStacks.vm.${VM_VERBS[action]}`;
  return `workloadStacks.container.${action}`;
}
