// Band 4: the machine libvirt gives the guest: vCPUs, memory, machine type, firmware, disks (format
// and size), NICs, and its power state with live usage from domstats.
import type { Layer } from '../../../shared/model';
import { formatBytes } from '../../../shared/units';
import type { DomainDefinition, DomainDisk, DomainNic } from '../domainXml';
import { stateFromCode } from '../domainState';
import { numberField, type BlockInfo } from '../virshOutput';
import { fact, listFact, source, UNKNOWN } from './facts';

export interface VirtualHardwareInputs {
  domain: DomainDefinition | undefined;
  xmlError?: string;
  dominfo: Map<string, string>;
  domstats: Map<string, string>;
  blocks: BlockInfo[];
}

export function virtualHardwareLayer(inputs: VirtualHardwareInputs): Layer {
  const { domain, dominfo, domstats } = inputs;
  const layer: Layer = {
    kind: 'virtual-hardware',
    title: 'Virtual hardware',
    facts: [
      fact('state', 'State', stateText(dominfo, domstats), dominfo.get('State') ? source.dominfo('State') : source.domstats('state.state')),
      fact('vcpus', 'vCPUs', vcpuText(domain, dominfo), domain?.vcpus ? source.dumpxml('/domain/vcpu') : source.dominfo('CPU(s)')),
      fact('memory', 'Memory', memoryText(domain), source.dumpxml('/domain/memory, /domain/currentMemory')),
      fact('machine', 'Machine type', domain?.machine ?? UNKNOWN, source.dumpxml('/domain/os/type/@machine')),
      fact('architecture', 'Architecture', domain?.arch ?? UNKNOWN, source.dumpxml('/domain/os/type/@arch')),
      fact('cpu-model', 'CPU model', cpuText(domain), source.dumpxml('/domain/cpu')),
      fact('firmware', 'Firmware', firmwareText(domain), source.dumpxml('/domain/os (firmware, loader, nvram, kernel)')),
      listFact('disks', 'Disks', (domain?.disks ?? []).map((disk) => diskText(disk, inputs.blocks)), `${source.dumpxml('/domain/devices/disk')}; sizes: ${source.domblkinfo}`),
      listFact('nics', 'Network interfaces', (domain?.nics ?? []).map(nicText), source.dumpxml('/domain/devices/interface')),
      listFact('graphics', 'Graphics', domain?.graphics ?? [], source.dumpxml('/domain/devices/graphics')),
    ],
  };
  const rss = numberField(domstats.get('balloon.rss'));
  if (rss !== undefined) layer.facts.push(fact('host-memory', 'Host memory in use (RSS)', formatBytes(rss * 1024), source.domstats('balloon.rss')));
  const cpuTime = numberField(domstats.get('cpu.time'));
  if (cpuTime !== undefined) layer.facts.push(fact('cpu-time', 'CPU time used', `${(cpuTime / 1e9).toFixed(1)} s`, source.domstats('cpu.time')));
  if (!domain) layer.unavailable = `The domain definition could not be read: ${inputs.xmlError ?? 'virsh dumpxml gave no answer'}.`;
  return layer;
}

function stateText(dominfo: Map<string, string>, domstats: Map<string, string>): string {
  const words = dominfo.get('State');
  if (words) return words;
  const code = numberField(domstats.get('state.state'));
  return code === undefined ? UNKNOWN : stateFromCode(code).words;
}

function vcpuText(domain: DomainDefinition | undefined, dominfo: Map<string, string>): string {
  const maximum = domain?.vcpus;
  if (maximum === undefined) return dominfo.get('CPU(s)') ?? UNKNOWN;
  const current = domain?.vcpusCurrent;
  return current !== undefined && current !== maximum ? `${current} of ${maximum}` : String(maximum);
}

function memoryText(domain: DomainDefinition | undefined): string {
  const maximum = domain?.maxMemoryBytes;
  if (maximum === undefined) return UNKNOWN;
  const current = domain?.currentMemoryBytes;
  return current !== undefined && current !== maximum ? `${formatBytes(current)} (maximum ${formatBytes(maximum)})` : formatBytes(maximum);
}

function cpuText(domain: DomainDefinition | undefined): string {
  if (!domain?.cpuMode && !domain?.cpuModel) return UNKNOWN;
  return [domain.cpuModel, domain.cpuMode ? `mode ${domain.cpuMode}` : undefined].filter(Boolean).join(', ');
}

function firmwareText(domain: DomainDefinition | undefined): string {
  if (!domain) return UNKNOWN;
  const parts: string[] = [];
  const loader = domain.loader;
  if (domain.firmwareAuto === 'efi' || loader?.type === 'pflash' || /ovmf|edk2|aavmf|efi/i.test(loader?.path ?? '')) {
    parts.push(`UEFI${loader?.path ? ` (${loader.path})` : ''}${loader?.secure === 'yes' ? ', secure boot' : ''}`);
    if (domain.nvram) parts.push(`NVRAM ${domain.nvram}`);
  } else if (loader?.path) {
    parts.push(`BIOS (${loader.path})`);
  } else if (domain.type === 'qemu' || domain.type === 'kvm') {
    parts.push(domain.arch === 'x86_64' || domain.arch === 'i686' ? 'BIOS (SeaBIOS, the default)' : 'the machine type\'s default');
  }
  if (domain.kernel) parts.push(`direct kernel boot: ${domain.kernel}${domain.initrd ? ` + ${domain.initrd}` : ''}`);
  return parts.length > 0 ? parts.join('; ') : UNKNOWN;
}

function diskText(disk: DomainDisk, blocks: readonly BlockInfo[]): string {
  const size = blocks.find((block) => block.target === disk.target);
  const sizeText = size?.capacityBytes !== undefined
    ? `${formatBytes(size.capacityBytes)}${size.allocationBytes !== undefined ? ` (${formatBytes(size.allocationBytes)} allocated)` : ''}`
    : undefined;
  const where = `${disk.target ?? '?'}${disk.bus ? ` (${disk.bus})` : ''}`;
  const details = [disk.device, disk.type, disk.format, disk.source ?? 'no media', sizeText, disk.readonly ? 'read-only' : undefined];
  return `${where}: ${details.filter(Boolean).join(', ')}`;
}

function nicText(nic: DomainNic): string {
  const attached = nic.source ? `${nic.type ?? 'interface'} ${nic.source}` : nic.type ?? 'interface';
  return [attached, nic.model, nic.mac, nic.hostDevice ? `host side ${nic.hostDevice}` : undefined].filter(Boolean).join(', ');
}
