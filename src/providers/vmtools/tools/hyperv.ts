// Microsoft Hyper-V through Windows PowerShell. Every script is a constant; a VM id is passed as an
// argument to a script block, and only after it is checked to be a GUID (PowerShell joins the words
// after -Command into one command line, so nothing else may ever reach it).
import { parseHyperVList } from '../parsers/hyperv';
import { type ToolDefinition, runAndParse } from '../toolDefinition';

const POWERSHELL = ['-NoProfile', '-NonInteractive', '-Command'] as const;
const LIST_SCRIPT = 'Get-VM | Select-Object Name,Id,State,ProcessorCount,MemoryAssigned,MemoryStartup,Generation,Version,Uptime | ConvertTo-Json -Compress';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function onVm(script: string): (id: string) => readonly string[] {
  return (id) => {
    if (!GUID.test(id)) throw new Error(`"${id}" is not a Hyper-V VM id (a GUID).`);
    return [...POWERSHELL, `& { param($id) Get-VM -Id $id | ${script} }`, id];
  };
}

export const hyperV: ToolDefinition = {
  id: 'hyperv',
  label: 'Microsoft Hyper-V',
  executables: { win32: ['powershell'] },
  installDirs: { win32: ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0'] },
  readList: (exec) => runAndParse(exec, [...POWERSHELL, LIST_SCRIPT], parseHyperVList),
  versionArgs: [...POWERSHELL, '[System.Environment]::OSVersion.VersionString'],
  accelerator: 'Hyper-V (a type-1 hypervisor: Windows itself runs in its root partition)',
  actions: {
    start: onVm('Start-VM'),
    shutdown: onVm('Stop-VM -Force'),
    forceOff: onVm('Stop-VM -TurnOff -Force'),
    pause: onVm('Suspend-VM'),
    resume: onVm('Resume-VM'),
    // -Type Reboot restarts through the guest's shutdown integration service; plain Restart-VM is a hard reset.
    reboot: onVm('Restart-VM -Type Reboot -Force'),
  },
  guestOsHint: 'Get-VM does not name the guest OS; enable the Hyper-V integration services (Key-Value Pair Exchange) in the guest to read it.',
};
