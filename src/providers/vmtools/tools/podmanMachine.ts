// Podman machine: the VM Podman runs its containers in on macOS and Windows. On Linux Podman runs
// natively (its engine is a source of its own); a machine there is shown only when one exists.
import { parsePodmanMachineList } from '../parsers/podmanMachine';
import { type ToolDefinition, onEveryPlatform, runAndParse } from '../toolDefinition';

export const podmanMachine: ToolDefinition = {
  id: 'podman-machine',
  label: 'Podman machine',
  executables: onEveryPlatform(['podman']),
  installDirs: { darwin: ['/opt/podman/bin', '/opt/homebrew/bin', '/usr/local/bin'], win32: ['C:\\Program Files\\RedHat\\Podman'] },
  readList: (exec) => runAndParse(exec, ['machine', 'list', '--format', 'json'], parsePodmanMachineList),
  versionArgs: ['--version'],
  shownOnlyWithVms: ['linux'],
  accelerator: 'per machine VMType: QEMU, Apple Hypervisor (applehv), libkrun, Hyper-V or WSL',
  actions: {
    start: (id) => ['machine', 'start', id],
    shutdown: (id) => ['machine', 'stop', id],
  },
  guestOsHint: 'podman machine list does not name the guest OS; run `podman machine ssh <name> cat /etc/os-release` to read it.',
};
