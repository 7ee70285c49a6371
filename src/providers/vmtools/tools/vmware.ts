// VMware Workstation and Fusion through vmrun, and each running VM's .vmx file.
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseVmrunList, parseVmx } from '../parsers/vmware';
import { type ReadOutcome, type ToolDefinition, onEveryPlatform, runAndParse } from '../toolDefinition';

const MAX_VMX_BYTES = 1024 * 1024;

export const vmware: ToolDefinition = {
  id: 'vmware',
  label: 'VMware Workstation / Fusion',
  executables: onEveryPlatform(['vmrun']),
  installDirs: {
    win32: ['C:\\Program Files (x86)\\VMware\\VMware Workstation', 'C:\\Program Files\\VMware\\VMware Workstation'],
    darwin: ['/Applications/VMware Fusion.app/Contents/Library'],
  },
  readList: (exec) => runAndParse(exec, ['list'], parseVmrunList),
  readDetails: (vm) => readVmx(vm.id),
  accelerator: 'VT-x/AMD-V through the VMware VMM (Hyper-V/WHP on Windows hosts where it is enabled, Hypervisor.framework on macOS)',
  actions: {
    start: (id) => ['start', id, 'nogui'],
    shutdown: (id) => ['stop', id, 'soft'],
    forceOff: (id) => ['stop', id, 'hard'],
    pause: (id) => ['pause', id],
    resume: (id) => ['unpause', id],
    reboot: (id) => ['reset', id, 'soft'],
  },
  guestOsHint: 'VMware reports the configured guest OS type only; install VMware Tools (open-vm-tools) in the guest for its running OS.',
};

async function readVmx(file: string): Promise<ReadOutcome> {
  if (!/\.vmx$/i.test(file) || !(path.isAbsolute(file) || path.win32.isAbsolute(file))) return { ok: false, error: `${file} is not an absolute .vmx path`, kind: 'unknown' };
  try {
    const handle = await fs.open(file, 'r');
    try {
      const buffer = Buffer.alloc(MAX_VMX_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const outcome = parseVmx(buffer.subarray(0, bytesRead).toString('utf8'));
      return outcome.ok ? outcome : { ok: false, error: outcome.error, kind: 'unknown' };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, error: `${file} could not be read (${code ?? String(error)})`, kind: code === 'EACCES' || code === 'EPERM' ? 'permission-denied' : 'unknown' };
  }
}
