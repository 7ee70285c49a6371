// One VM's diagram from what its tool said: this machine under it, the product as hypervisor, the
// virtual hardware, the guest OS where the tool knows it, and honest gaps above.
import type { Fact, Layer, Stack, WorkloadRef } from '../../shared/model';
import { formatBytes } from '../../shared/units';
import type { ParsedVm, VmFactBand } from './parsedVm';

export interface VmStackInput {
  ref: WorkloadRef;
  vm: ParsedVm;
  product: string;
  executable: string;
  version: { ok: true; text: string; source: string } | { ok: false; error: string } | undefined;
  accelerator: string;
  detailsError?: string;
  guestOsHint: string;
  hardware: Layer;
  hostOs: Layer;
  readAt: string;
}

export function buildVmStack(input: VmStackInput): Stack {
  return {
    workload: input.ref,
    name: input.vm.name,
    layers: [input.hardware, input.hostOs, hypervisorLayer(input), virtualHardwareLayer(input), guestOsLayer(input), ...insideGuestLayers(input)],
    readAt: input.readAt,
    state: input.vm.stateText,
  };
}

function hypervisorLayer({ vm, product, executable, version, accelerator }: VmStackInput): Layer {
  const facts: Fact[] = [
    { key: 'hypervisor', label: 'Hypervisor', value: product, source: executable },
    version?.ok
      ? { key: 'version', label: 'Version', value: version.text, source: version.source }
      : { key: 'version', label: 'Version', value: version ? `unknown (${version.error})` : 'unknown', source: executable },
  ];
  if (!vm.facts.some((fact) => fact.key === 'accelerator')) facts.push({ key: 'accelerator', label: 'Accelerator', value: accelerator, source: `what ${product} uses on this platform` });
  facts.push({ key: 'state', label: 'State', value: vm.stateText, source: vm.sources.state ?? executable });
  return { kind: 'hypervisor', title: `Hypervisor: ${product}`, facts: [...facts, ...factsOf(vm, 'hypervisor')] };
}

function virtualHardwareLayer({ vm, product, detailsError }: VmStackInput): Layer {
  const notReported = `not reported by ${product}`;
  const facts: Fact[] = [
    { key: 'vcpus', label: 'vCPUs', value: vm.vcpus !== undefined ? String(vm.vcpus) : 'unknown', source: vm.sources.vcpus ?? notReported },
    { key: 'memory', label: 'Memory', value: vm.memoryBytes !== undefined ? formatBytes(vm.memoryBytes) : 'unknown', source: vm.sources.memory ?? notReported },
  ];
  const own = factsOf(vm, 'virtual-hardware');
  for (const [key, label] of [['disks', 'Disks'], ['machine', 'Machine']] as const) {
    if (!own.some((fact) => fact.key === key)) facts.push({ key, label, value: 'unknown', source: notReported });
  }
  const layer: Layer = { kind: 'virtual-hardware', title: 'Virtual hardware', facts: [...facts, ...own] };
  if (detailsError) layer.unavailable = `Only what the list shows: the details could not be read (${detailsError}).`;
  return layer;
}

function guestOsLayer({ vm, guestOsHint }: VmStackInput): Layer {
  const facts = factsOf(vm, 'guest-os');
  if (vm.os && !facts.some((fact) => fact.key === 'os')) facts.unshift({ key: 'os', label: 'Guest OS', value: vm.os, source: vm.sources.os ?? 'tool metadata' });
  const layer: Layer = { kind: 'guest-os', title: 'Guest OS', facts };
  if (facts.length === 0) layer.unavailable = guestOsHint;
  return layer;
}

function insideGuestLayers({ product }: VmStackInput): Layer[] {
  const reason = `${product} does not report the software inside the guest; read it from within the guest (e.g. over ssh).`;
  return [
    { kind: 'libraries', title: 'Libraries', facts: [], unavailable: reason },
    { kind: 'app', title: 'Applications', facts: [], unavailable: reason },
  ];
}

function factsOf(vm: ParsedVm, band: VmFactBand): Fact[] {
  return vm.facts
    .filter((fact) => fact.band === band)
    .map((fact) => ({ key: fact.key, label: fact.label, value: fact.value, source: fact.source, ...(fact.value.includes('\n') ? { multiline: true } : {}) }));
}
