// HashiCorp Vagrant, whose global status is a cache of every machine it manages on any provider.
import { parseVagrantGlobalStatus } from '../parsers/vagrant';
import { type ToolDefinition, onEveryPlatform, runAndParse } from '../toolDefinition';

export const vagrant: ToolDefinition = {
  id: 'vagrant',
  label: 'HashiCorp Vagrant',
  executables: onEveryPlatform(['vagrant']),
  installDirs: { win32: ['C:\\Program Files\\Vagrant\\bin', 'C:\\HashiCorp\\Vagrant\\bin'] },
  readList: (exec) => runAndParse(exec, ['global-status', '--machine-readable'], parseVagrantGlobalStatus),
  versionArgs: ['--version'],
  accelerator: "the machine's Vagrant provider (VirtualBox, libvirt, Hyper-V, VMware, Docker...)",
  actions: {
    start: (id) => ['up', '--no-provision', id],
    shutdown: (id) => ['halt', id],
    forceOff: (id) => ['halt', '--force', id],
    pause: (id) => ['suspend', id],
    resume: (id) => ['resume', id],
    reboot: (id) => ['reload', '--no-provision', id],
  },
  // Booting a box can take minutes.
  actionTimeoutMs: 600_000,
  guestOsHint: 'Vagrant does not name the guest OS; run `vagrant ssh <id> -c "cat /etc/os-release"` to read it.',
};
