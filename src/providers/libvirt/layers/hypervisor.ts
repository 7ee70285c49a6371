// Band 3: the hypervisor libvirt drives for this domain: product and version, the accelerator
// (the domain type says it: kvm = hardware virtualization, qemu = TCG emulation), libvirt itself.
import type { Layer } from '../../../shared/model';
import type { DomainDefinition } from '../domainXml';
import type { VirshVersion } from '../virshOutput';
import { fact, source, UNKNOWN } from './facts';

export function acceleratorOf(domainType: string | undefined): string {
  switch (domainType) {
    case 'kvm':
      return 'KVM';
    case 'qemu':
      return 'TCG'; // software emulation: no hardware virtualization
    case 'hvf':
      return 'HVF';
    case 'whpx':
      return 'WHPX';
    case 'test':
      return 'none (libvirt test driver)';
    case undefined:
    case '':
      return UNKNOWN;
    default:
      return domainType;
  }
}

export function hypervisorLayer(uri: string, version: VirshVersion, domain: DomainDefinition | undefined): Layer {
  const accelerator = acceleratorOf(domain?.type);
  const libvirtVersion = version.daemon ? `libvirt ${version.daemon} (daemon)` : version.library;
  const layer: Layer = {
    kind: 'hypervisor',
    title: 'Hypervisor',
    facts: [
      fact('hypervisor', 'Hypervisor', version.hypervisor ?? UNKNOWN, source.version('Running hypervisor')),
      fact('accelerator', 'Accelerator', accelerator, source.dumpxml('/domain/@type')),
      fact('libvirt', 'libvirt', libvirtVersion ?? UNKNOWN, source.version(version.daemon ? 'Running against daemon' : 'Using library')),
      fact('driver', 'libvirt driver', version.api ?? UNKNOWN, source.version('Using API')),
      fact('domain-type', 'Domain type', domain?.type ?? UNKNOWN, source.dumpxml('/domain/@type')),
      fact('emulator', 'Emulator', domain?.emulator ?? UNKNOWN, source.dumpxml('/domain/devices/emulator')),
      fact('uri', 'Connection', uri, source.uri),
    ],
  };
  if (!version.hypervisor && !domain) layer.unavailable = 'Neither virsh version nor virsh dumpxml answered.';
  return layer;
}
