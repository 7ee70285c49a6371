// Whether a QEMU process was started by libvirt, so that its guest is shown once (by the libvirt
// provider, which owns its monitor) and not a second time as a bare QEMU process.
import { splitArgv } from './argvOptions';
import { parseOptionList } from './optionList';

/**
 * libvirt keeps each guest's runtime files (master key, monitor socket, logs) in a per-domain
 * directory under .../libvirt/qemu/ (/var/lib, /run, or ~/.config for qemu:///session), and names
 * its monitor chardev `charmonitor` while writing `-name guest=NAME`.
 */
export function isLibvirtManaged(argv: readonly string[]): boolean {
  if (argv.some((word) => /\/libvirt\/qemu\//.test(word))) return true;
  const options = splitArgv(argv);
  const guestStyleName = options.some((option) => option.name === 'name' && option.value?.startsWith('guest='));
  const libvirtMonitor = options.some(
    (option) => option.name === 'chardev' && option.value !== undefined && parseOptionList(option.value, 'backend').values.get('id') === 'charmonitor',
  );
  return guestStyleName && libvirtMonitor;
}
