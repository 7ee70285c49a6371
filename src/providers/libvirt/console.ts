// The terminal command for a domain's serial console; the editor side opens the terminal.
import { parseDomainRefId } from './summaryMapper';

export interface ConsoleCommand {
  command: string;
  args: string[];
}

/** `virsh -c URI console UUID` for a workload id of this provider, or undefined for a foreign id. */
export function libvirtConsoleCommand(workloadId: string, virsh = 'virsh'): ConsoleCommand | undefined {
  const parsed = parseDomainRefId(workloadId);
  return parsed ? { command: virsh, args: ['-c', parsed.uri, 'console', parsed.uuid] } : undefined;
}
