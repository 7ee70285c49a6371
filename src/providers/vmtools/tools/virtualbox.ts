// Oracle VirtualBox through VBoxManage.
import { markRunning, parseVBoxList, parseVBoxShowVmInfo } from '../parsers/virtualbox';
import { type ToolDefinition, onEveryPlatform, runAndParse } from '../toolDefinition';

export const virtualBox: ToolDefinition = {
  id: 'virtualbox',
  label: 'Oracle VirtualBox',
  executables: onEveryPlatform(['VBoxManage']),
  installDirs: { win32: ['C:\\Program Files\\Oracle\\VirtualBox'], darwin: ['/Applications/VirtualBox.app/Contents/MacOS'] },
  // `list vms` has no state: `list runningvms` says which ones have a live session.
  async readList(exec) {
    const all = await runAndParse(exec, ['list', 'vms'], parseVBoxList);
    if (!all.ok) return all;
    const running = await runAndParse(exec, ['list', 'runningvms'], parseVBoxList);
    return running.ok ? { ok: true, vms: markRunning(all.vms, running.vms) } : running;
  },
  readDetails: (vm, exec) => runAndParse(exec, ['showvminfo', vm.id, '--machinereadable'], parseVBoxShowVmInfo),
  versionArgs: ['--version'],
  accelerator: 'VT-x/AMD-V through the VirtualBox VMM (Hyper-V on Windows hosts where it is enabled)',
  actions: {
    start: (id) => ['startvm', id, '--type', 'headless'],
    shutdown: (id) => ['controlvm', id, 'acpipowerbutton'],
    forceOff: (id) => ['controlvm', id, 'poweroff'],
    pause: (id) => ['controlvm', id, 'pause'],
    resume: (id) => ['controlvm', id, 'resume'],
    // VirtualBox has no guest-driven reboot: reset is the hardware reset button.
    reboot: (id) => ['controlvm', id, 'reset'],
  },
  hardActions: {
    reboot: 'VirtualBox can only reset it, like pressing the reset button: the guest gets no chance to shut down, unsaved work in it is lost, and its file systems may need a check.',
  },
  guestOsHint: 'VirtualBox reports the configured OS type only; install the Guest Additions in the guest for its running OS.',
};
