// Device clues: the ACPI/platform devices and PCI vendors a VMM puts in its guests (virtio, VMBus,
// fw_cfg, VM generation counters...), which real machines do not have.
import { type Clue, clue, hypervisor, type HypervisorName, type Target, someVm } from './evidence';
import type { HostFiles } from './hostFiles';

const ACPI_DEVICES = '/sys/bus/acpi/devices';
const PLATFORM_DEVICES = '/sys/bus/platform/devices';
const PCI_DEVICES = '/sys/bus/pci/devices';
const VMBUS_DEVICES = '/sys/bus/vmbus/devices';

/** ACPI hardware IDs (the part of the device name before ':') only VMMs expose. */
const DEVICE_IDS = new Map<string, { name: HypervisorName; weight: number; what: string }>([
  ['AMZNC10C', { name: 'Firecracker', weight: 1, what: 'Amazon VMClock device' }],
  ['VMGENCTR', { name: 'Firecracker', weight: 1, what: "Firecracker's VM generation counter" }],
  ['QEMU0002', { name: 'QEMU/KVM', weight: 2, what: 'QEMU fw_cfg device' }],
  ['QEMUVGID', { name: 'QEMU/KVM', weight: 2, what: "QEMU's VM generation ID" }],
  ['VMBUS', { name: 'Hyper-V', weight: 2, what: 'Hyper-V VMBus' }],
  ['MSFT1000', { name: 'Hyper-V', weight: 2, what: 'Hyper-V VMBus' }],
]);

/** PCI vendor IDs of emulated or paravirtual devices. 0x1af4 (virtio) is used by many VMMs. */
const PCI_VENDORS = new Map<string, { target: Target; weight: number; what: string }>([
  ['0x1af4', { target: someVm, weight: 2, what: 'virtio' }],
  ['0x15ad', { target: hypervisor('VMware'), weight: 2, what: 'VMware virtual' }],
  ['0x80ee', { target: hypervisor('VirtualBox'), weight: 2, what: 'VirtualBox' }],
  ['0x1414', { target: hypervisor('Hyper-V'), weight: 2, what: 'Microsoft Hyper-V' }],
  ['0x5853', { target: hypervisor('Xen'), weight: 2, what: 'Xen platform' }],
  ['0x1ab8', { target: hypervisor('Parallels'), weight: 2, what: 'Parallels' }],
  ['0x1d0f', { target: hypervisor('AWS EC2 (Nitro)'), weight: 1, what: 'Amazon (ENA/EBS)' }],
  ['0x1ae0', { target: hypervisor('Google Compute Engine'), weight: 1, what: 'Google (gVNIC)' }],
  ['0x1234', { target: hypervisor('QEMU/KVM'), weight: 1, what: 'QEMU standard VGA' }],
]);

/** `devices` are directory names such as "AMZNC10C:00"; one clue per known ID, with its source. */
export function deviceIdEvidence(devices: { dir: string; names: string[] }[]): Clue[] {
  const seen = new Set<string>();
  const clues: Clue[] = [];
  for (const { dir, names } of devices) {
    for (const name of names) {
      const id = name.split(':')[0];
      const known = DEVICE_IDS.get(id);
      if (!known || seen.has(id)) continue;
      seen.add(id);
      clues.push(clue('ACPI device', `${id} (${known.what})`, `${dir}/${name}`, hypervisor(known.name), known.weight));
    }
    const mmio = names.filter((name) => /^virtio[-_]mmio/i.test(name));
    if (mmio.length > 0 && !seen.has('virtio-mmio')) {
      seen.add('virtio-mmio');
      clues.push(clue('Platform device', `${mmio.length} virtio-mmio device(s)`, dir, someVm, 2));
    }
  }
  return clues;
}

/** `vendors` maps a PCI address to the content of its `vendor` file. */
export function pciEvidence(vendors: Map<string, string>): Clue[] {
  const counts = new Map<string, number>();
  for (const raw of vendors.values()) {
    const vendor = raw.trim().toLowerCase();
    if (PCI_VENDORS.has(vendor)) counts.set(vendor, (counts.get(vendor) ?? 0) + 1);
  }
  const clues: Clue[] = [];
  for (const [vendor, known] of PCI_VENDORS) {
    const count = counts.get(vendor);
    if (count === undefined) continue;
    const value = `${count} ${known.what} PCI device(s), vendor ${vendor}`;
    clues.push(clue('PCI vendor', value, `${PCI_DEVICES}/*/vendor`, known.target, known.weight));
  }
  return clues;
}

export function vmbusEvidence(devices: string[]): Clue[] {
  return devices.length > 0 ? [clue('VMBus', `${devices.length} VMBus device(s)`, VMBUS_DEVICES, hypervisor('Hyper-V'), 3)] : [];
}

export function collectDeviceEvidence(files: HostFiles): Clue[] {
  const vendors = new Map<string, string>();
  for (const address of files.list(PCI_DEVICES)) {
    const vendor = files.readText(`${PCI_DEVICES}/${address}/vendor`);
    if (vendor !== undefined) vendors.set(address, vendor);
  }
  return [
    ...deviceIdEvidence([
      { dir: ACPI_DEVICES, names: files.list(ACPI_DEVICES) },
      { dir: PLATFORM_DEVICES, names: files.list(PLATFORM_DEVICES) },
    ]),
    ...pciEvidence(vendors),
    ...vmbusEvidence(files.list(VMBUS_DEVICES)),
  ];
}
