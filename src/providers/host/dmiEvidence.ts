// DMI (SMBIOS) clues: the vendor and product strings the firmware gives the machine. Hypervisors
// fill them with their own names; real machines with their maker's. Firecracker and WSL2 give none.
import { bareMetal, type Clue, clue, hypervisor, type HypervisorName, infoOnly, textValue } from './evidence';
import type { HostFiles } from './hostFiles';

const DMI_DIR = '/sys/class/dmi/id';
const DMI_FIELDS = ['sys_vendor', 'product_name', 'bios_vendor', 'bios_version', 'board_vendor', 'chassis_asset_tag'] as const;
type DmiField = (typeof DMI_FIELDS)[number];
export type DmiValues = Partial<Record<DmiField, string>>;

/** Azure stamps this asset tag on its Hyper-V guests (documented by Microsoft and used by cloud-init). */
const AZURE_ASSET_TAG = '7783-7084-3265-9085-8269-3286-77';

interface DmiRule {
  field: DmiField;
  pattern: RegExp;
  name: HypervisorName;
  weight: number;
}

const DMI_RULES: DmiRule[] = [
  { field: 'sys_vendor', pattern: /^QEMU$/i, name: 'QEMU/KVM', weight: 3 },
  { field: 'product_name', pattern: /^Standard PC \((i440FX|Q35)/i, name: 'QEMU/KVM', weight: 2 },
  { field: 'bios_vendor', pattern: /^SeaBIOS$/i, name: 'QEMU/KVM', weight: 1 },
  { field: 'product_name', pattern: /^KVM$/, name: 'KVM', weight: 3 },
  { field: 'sys_vendor', pattern: /^VMware/i, name: 'VMware', weight: 3 },
  { field: 'product_name', pattern: /^VMware/i, name: 'VMware', weight: 2 },
  { field: 'sys_vendor', pattern: /^innotek GmbH$/i, name: 'VirtualBox', weight: 3 },
  { field: 'product_name', pattern: /^VirtualBox$/i, name: 'VirtualBox', weight: 2 },
  { field: 'sys_vendor', pattern: /^Xen$/i, name: 'Xen', weight: 3 },
  { field: 'product_name', pattern: /^HVM domU$/i, name: 'Xen', weight: 2 },
  // Microsoft also makes real machines (Surface): only its "Virtual Machine" product is Hyper-V.
  { field: 'product_name', pattern: /^Virtual Machine$/, name: 'Hyper-V', weight: 3 },
  { field: 'chassis_asset_tag', pattern: new RegExp(`^${AZURE_ASSET_TAG}$`), name: 'Azure', weight: 3 },
  { field: 'sys_vendor', pattern: /^Amazon EC2$/i, name: 'AWS EC2 (Nitro)', weight: 3 },
  { field: 'sys_vendor', pattern: /^Google$/i, name: 'Google Compute Engine', weight: 2 },
  { field: 'product_name', pattern: /^Google Compute Engine$/i, name: 'Google Compute Engine', weight: 3 },
  { field: 'sys_vendor', pattern: /^BHYVE$/i, name: 'bhyve', weight: 3 },
  { field: 'bios_vendor', pattern: /^BHYVE$/i, name: 'bhyve', weight: 2 },
  { field: 'sys_vendor', pattern: /^Parallels/i, name: 'Parallels', weight: 3 },
  { field: 'product_name', pattern: /^Parallels/i, name: 'Parallels', weight: 2 },
  { field: 'product_name', pattern: /Apple Virtualization/i, name: 'Apple Virtualization', weight: 3 },
];

/** Boards whose maker left the SMBIOS strings blank: still physical, but a weaker sign. */
const PLACEHOLDER_VENDOR = /^(To be filled by O\.E\.M\.|System manufacturer|Default string|O\.E\.M\.|Not Specified)$/i;

export function dmiEvidence(values: DmiValues, dmiPresent: boolean): Clue[] {
  if (!dmiPresent) {
    return [clue('DMI', 'no DMI tables', DMI_DIR, infoOnly, 0)];
  }
  const source = (field: DmiField) => `${DMI_DIR}/${field}`;
  // EC2 bare-metal instances (*.metal) keep Amazon's vendor string on real hardware.
  if (/^Amazon EC2$/i.test(values.sys_vendor ?? '') && /\.metal$/i.test(values.product_name ?? '')) {
    return [clue('DMI product', values.product_name ?? '', source('product_name'), bareMetal, 3)];
  }
  const clues: Clue[] = [];
  for (const rule of DMI_RULES) {
    const value = values[rule.field];
    if (value !== undefined && rule.pattern.test(value)) {
      clues.push(clue(`DMI ${rule.field}`, value, source(rule.field), hypervisor(rule.name), rule.weight));
    }
  }
  if (clues.length > 0) return clues;
  const vendor = values.sys_vendor;
  if (vendor) {
    const placeholder = PLACEHOLDER_VENDOR.test(vendor);
    clues.push(clue('DMI sys_vendor', vendor, source('sys_vendor'), bareMetal, placeholder ? 1 : 2));
    if (values.product_name) clues.push(clue('DMI product_name', values.product_name, source('product_name'), infoOnly, 0));
  }
  return clues;
}

export function collectDmiEvidence(files: HostFiles): Clue[] {
  const values: DmiValues = {};
  for (const field of DMI_FIELDS) {
    const value = textValue(files.readText(`${DMI_DIR}/${field}`));
    if (value) values[field] = value;
  }
  return dmiEvidence(values, files.exists(DMI_DIR));
}
