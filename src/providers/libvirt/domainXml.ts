// `virsh dumpxml` -> the parts of a domain definition the diagram shows. Every field is optional:
// libvirt drivers fill in different amounts, and the XML may be cut short or not XML at all.
import { attribute, childElement, childElements, descend, readXml, type XmlElement } from './xmlReader';

export interface DomainDisk {
  /** `file`, `block`, `network`, `volume`... */
  type?: string;
  /** `disk`, `cdrom`, `floppy`, `lun`. */
  device?: string;
  /** File path, block device, `pool/volume` or `protocol:name`. */
  source?: string;
  target?: string;
  bus?: string;
  /** Image format from `<driver type=...>`: qcow2, raw... */
  format?: string;
  readonly: boolean;
}

export interface DomainNic {
  type?: string;
  mac?: string;
  model?: string;
  /** Network name, bridge or host device the NIC is attached to. */
  source?: string;
  hostDevice?: string;
}

export interface DomainDefinition {
  /** `kvm`, `qemu`, `test`, `xen`, `lxc`... */
  type?: string;
  name?: string;
  uuid?: string;
  title?: string;
  maxMemoryBytes?: number;
  currentMemoryBytes?: number;
  vcpus?: number;
  /** `<vcpu current=...>` when fewer vCPUs are online than the maximum. */
  vcpusCurrent?: number;
  arch?: string;
  machine?: string;
  osType?: string;
  /** `<os firmware='efi'>` (libvirt picks the loader itself). */
  firmwareAuto?: string;
  loader?: { path?: string; type?: string; readonly?: string; secure?: string };
  nvram?: string;
  kernel?: string;
  initrd?: string;
  cpuMode?: string;
  cpuModel?: string;
  emulator?: string;
  disks: DomainDisk[];
  nics: DomainNic[];
  graphics: string[];
  /** libosinfo id virt-install and virt-manager write, e.g. http://ubuntu.com/ubuntu/24.04. */
  libosinfoId?: string;
  /** Present when a guest-agent channel exists; `connected` once an agent answers in the guest. */
  guestAgentChannel?: { state?: string };
}

export type DomainXmlResult = { ok: true; domain: DomainDefinition } | { ok: false; error: string };

const GUEST_AGENT_CHANNEL = 'org.qemu.guest_agent.0';

export function parseDomainXml(text: string): DomainXmlResult {
  const parsed = readXml(text);
  if (!parsed.ok) return { ok: false, error: `dumpxml is not readable XML: ${parsed.error}` };
  const root = parsed.root;
  if (root.name !== 'domain') return { ok: false, error: `dumpxml printed <${root.name}>, not <domain>` };
  const os = childElement(root, 'os');
  const osType = childElement(os, 'type');
  const loader = childElement(os, 'loader');
  const vcpu = childElement(root, 'vcpu');
  const devices = childElement(root, 'devices');
  return {
    ok: true,
    domain: {
      type: attribute(root, 'type'),
      name: textOf(childElement(root, 'name')),
      uuid: textOf(childElement(root, 'uuid')),
      title: textOf(childElement(root, 'title')),
      maxMemoryBytes: memoryBytes(childElement(root, 'memory')),
      currentMemoryBytes: memoryBytes(childElement(root, 'currentMemory')),
      vcpus: positiveInteger(vcpu?.text),
      vcpusCurrent: positiveInteger(attribute(vcpu, 'current')),
      arch: attribute(osType, 'arch'),
      machine: attribute(osType, 'machine'),
      osType: textOf(osType),
      firmwareAuto: attribute(os, 'firmware'),
      loader: loader ? { path: textOf(loader), type: attribute(loader, 'type'), readonly: attribute(loader, 'readonly'), secure: attribute(loader, 'secure') } : undefined,
      nvram: textOf(childElement(os, 'nvram')),
      kernel: textOf(childElement(os, 'kernel')),
      initrd: textOf(childElement(os, 'initrd')),
      cpuMode: attribute(childElement(root, 'cpu'), 'mode'),
      cpuModel: textOf(descend(root, ['cpu', 'model'])),
      emulator: textOf(childElement(devices, 'emulator')),
      disks: childElements(devices, 'disk').map(toDisk),
      nics: childElements(devices, 'interface').map(toNic),
      graphics: childElements(devices, 'graphics').map((graphics) => attribute(graphics, 'type') ?? 'unknown'),
      libosinfoId: attribute(descend(root, ['metadata', 'libosinfo', 'os']), 'id'),
      guestAgentChannel: guestAgentChannel(devices),
    },
  };
}

function toDisk(disk: XmlElement): DomainDisk {
  const source = childElement(disk, 'source');
  const target = childElement(disk, 'target');
  return {
    type: attribute(disk, 'type'),
    device: attribute(disk, 'device'),
    source: diskSource(source),
    target: attribute(target, 'dev'),
    bus: attribute(target, 'bus'),
    format: attribute(childElement(disk, 'driver'), 'type'),
    readonly: childElement(disk, 'readonly') !== undefined,
  };
}

function diskSource(source: XmlElement | undefined): string | undefined {
  if (!source) return undefined;
  const direct = attribute(source, 'file') ?? attribute(source, 'dev') ?? attribute(source, 'dir');
  if (direct) return direct;
  const pool = attribute(source, 'pool');
  const volume = attribute(source, 'volume');
  if (pool || volume) return `${pool ?? '?'}/${volume ?? '?'}`;
  const protocol = attribute(source, 'protocol');
  const name = attribute(source, 'name');
  return protocol || name ? `${protocol ?? 'network'}:${name ?? ''}` : undefined;
}

function toNic(nic: XmlElement): DomainNic {
  const source = childElement(nic, 'source');
  return {
    type: attribute(nic, 'type'),
    mac: attribute(childElement(nic, 'mac'), 'address'),
    model: attribute(childElement(nic, 'model'), 'type'),
    source: attribute(source, 'network') ?? attribute(source, 'bridge') ?? attribute(source, 'dev'),
    hostDevice: attribute(childElement(nic, 'target'), 'dev'),
  };
}

function guestAgentChannel(devices: XmlElement | undefined): { state?: string } | undefined {
  for (const channel of childElements(devices, 'channel')) {
    const target = childElement(channel, 'target');
    if (attribute(target, 'name') === GUEST_AGENT_CHANNEL) return { state: attribute(target, 'state') };
  }
  return undefined;
}

function textOf(element: XmlElement | undefined): string | undefined {
  return element?.text ? element.text : undefined;
}

function positiveInteger(text: string | undefined): number | undefined {
  if (!text || !/^\d{1,9}$/.test(text.trim())) return undefined;
  const value = Number(text.trim());
  return value > 0 ? value : undefined;
}

// Units as libvirt's domain XML documents them: k/KiB (the default), KB = 1000...
const MEMORY_UNITS: Record<string, number> = {
  b: 1, bytes: 1,
  kb: 1e3, k: 1024, kib: 1024,
  mb: 1e6, m: 1024 ** 2, mib: 1024 ** 2,
  gb: 1e9, g: 1024 ** 3, gib: 1024 ** 3,
  tb: 1e12, t: 1024 ** 4, tib: 1024 ** 4,
};

function memoryBytes(element: XmlElement | undefined): number | undefined {
  const amount = element?.text.trim();
  if (!amount || !/^\d{1,15}$/.test(amount)) return undefined;
  const unit = (attribute(element, 'unit') ?? 'KiB').toLowerCase();
  return Object.hasOwn(MEMORY_UNITS, unit) ? Number(amount) * MEMORY_UNITS[unit] : undefined;
}
