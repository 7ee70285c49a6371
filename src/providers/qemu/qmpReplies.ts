// The `return` values of the QMP queries this provider uses, checked field by field: a reply of
// another shape gives undefined (the fact then says unknown), never an exception.
import { isRecord } from './monitorSession';

export interface QmpStatus {
  /** RunState: running, paused, shutdown, inmigrate, postmigrate, prelaunch, suspended, guest-panicked... */
  status: string;
  running: boolean;
}

export interface QmpBlockDevice {
  device: string;
  file?: string;
  format?: string;
  virtualSizeBytes?: number;
  readOnly: boolean;
  removable: boolean;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined);

export function toStatus(value: unknown): QmpStatus | undefined {
  if (!isRecord(value) || typeof value.status !== 'string' || typeof value.running !== 'boolean') return undefined;
  return { status: value.status, running: value.running };
}

export function toName(value: unknown): string | undefined {
  return isRecord(value) ? text(value.name) : undefined;
}

export function toKvm(value: unknown): { enabled: boolean; present: boolean } | undefined {
  if (!isRecord(value) || typeof value.enabled !== 'boolean' || typeof value.present !== 'boolean') return undefined;
  return { enabled: value.enabled, present: value.present };
}

/** query-cpus-fast lists one entry per vCPU. */
export function toVcpuCount(value: unknown): number | undefined {
  return Array.isArray(value) ? value.filter(isRecord).length : undefined;
}

export function toMemoryBytes(value: unknown): { base: number; plugged?: number } | undefined {
  if (!isRecord(value)) return undefined;
  const base = count(value['base-memory']);
  return base === undefined ? undefined : { base, plugged: count(value['plugged-memory']) };
}

/** Devices with a medium; empty drives (a CD-ROM without a disc) are kept with no file. */
export function toBlockDevices(value: unknown): QmpBlockDevice[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((device) => {
    const inserted = isRecord(device.inserted) ? device.inserted : undefined;
    const image = isRecord(inserted?.image) ? inserted.image : undefined;
    return {
      device: text(device.device) || text(device.qdev) || text(inserted?.['node-name']) || 'unnamed',
      file: text(inserted?.file) ?? text(image?.filename),
      format: text(image?.format) ?? text(inserted?.drv),
      virtualSizeBytes: count(image?.['virtual-size']),
      readOnly: inserted?.ro === true,
      removable: device.removable === true,
    };
  });
}

/** `7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)`, from query-version or the greeting's version. */
export function toVersion(value: unknown): string | undefined {
  if (!isRecord(value) || !isRecord(value.qemu)) return undefined;
  const { major, minor, micro } = value.qemu;
  if (count(major) === undefined || count(minor) === undefined || count(micro) === undefined) return undefined;
  const packageName = text(value.package)?.trim();
  return `${String(major)}.${String(minor)}.${String(micro)}${packageName ? ` (${packageName})` : ''}`;
}

/** QOM type names end in `-machine` (`pc-i440fx-7.2-machine`); the machine type is the rest. */
export function toMachineType(value: unknown): string | undefined {
  const type = text(value)?.trim();
  return type ? type.replace(/-machine$/, '') : undefined;
}

export interface GuestOsInfo {
  prettyName?: string;
  name?: string;
  version?: string;
  kernelRelease?: string;
  kernelVersion?: string;
  machine?: string;
}

export function toGuestOsInfo(value: unknown): GuestOsInfo | undefined {
  if (!isRecord(value)) return undefined;
  const info: GuestOsInfo = {
    prettyName: text(value['pretty-name']),
    name: text(value.name),
    version: text(value.version) ?? text(value['version-id']),
    kernelRelease: text(value['kernel-release']),
    kernelVersion: text(value['kernel-version']),
    machine: text(value.machine),
  };
  return Object.values(info).some((field) => field !== undefined) ? info : undefined;
}

export function toHostName(value: unknown): string | undefined {
  return isRecord(value) ? text(value['host-name']) : undefined;
}
