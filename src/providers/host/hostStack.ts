// This machine as a Stack, bottom first: hardware, the hypervisor under it (when it is a VM),
// its OS, and a container band when this kernel's view is a container's. The conclusion's
// evidence is drawn where the conclusion is, each clue with the file it came from.
import { formatBytes } from '../../shared/units';
import type { Fact, Layer, Stack } from '../../shared/model';
import type { HostPlatform } from './classify';
import type { HostFacts, Sourced } from './hostFacts';

export const HOST_REF = { kind: 'host', providerId: 'host', id: 'local' } as const;

export interface HostStackInput {
  platform: HostPlatform;
  facts: HostFacts;
  hostname: string;
  /** ISO 8601. */
  readAt: string;
}

const UNKNOWN = 'unknown';
const CLASSIFIER_SOURCE = 'weighed from the evidence below (classifyHost)';

function fact(key: string, label: string, value: string, source: string, multiline = false): Fact {
  return multiline ? { key, label, value, source, multiline } : { key, label, value, source };
}

function sourcedFact<T>(key: string, label: string, sourced: Sourced<T> | undefined, format: (value: T) => string, missingSource: string): Fact {
  return sourced ? fact(key, label, format(sourced.value), sourced.source) : fact(key, label, UNKNOWN, `${missingSource} (not readable)`);
}

const VIRTUALIZATION_WORDS: Record<HostPlatform['kind'], string> = {
  'bare-metal': 'bare metal',
  vm: 'VM',
  container: 'container',
  unknown: UNKNOWN,
};

/** One line per clue: what was seen, what it argues for, how much it weighs. */
function evidenceLines(platform: HostPlatform): string {
  if (platform.evidence.length === 0) return 'no signal could be read';
  return platform.evidence.map((e) => `${e.signal}: ${e.value} → ${e.pointsTo} (weight ${e.weight}; ${e.source})`).join('\n');
}

/** The conclusion, its confidence, the summary and each clue as its own fact with its source. */
function evidenceFacts(platform: HostPlatform): Fact[] {
  return [
    fact('confidence', 'Confidence', platform.confidence, CLASSIFIER_SOURCE),
    fact('evidence', 'Evidence', evidenceLines(platform), CLASSIFIER_SOURCE, platform.evidence.length > 1),
    ...platform.evidence.map((e, index) =>
      fact(`evidence-${index + 1}`, e.signal, `${e.value} → ${e.pointsTo} (weight ${e.weight})`, e.source),
    ),
  ];
}

function hardwareLayer(input: HostStackInput): Layer {
  const { facts, platform } = input;
  const virtual = platform.kind === 'vm' || platform.hypervisor !== undefined;
  const whose = virtual ? ' (virtual, given by the hypervisor)' : '';
  const layer: Layer = {
    kind: 'hardware',
    title: virtual ? 'Hardware (virtual)' : 'Hardware',
    facts: [
      sourcedFact('cpus', `CPUs${whose}`, facts.cpuCount, String, '/proc/cpuinfo'),
      sourcedFact('memory', `Memory${whose}`, facts.memoryBytes, formatBytes, '/proc/meminfo'),
      sourcedFact('cpu-model', 'CPU model', facts.cpuModel, (model) => model, '/proc/cpuinfo'),
      sourcedFact('architecture', 'Architecture', facts.architecture, (arch) => arch, '/proc/sys/kernel/arch'),
      fact('virtualization', 'Runs on', VIRTUALIZATION_WORDS[platform.kind], CLASSIFIER_SOURCE),
    ],
  };
  // Bare metal and unknown have no band of their own: their evidence is shown here.
  if (platform.kind === 'bare-metal' || platform.kind === 'unknown') layer.facts.push(...evidenceFacts(platform));
  return layer;
}

function hypervisorFacts(platform: HostPlatform, withEvidence: boolean): Fact[] {
  return [
    fact('hypervisor', 'Hypervisor', platform.hypervisor ?? 'not identified (a VM by its signals, no product named)', CLASSIFIER_SOURCE),
    fact('virtualization', 'Virtualization', platform.hypervisor === 'Firecracker' ? 'micro-VM (KVM)' : 'VM', CLASSIFIER_SOURCE),
    ...(withEvidence ? evidenceFacts(platform) : [fact('confidence', 'Confidence', platform.confidence, CLASSIFIER_SOURCE)]),
  ];
}

function hostOsLayer(input: HostStackInput): Layer {
  const { facts } = input;
  return {
    kind: 'host-os',
    title: input.platform.kind === 'vm' ? 'Host OS (inside the VM)' : 'Host OS',
    facts: [
      sourcedFact('os', 'Operating system', facts.osName, (name) => name, '/etc/os-release'),
      sourcedFact('kernel', 'Kernel', facts.kernel, (kernel) => kernel, '/proc/sys/kernel/osrelease'),
      sourcedFact('architecture', 'Architecture', facts.architecture, (arch) => arch, '/proc/sys/kernel/arch'),
      fact('hostname', 'Host name', input.hostname || UNKNOWN, 'os.hostname()'),
    ],
  };
}

function containerLayer(platform: HostPlatform): Layer {
  return {
    kind: 'isolation',
    title: 'Container',
    facts: [
      fact('container', 'Container engine', platform.container ?? 'not named by its markers', CLASSIFIER_SOURCE),
      fact('virtualization', 'Virtualization', 'container (shares the kernel below)', CLASSIFIER_SOURCE),
      ...evidenceFacts(platform),
    ],
  };
}

export function buildHostStack(input: HostStackInput): Stack {
  const { platform } = input;
  const layers: Layer[] = [hardwareLayer(input)];
  if (platform.kind === 'vm' || platform.hypervisor !== undefined) {
    layers.push({ kind: 'hypervisor', title: 'Hypervisor', facts: hypervisorFacts(platform, platform.kind === 'vm') });
  }
  layers.push(hostOsLayer(input));
  if (platform.kind === 'container') layers.push(containerLayer(platform));
  return { workload: { ...HOST_REF }, name: input.hostname || 'This machine', layers, readAt: input.readAt, state: 'running' };
}

/**
 * The band a local container engine's diagram puts under its host OS when this machine is a VM:
 * "containers on this machine sit on a Firecracker VM". Undefined on bare metal or when unknown.
 */
export function hostHypervisorLayer(platform: HostPlatform): Layer | undefined {
  if (platform.kind !== 'vm' && platform.hypervisor === undefined) return undefined;
  return { kind: 'hypervisor', title: 'Hypervisor (this machine)', facts: hypervisorFacts(platform, true) };
}
