// Parses a QEMU command line (argv from /proc/PID/cmdline) into what it says about the guest.
// Pure: untrusted text in, a value out; options it does not know are ignored.
import type { Accelerator, ArgvDisk, ArgvNic, QemuCommandLine } from './commandLine';
import { type ArgvOption, splitArgv } from './argvOptions';
import { parseDisks } from './argvDisks';
import { parseNics } from './argvNics';
import { parseMonitorSockets } from './argvSockets';
import { parseOptionList, parseSize } from './optionList';

const ACCELERATORS: Record<string, Accelerator> = { kvm: 'KVM', tcg: 'TCG', hvf: 'HVF', whpx: 'WHPX', xen: 'Xen', nvmm: 'NVMM' };

function toAccelerator(name: string): Accelerator {
  const key = name.trim().toLowerCase();
  // hasOwn: `-accel constructor` must not find Object.prototype's constructor.
  return Object.hasOwn(ACCELERATORS, key) ? ACCELERATORS[key] : 'unknown';
}

function lastValue(options: readonly ArgvOption[], ...names: string[]): string | undefined {
  let found: string | undefined;
  for (const option of options) if (names.includes(option.name) && option.value !== undefined) found = option.value;
  return found;
}

function parseVcpus(value: string | undefined): number {
  if (value === undefined) return 1;
  const smp = parseOptionList(value, 'cpus').values;
  const cpus = Number(smp.get('cpus'));
  if (Number.isSafeInteger(cpus) && cpus > 0) return cpus;
  // Topology without a count: the product of what is given (each part defaults to 1).
  const topology = ['sockets', 'dies', 'clusters', 'cores', 'threads'].map((key) => Number(smp.get(key) ?? '1'));
  // Safe integers only: `sockets=1e308,cores=1e308` would multiply to Infinity.
  const product = topology.reduce((total, part) => total * (Number.isSafeInteger(part) && part > 0 ? part : 1), 1);
  return product;
}

function parseAccelerators(options: readonly ArgvOption[]): Pick<QemuCommandLine, 'accelerators' | 'acceleratorOption'> {
  const accelerators: Accelerator[] = [];
  let acceleratorOption: string | undefined;
  for (const option of options) {
    if (option.name === 'accel' && option.value !== undefined) {
      const accel = parseOptionList(option.value, 'accel').values.get('accel');
      if (accel) accelerators.push(toAccelerator(accel));
      acceleratorOption ??= `-accel ${option.value}`;
    } else if (option.name === 'enable-kvm') {
      accelerators.push('KVM');
      acceleratorOption ??= '-enable-kvm';
    } else if ((option.name === 'machine' || option.name === 'M') && option.value !== undefined) {
      const accel = parseOptionList(option.value, 'type').values.get('accel');
      if (accel) accelerators.push(...accel.split(':').map(toAccelerator));
      if (accel) acceleratorOption ??= `-machine accel=${accel}`;
    }
  }
  return { accelerators: [...new Set(accelerators)], acceleratorOption };
}

export function parseQemuArgv(argv: readonly string[]): QemuCommandLine {
  const options = splitArgv(argv);
  const nameOption = lastValue(options, 'name');
  const memoryOption = lastValue(options, 'm');
  const machineOption = lastValue(options, 'machine', 'M');
  const accelerators = parseAccelerators(options);
  const allDisks: ArgvDisk[] = parseDisks(options);
  // UEFI firmware comes as pflash drives: it is the firmware, not a disk of the guest.
  const pflash = allDisks.filter((disk) => disk.interface === 'pflash');
  const bios = lastValue(options, 'bios');
  const nics: ArgvNic[] = parseNics(options);
  const sockets = parseMonitorSockets(options);
  return {
    executable: argv[0] ?? '',
    name: nameOption === undefined ? undefined : parseOptionList(nameOption, 'guest').values.get('guest'),
    memoryBytes: memoryOption === undefined ? undefined : parseSize(parseOptionList(memoryOption, 'size').values.get('size') ?? '', 'm'),
    vcpus: parseVcpus(lastValue(options, 'smp')),
    ...accelerators,
    acceleratorDefaulted: accelerators.accelerators.length === 0,
    machine: machineOption === undefined ? undefined : parseOptionList(machineOption, 'type').values.get('type'),
    uuid: lastValue(options, 'uuid'),
    kernel: lastValue(options, 'kernel'),
    initrd: lastValue(options, 'initrd'),
    firmware: bios !== undefined ? { kind: 'bios', file: bios } : pflash.length > 0 ? { kind: 'uefi', file: pflash[0].file } : undefined,
    disks: allDisks.filter((disk) => disk.interface !== 'pflash'),
    nics,
    ...sockets,
  };
}
