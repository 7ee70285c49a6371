// The compare view's model: several stacks drawn side by side over the layers they share, like the
// classic virtualization-against-containerization figure. Shared by the host (which builds it) and
// the webview (which draws it); plain data.
import type { Fact, Layer, LayerKind, Stack, WorkloadRef } from './model';
import { splitPodContainers } from './podColumns';

export interface CompareColumn {
  workload: WorkloadRef;
  name: string;
  state: string;
  /** This workload's own layers above the shared ones, bottom first. */
  layers: Layer[];
  /** What the classic figure is about: a VM brings its own kernel, containers share the host's. */
  kernel: { shared: boolean; text: string };
}

/** One fact of the engine or isolation bands on which the columns disagree. */
export interface CompareDifference {
  key: string;
  label: string;
  /** One per column, in column order; null where that workload's stack has no such fact. */
  values: (string | null)[];
}

/**
 * A block some of the columns (two or more, not all) stand on: three containers of one engine on
 * its engine block, two VMs of one hypervisor on its hypervisor block. Its columns are next to
 * each other: compareStacks orders the columns so.
 */
export interface CompareGroup {
  /** The first column standing on it and the one after the last (columns [from, to)). */
  from: number;
  to: number;
  /** Its place in each of those columns' own layers (`column.layers[depth]`), the same for all. */
  depth: number;
  layer: Layer;
}

export interface CompareModel {
  /** Layers every column stands on, bottom first, drawn once across the bottom. */
  shared: Layer[];
  /** In figure order: columns that share a block stand next to each other. */
  columns: CompareColumn[];
  /** Blocks shared by some columns, above `shared`; each column's own copy stays in its `layers`. */
  groups: CompareGroup[];
  /** What sets the workloads apart in how they are run and isolated (runtime, user namespace...). */
  differences: CompareDifference[];
  readAt: string;
}

/** The bands that say how a workload is run and fenced in; where two engines differ is there. */
const DIFFERENCE_KINDS: readonly LayerKind[] = ['engine', 'isolation'];

/** The facts that make two bands of one kind the same band, e.g. the same host kernel. */
const IDENTITY_KEYS: Partial<Record<LayerKind, readonly string[]>> = {
  // A pod's node bands also name the node, its instance or node container, and its runtime and kubelet.
  hardware: ['cpus', 'memory', 'architecture', 'node'],
  hypervisor: ['hypervisor', 'platform', 'instance-id', 'node-container', 'node-vm'],
  'host-os': ['kernel', 'os'],
  engine: ['engine-version', 'storage-driver', 'api-version', 'runtime', 'kubelet'],
};

function factValue(layer: Layer, key: string): string | undefined {
  const value = layer.facts.find((fact: Fact) => fact.key === key)?.value.trim();
  return value && !/^unknown\b/i.test(value) ? value : undefined;
}

/** Two bands are one when they are the same band, or their kind may be shared and every identity fact both know agrees. */
function sameBand(a: Layer, b: Layer): boolean {
  // One band object under two columns: a pod's sandbox (and node) under each of its containers.
  if (a === b) return true;
  const keys = IDENTITY_KEYS[a.kind];
  if (a.kind !== b.kind || !keys) return false;
  let compared = 0;
  for (const key of keys) {
    const left = factValue(a, key);
    const right = factValue(b, key);
    if (left === undefined || right === undefined) continue;
    if (left !== right) return false;
    compared++;
  }
  return compared > 0;
}

/** How many bottom layers all stacks share, position by position. */
function sharedDepth(stacks: readonly Stack[]): number {
  if (stacks.length < 2) return 0;
  const shortest = Math.min(...stacks.map((s) => s.layers.length));
  let depth = 0;
  while (depth < shortest && stacks.every((s) => sameBand(stacks[0].layers[depth], s.layers[depth]))) depth++;
  return depth;
}

/** A pod's kernel is its RuntimeClass's choice: the node's (runc), a user-space one over it (gVisor), or its own VM's (Kata). */
function podKernel(stack: Stack): CompareColumn['kernel'] {
  const hostOs = stack.layers.find((l) => l.kind === 'host-os');
  const nodeKernel = hostOs ? factValue(hostOs, 'kernel') : undefined;
  const isolation = stack.layers.find((l) => l.kind === 'isolation');
  if (stack.layers.some((l) => l.kind === 'guest-os')) return { shared: false, text: 'Own kernel: the guest kernel of the pod’s own VM (Kata Containers)' };
  if (isolation && /^gVisor/.test(factValue(isolation, 'runtime') ?? '')) {
    return { shared: false, text: `A user-space kernel (gVisor) between the app and the node’s kernel${nodeKernel ? ` ${nodeKernel}` : ''}` };
  }
  return { shared: true, text: nodeKernel ? `Shares the node’s kernel: ${nodeKernel}` : 'Shares the node’s kernel' };
}

