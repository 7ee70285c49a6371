// Which palette command a panel toolbar button runs, by the kind of workload the panel shows.
import type { WorkloadKind } from '../shared/model';
import type { PanelAction } from '../shared/protocol';
import { COMMANDS, type CommandId } from '../commandIds';

const CONTAINER_COMMANDS: Record<PanelAction, CommandId> = {
  refresh: COMMANDS.refresh,
  inspect: COMMANDS.inspect,
  logs: COMMANDS.containerLogs,
  shell: COMMANDS.containerShell,
  start: COMMANDS.containerStart,
  stop: COMMANDS.containerStop,
  restart: COMMANDS.containerRestart,
};

/** A VM's stop is a shutdown and its restart a reboot; logs and shell stay the container's. */
const VM_COMMANDS: Partial<Record<PanelAction, CommandId>> = { start: COMMANDS.vmStart, stop: COMMANDS.vmShutdown, restart: COMMANDS.vmReboot };

export function panelActionCommand(action: PanelAction, kind: WorkloadKind): CommandId {
  return (kind === 'vm' ? VM_COMMANDS[action] : undefined) ?? CONTAINER_COMMANDS[action];
}
