// Lima (limactl) and Colima, which runs its VMs on Lima.
import { parseColimaList, parseLimaList } from '../parsers/lima';
import { type ToolDefinition, onEveryPlatform, runAndParse } from '../toolDefinition';

export const lima: ToolDefinition = {
  id: 'lima',
  label: 'Lima',
  executables: onEveryPlatform(['limactl']),
  installDirs: { darwin: ['/opt/homebrew/bin', '/usr/local/bin'] },
  readList: (exec) => runAndParse(exec, ['list', '--json'], parseLimaList),
  versionArgs: ['--version'],
  accelerator: 'per instance vmType: QEMU (HVF/KVM) or Apple Virtualization.framework',
  actions: {
    start: (id) => ['start', id],
    shutdown: (id) => ['stop', id],
    forceOff: (id) => ['stop', '--force', id],
  },
  guestOsHint: 'limactl list does not name the guest OS; run `limactl shell <instance> cat /etc/os-release` to read it.',
};

export const colima: ToolDefinition = {
  id: 'colima',
  label: 'Colima',
  executables: onEveryPlatform(['colima']),
  installDirs: { darwin: ['/opt/homebrew/bin', '/usr/local/bin'] },
  readList: (exec) => runAndParse(exec, ['list', '--json'], parseColimaList),
  versionArgs: ['version'],
  accelerator: 'a Lima VM: QEMU (HVF/KVM) or Apple Virtualization.framework',
  actions: {
    start: (id) => ['start', id],
    shutdown: (id) => ['stop', id],
    forceOff: (id) => ['stop', '--force', id],
    reboot: (id) => ['restart', id],
  },
  guestOsHint: 'colima list does not name the guest OS; run `colima ssh -p <profile> -- cat /etc/os-release` to read it.',
};