function kernelOf(stack: Stack, ownLayers: readonly Layer[], sharedLayers: readonly Layer[]): CompareColumn['kernel'] {
  if (stack.workload.kind === 'pod') return podKernel(stack);
  const guest = ownLayers.find((l) => l.kind === 'guest-os');
  if (guest || stack.workload.kind === 'vm') {
    const kernel = guest ? (factValue(guest, 'kernel') ?? factValue(guest, 'guest-kernel'))?.split(' ')[0] : undefined;
    return { shared: false, text: kernel ? `Own kernel: ${kernel}` : 'Own kernel (the guest’s; not readable from outside)' };
  }
  const hostOs = [...sharedLayers, ...ownLayers].find((l) => l.kind === 'host-os') ?? stack.layers.find((l) => l.kind === 'host-os');
  const kernel = hostOs ? factValue(hostOs, 'kernel') : undefined;
  const whose = stack.workload.kind === 'host' ? 'This machine’s kernel' : 'Shares the host kernel';
  return { shared: stack.workload.kind !== 'host', text: kernel ? `${whose}: ${kernel}` : whose };
}

/** Of the copies of one shared band, the one that knows most (an engine cannot read the CPU model; this machine can). */
function mostKnowing(copies: readonly Layer[]): Layer {
  const known = (layer: Layer) => layer.facts.filter((fact) => !/^unknown\b/i.test(fact.value.trim())).length;
  return copies.reduce((best, layer) => (known(layer) > known(best) ? layer : best));
}

/** Splits `members` (indices of `stacks`) by the band each has at `depth`, in order of first appearance. */
function partitionAt(stacks: readonly Stack[], members: readonly number[], depth: number): number[][] {
  const classes: number[][] = [];
  for (const member of members) {
    const layer = stacks[member].layers[depth];
    const same = layer ? classes.find((group) => sameBand(stacks[group[0]].layers[depth], layer)) : undefined;
    if (same) same.push(member);
    else classes.push([member]);
  }
  return classes;
}

/**
 * The figure's tree above the layers all share: at each depth, the stacks that stand on one band
 * there form a block, and above it they split again. Gives the column order that keeps each
 * block's stacks side by side, and the blocks as positions in that order.
 */
function groupTree(stacks: readonly Stack[], sharedDepthOfAll: number): { order: number[]; groups: { members: number[]; depth: number }[] } {
  const order: number[] = [];
  const groups: { members: number[]; depth: number }[] = [];
  const visit = (members: number[], depth: number): void => {
    for (const part of partitionAt(stacks, members, depth)) {
      if (part.length < 2) {
        order.push(part[0]);
        continue;
      }
      groups.push({ members: part, depth });
      visit(part, depth + 1);
    }
  };
  visit(stacks.map((_, index) => index), sharedDepthOfAll);
  return { order, groups };
}

export function compareStacks(workloads: readonly Stack[], readAt: string): CompareModel {
  // A pod's containers stand side by side on its sandbox, as containers of one engine stand on it.
  const unordered = workloads.flatMap(splitPodContainers);
  const depth = sharedDepth(unordered);
  const tree = groupTree(unordered, depth);
  const stacks = tree.order.map((index) => unordered[index]);
  const shared = Array.from({ length: depth }, (_, i) => mostKnowing(stacks.map((stack) => stack.layers[i])));
  const groups = tree.groups.map(({ members, depth: at }) => {
    const positions = members.map((member) => tree.order.indexOf(member));
    return {
      from: Math.min(...positions),
      to: Math.max(...positions) + 1,
      depth: at - depth,
      layer: mostKnowing(members.map((member) => unordered[member].layers[at])),
    };
  });
  return {
    shared,
    groups,
    differences: differencesOf(stacks),
    readAt,
    columns: stacks.map((stack) => {
      const layers = stack.layers.slice(depth);
      return { workload: stack.workload, name: stack.name, state: stack.state, layers, kernel: kernelOf(stack, layers, shared) };
    }),
  };
}

/** Facts at least two columns know and not all of them agree on, engine band first, in band order. */
function differencesOf(stacks: readonly Stack[]): CompareDifference[] {
  if (stacks.length < 2) return [];
  const rows = new Map<string, CompareDifference>();
  for (const kind of DIFFERENCE_KINDS) {
    stacks.forEach((stack, column) => {
      for (const fact of stack.layers.filter((layer) => layer.kind === kind).flatMap((layer) => layer.facts)) {
        if (fact.secret) continue;
        const row = rows.get(fact.key) ?? { key: fact.key, label: fact.label, values: stacks.map(() => null) };
        row.values[column] = fact.value;
        rows.set(fact.key, row);
      }
    });
  }
  return [...rows.values()].filter((row) => {
    const known = row.values.filter((value): value is string => value !== null);
    return known.length >= 2 && new Set(known).size > 1;
  });
}
