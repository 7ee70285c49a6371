// Weighs the clues into one conclusion. Rules that keep single tools from being fooled:
// - each signal family counts at most PER_FAMILY_CAP toward one conclusion (four ACPI tables signed
//   alike, or DMI vendor and product saying the same, are one witness, not four);
// - a hypervisor is named only from clues that name it (or its family: kvm-clock supports Firecracker);
// - a container needs several markers and must outweigh the signs that this kernel sees a whole machine.
import {
  type ContainerName,
  type Evidence,
  type FamilyClue,
  HYPERVISOR_FAMILY,
  type HypervisorName,
  type SignalFamily,
  type Target,
} from './evidence';

export type HostKind = 'bare-metal' | 'vm' | 'container' | 'unknown';
export type Confidence = 'high' | 'medium' | 'low';

export interface HostPlatform {
  kind: HostKind;
  /** The VMM under this kernel, when one is named (also set for a container on a VM). */
  hypervisor?: string;
  /** The container engine, when this is a container and its engine is named. */
  container?: string;
  confidence: Confidence;
  /** Every clue observed, strongest first, including those that lost. */
  evidence: Evidence[];
}

const PER_FAMILY_CAP = 3;
const CONTAINER_THRESHOLD = 3;

interface Tally {
  score: number;
  families: Set<SignalFamily>;
}

function tally(clues: FamilyClue[], counts: (target: Target) => boolean): Tally {
  const byFamily = new Map<SignalFamily, number>();
  for (const found of clues) {
    if (found.weight > 0 && counts(found.target)) byFamily.set(found.family, (byFamily.get(found.family) ?? 0) + found.weight);
  }
  let score = 0;
  for (const weight of byFamily.values()) score += Math.min(weight, PER_FAMILY_CAP);
  return { score, families: new Set(byFamily.keys()) };
}

const HYPERVISOR_NAMES = Object.keys(HYPERVISOR_FAMILY) as HypervisorName[];

function parentOf(name: HypervisorName): HypervisorName | undefined {
  return HYPERVISOR_FAMILY[name];
}

/** Same line of descent: KVM and Firecracker agree; Firecracker and Hyper-V compete. */
function related(a: HypervisorName, b: HypervisorName): boolean {
  return a === b || parentOf(a) === b || parentOf(b) === a;
}

interface VmVerdict {
  total: number;
  name?: HypervisorName;
  confidence: Confidence;
}

function weighVm(clues: FamilyClue[]): VmVerdict {
  const total = tally(clues, (t) => t.kind === 'hypervisor' || t.kind === 'vm').score;
  const generic = tally(clues, (t) => t.kind === 'vm');
  const named = (name: HypervisorName) => (t: Target) => t.kind === 'hypervisor' && t.name === name;
  const candidates = HYPERVISOR_NAMES.map((name) => ({ name, own: tally(clues, named(name)).score }))
    .filter(({ own }) => own > 0)
    .map(({ name, own }) => {
      const lineage = (t: Target) => t.kind === 'hypervisor' && (t.name === name || t.name === parentOf(name));
      return { name, own, ...tally(clues, lineage) };
    });
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best) return { total, confidence: generic.score >= 4 ? 'medium' : 'low' };
  const rival = candidates.find((c) => !related(c.name, best.name));
  const families = new Set([...best.families, ...generic.families]);
  const contested = rival !== undefined && rival.score * 2 >= best.score;
  let confidence: Confidence = 'low';
  // High needs clues naming this very product (not only its family) and agreeing families.
  if (best.own >= 3 && best.score + generic.score >= 6 && families.size >= 2 && !contested) confidence = 'high';
  else if (best.score + generic.score >= 3) confidence = 'medium';
  return { total, name: best.name, confidence };
}

interface ContainerVerdict {
  isContainer: boolean;
  name?: ContainerName;
  confidence: Confidence;
}

function weighContainer(clues: FamilyClue[]): ContainerVerdict {
  // Container clues all come from one family; count each marker on its own, capped per marker.
  const markers = clues.filter((c) => c.target.kind === 'container');
  const forScore = markers.reduce((sum, c) => sum + Math.min(c.weight, PER_FAMILY_CAP), 0);
  const againstScore = clues.filter((c) => c.target.kind === 'not-container').reduce((sum, c) => sum + c.weight, 0);
  const isContainer = forScore >= CONTAINER_THRESHOLD && forScore > againstScore;
  const byName = new Map<ContainerName, number>();
  for (const marker of markers) {
    if (marker.target.kind === 'container' && marker.target.name !== 'a container') {
      byName.set(marker.target.name, (byName.get(marker.target.name) ?? 0) + marker.weight);
    }
  }
  const name = [...byName].sort((a, b) => b[1] - a[1])[0]?.[0];
  const confidence: Confidence = forScore >= 5 && againstScore === 0 ? 'high' : 'medium';
  return { isContainer, name, confidence };
}

export function classifyHost(clues: FamilyClue[]): HostPlatform {
  const evidence = toEvidence(clues);
  const vm = weighVm(clues);
  const bare = tally(clues, (t) => t.kind === 'bare-metal').score;
  const onVm = vm.total > bare;
  const inContainer = weighContainer(clues);
  if (inContainer.isContainer) {
    const platform: HostPlatform = { kind: 'container', confidence: inContainer.confidence, evidence };
    if (inContainer.name) platform.container = inContainer.name;
    // The kernel's signals are the machine under the container's shared kernel.
    if (onVm && vm.name) platform.hypervisor = vm.name;
    return platform;
  }
  if (onVm) {
    const platform: HostPlatform = { kind: 'vm', confidence: vm.confidence, evidence };
    if (vm.name) platform.hypervisor = vm.name;
    return platform;
  }
  if (bare > vm.total) {
    const confidence: Confidence = bare >= 4 && vm.total === 0 ? 'high' : bare >= 2 ? 'medium' : 'low';
    return { kind: 'bare-metal', confidence, evidence };
  }
  return { kind: 'unknown', confidence: 'low', evidence };
}

/** Plain evidence rows, strongest first; the internal target and family stay here. */
function toEvidence(clues: FamilyClue[]): Evidence[] {
  return clues
    .map(({ signal, value, source, pointsTo, weight }) => ({ signal, value, source, pointsTo, weight }))
    .sort((a, b) => b.weight - a.weight);
}

/** A few words for a tree row or a header: "Firecracker micro-VM", "Docker container", "bare metal". */
export function describePlatform(platform: HostPlatform): string {
  switch (platform.kind) {
    case 'vm':
      if (platform.hypervisor === 'Firecracker') return 'Firecracker micro-VM';
      return platform.hypervisor ? `${platform.hypervisor} VM` : 'VM (hypervisor not identified)';
    case 'container':
      return platform.container ? `${platform.container} container` : 'container';
    case 'bare-metal':
      return 'bare metal';
    case 'unknown':
      return 'unknown platform';
  }
}
