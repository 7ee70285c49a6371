// A band's headline: the two or three values that say what the band is at a glance (the glance
// diagram, the tree of a comparison, exports). Shared so every picture of a stack names the same.
import type { Fact, Layer, LayerKind } from './model';

export const HEADLINE_COUNT = 3;

/**
 * Keys worth a headline, best first, per band kind. Sources name the same thing differently (a
 * container's engine-version, a VM's vcpus), so each list holds every provider's word for it.
 */
const PREFERRED: Record<LayerKind, readonly string[]> = {
  hardware: ['cpus', 'memory', 'cpu-model', 'instance-type', 'vm-size'],
  hypervisor: ['hypervisor', 'accelerator', 'virtualization', 'vmm', 'version'],
  'host-os': ['os', 'kernel', 'architecture'],
  engine: ['engine-version', 'engine-name', 'runtime', 'kubelet', 'storage-driver', 'libvirt'],
  isolation: ['runtime', 'runtime-class', 'cpu-limit', 'memory-limit', 'qos', 'pid-mode', 'privileged'],
  'virtual-hardware': ['vcpus', 'memory', 'machine', 'firmware'],
  'guest-os': ['guest-os', 'os', 'guest-kernel', 'kernel', 'guest-agent'],
  libraries: ['image', 'base', 'image-size', 'kernel-image'],
  app: ['command', 'ports', 'health', 'phase', 'processes', 'uptime'],
};

function isHeadlineCandidate(fact: Fact): boolean {
  // Grouped facts (env:PATH, label:x) are detail; secrets and multi-line values never headline.
  return !fact.key.includes(':') && fact.secret !== true && fact.multiline !== true && fact.value.trim() !== '';
}

/** The band's headline facts: preferred keys first, then the band's first other plain facts. */
export function headlineFacts(layer: Layer, count = HEADLINE_COUNT): Fact[] {
  const candidates = layer.facts.filter(isHeadlineCandidate);
  const chosen: Fact[] = [];
  for (const key of PREFERRED[layer.kind] ?? []) {
    const fact = candidates.find((candidate) => candidate.key === key);
    if (fact && !chosen.includes(fact)) chosen.push(fact);
    if (chosen.length === count) return chosen;
  }
  for (const fact of candidates) {
    if (chosen.length === count) break;
    if (!chosen.includes(fact)) chosen.push(fact);
  }
  return chosen;
}
