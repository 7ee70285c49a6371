// Splits a QEMU argv into (option, value) pairs. QEMU options take one value except for a known set
// of flags; a bare word where an option is expected is a disk image (the same as -hda).

export interface ArgvOption {
  /** Without leading dashes: `name`, `m`, `drive`... (QEMU accepts `-x` and `--x` alike). */
  name: string;
  value?: string;
}

/** Options that take no value (qemu-options.hx), so that the next word is not swallowed. */
const FLAGS = new Set([
  'S', 's', 'daemonize', 'enable-kvm', 'nodefaults', 'no-user-config', 'nographic', 'snapshot',
  'no-reboot', 'no-shutdown', 'no-hpet', 'no-acpi', 'no-fd-bootchk', 'full-screen', 'usb',
  'win2k-hack', 'alt-grab', 'ctrl-grab', 'only-migratable', 'preconfig', 'enable-sync-profile',
  'version', 'help', 'h', 'semihosting', 'old-param', 'no-quit', 'no-frame', 'portrait', 'curses',
  'sdl', 'vnc-none', 'xen-attach', 'nouserconfig', 'no-graphic',
]);

export function splitArgv(argv: readonly string[]): ArgvOption[] {
  const options: ArgvOption[] = [];
  for (let index = 1; index < argv.length; index++) {
    const word = argv[index];
    if (!word.startsWith('-') || word === '-') {
      options.push({ name: 'hda', value: word });
      continue;
    }
    const name = word.replace(/^--?/, '');
    if (FLAGS.has(name) || index + 1 >= argv.length) {
      options.push({ name });
    } else {
      options.push({ name, value: argv[index + 1] });
      index++;
    }
  }
  return options;
}
