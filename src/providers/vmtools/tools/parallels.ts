// Parallels Desktop through prlctl.
import { parseParallelsInfo, parseParallelsList } from '../parsers/parallels';
import { type ToolDefinition, onEveryPlatform, runAndParse } from '../toolDefinition';

export const parallels: ToolDefinition = {
  id: 'parallels',
  label: 'Parallels Desktop',
  executables: onEveryPlatform(['prlctl']),
  installDirs: { darwin: ['/usr/local/bin', '/Applications/Parallels Desktop.app/Contents/MacOS'] },
  readList: (exec) => runAndParse(exec, ['list', '-a', '-j'], parseParallelsList),
  readDetails: (vm, exec) => runAndParse(exec, ['list', '-i', '-j', vm.id], parseParallelsInfo),
  versionArgs: ['--version'],
  accelerator: 'Apple Hypervisor.framework (or the Parallels hypervisor on Intel Macs)',
  actions: {
    start: (id) => ['start', id],
    shutdown: (id) => ['stop', id],
    forceOff: (id) => ['stop', id, '--kill'],
    pause: (id) => ['pause', id],
    resume: (id) => ['resume', id],
    reboot: (id) => ['restart', id],
  },
  guestOsHint: 'Parallels reports the configured OS type only; install Parallels Tools in the guest for more.',
};
