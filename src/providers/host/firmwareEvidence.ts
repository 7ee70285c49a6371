// Firmware clues: who wrote the ACPI tables (the OEM ID in every table header) and what
// /sys/hypervisor says. A VMM that builds its own ACPI tables signs them with its name.
import { type Clue, clue, cleanValue, hypervisor, type HypervisorName, infoOnly, someVm, textValue } from './evidence';
import type { HostFiles } from './hostFiles';

const ACPI_TABLES = '/sys/firmware/acpi/tables';
/** ACPI table header: signature 0-3, length 4-7, revision 8, checksum 9, OEM ID 10-15, OEM table ID 16-23. */
const ACPI_HEADER_BYTES = 24;

export interface AcpiHeader {
  table: string;
  oemId: string;
  oemTableId: string;
}

/** OEM IDs as the VMMs write them (trailing spaces trimmed). */
const ACPI_OEM_HYPERVISORS = new Map<string, { name: HypervisorName; weight: number }>([
  ['FIRECK', { name: 'Firecracker', weight: 3 }],
  ['BOCHS', { name: 'QEMU/KVM', weight: 2 }],
  ['VRTUAL', { name: 'Hyper-V', weight: 3 }],
  ['VBOX', { name: 'VirtualBox', weight: 3 }],
  ['VMWARE', { name: 'VMware', weight: 3 }],
  ['AMAZON', { name: 'AWS EC2 (Nitro)', weight: 2 }],
  ['GOOGLE', { name: 'Google Compute Engine', weight: 2 }],
  ['BHYVE', { name: 'bhyve', weight: 3 }],
  ['XEN', { name: 'Xen', weight: 3 }],
]);

/** Null when the bytes are not a table header (too short, or a signature that is not 4 letters). */
export function parseAcpiHeader(table: string, bytes: Uint8Array | undefined): AcpiHeader | null {
  if (!bytes || bytes.length < ACPI_HEADER_BYTES) return null;
  const text = (start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
  if (!/^[A-Z0-9_]{4}$/.test(text(0, 4))) return null;
  const oemId = cleanValue(text(10, 16));
  return oemId ? { table, oemId, oemTableId: cleanValue(text(16, 24)) } : null;
}

/** One clue per OEM ID, naming the tables that carry it: four tables signed alike are one signal. */
export function acpiEvidence(headers: AcpiHeader[]): Clue[] {
  const byOem = new Map<string, AcpiHeader[]>();
  for (const header of headers) byOem.set(header.oemId, [...(byOem.get(header.oemId) ?? []), header]);
  return [...byOem].map(([oemId, tables]) => {
    const known = ACPI_OEM_HYPERVISORS.get(oemId.toUpperCase());
    const tableIds = [...new Set(tables.map((t) => t.oemTableId).filter(Boolean))].join(', ');
    const value = `${oemId} (${tables.map((t) => t.table).join(', ')}${tableIds ? `; table IDs ${tableIds}` : ''})`;
    const source = `${ACPI_TABLES}/* (OEM ID, bytes 10-15)`;
    return known ? clue('ACPI OEM ID', value, source, hypervisor(known.name), known.weight) : clue('ACPI OEM ID', value, source, infoOnly, 0);
  });
}

export function sysHypervisorEvidence(type: string | undefined, uuid: string | undefined): Clue[] {
  const clues: Clue[] = [];
  const kind = textValue(type);
  if (kind) {
    const target = kind.toLowerCase() === 'xen' ? hypervisor('Xen') : someVm;
    clues.push(clue('Hypervisor type', kind, '/sys/hypervisor/type', target, 3));
  }
  const id = textValue(uuid);
  if (id) clues.push(clue('Hypervisor UUID', id, '/sys/hypervisor/uuid', infoOnly, 0));
  return clues;
}

export function collectFirmwareEvidence(files: HostFiles): Clue[] {
  const headers: AcpiHeader[] = [];
  for (const table of files.list(ACPI_TABLES)) {
    const header = parseAcpiHeader(table, files.readBytes(`${ACPI_TABLES}/${table}`, ACPI_HEADER_BYTES));
    if (header) headers.push(header);
  }
  return [
    ...acpiEvidence(headers),
    ...sysHypervisorEvidence(files.readText('/sys/hypervisor/type'), files.readText('/sys/hypervisor/uuid')),
  ];
}
