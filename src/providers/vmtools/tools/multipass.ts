// Canonical Multipass.
import { parseMultipassInfo, parseMultipassList } from '../parsers/multipass';
import { type ToolDefinition, onEveryPlatform, runAndParse } from '../toolDefinition';

export const multipass: ToolDefinition = {
  id: 'multipass',
  label: 'Canonical Multipass',
  executables: onEveryPlatform(['multipass']),
  installDirs: { linux: ['/snap/bin'], win32: ['C:\\Program Files\\Multipass\\bin'] },
  readList: (exec) => runAndParse(exec, ['list', '--format', 'json'], parseMultipassList),
  readDetails: (vm, exec) => runAndParse(exec, ['info', vm.id, '--format', 'json'], parseMultipassInfo),
  versionArgs: ['version'],
  accelerator: 'KVM on Linux, Hyper-V on Windows, QEMU with HVF on macOS (or VirtualBox, per local.driver)',
  actions: {
    start: (id) => ['start', id],
    shutdown: (id) => ['stop', id],
    forceOff: (id) => ['stop', '--force', id],
    pause: (id) => ['suspend', id],
    resume: (id) => ['start', id],
    reboot: (id) => ['restart', id],
  },
  guestOsHint: 'Multipass reports the release only while the instance runs; start it to read the guest OS.',
};
