// A pod whose node is a container of an engine this view lists (kind, k3d, minikube's Docker
// driver), or a VM of a hypervisor it lists (minikube's VM drivers), stands on that workload. Its
// diagram then draws, bottom up: this machine and the engine or hypervisor (the workload's own
// bands, read from its source), the node container or VM, the node's userland and runtime (from
// the node object), and the pod: the nesting as it is, not as each API tells it.
import type { Fact, Layer, Stack } from '../shared/model';
import type { WorkloadProvider, WorkloadSummary } from '../providers/provider';

/** The bands a container's stack gives below what runs in it. */
const BENEATH_CONTAINER = new Set<Layer['kind']>(['hardware', 'hypervisor', 'host-os', 'engine', 'isolation']);
/** The bands a VM's stack gives below its guest's OS (which the node object tells better). */
const BENEATH_VM = new Set<Layer['kind']>(['hardware', 'hypervisor', 'host-os', 'virtual-hardware']);

export interface NodeMachineName {
  kind: 'container' | 'vm';
  name: string;
}

/** The container or VM a pod's node is, as the pod's stack says (kind, k3d, minikube). */
export function nodeMachineName(pod: Stack): NodeMachineName | undefined {
  if (pod.workload.kind !== 'pod') return undefined;
  const facts = pod.layers.find((layer) => layer.kind === 'hypervisor')?.facts ?? [];
  const container = facts.find((fact) => fact.key === 'node-container')?.value;
  if (container) return { kind: 'container', name: container };
  const vm = facts.find((fact) => fact.key === 'node-vm')?.value;
  return vm ? { kind: 'vm', name: vm } : undefined;
}

/** What the node object says of its machine, carried onto the band of the container or VM it is. */
function nodeFacts(pod: Stack): Fact[] {
  const podBand = (kind: Layer['kind']) => pod.layers.find((layer) => layer.kind === kind);
  return [...(podBand('hardware')?.facts.filter((fact) => fact.key === 'node' || fact.key === 'pods-capacity') ?? []), ...(podBand('hypervisor')?.facts ?? [])];
}

/** The pod's own bands from the node's OS up; the node's OS retitled for what it is here. */
function podAbove(pod: Stack, osTitle: string): Layer[] {
  const nodeOs = pod.layers.find((layer) => layer.kind === 'host-os');
  return pod.layers.filter((layer) => layer.kind !== 'hardware' && layer.kind !== 'hypervisor').map((layer): Layer => (layer === nodeOs ? { ...layer, title: osTitle } : layer));
}

/**
 * The pod's stack standing on its node container's: the container's bands up to its isolation,
 * which becomes the node container's band (with what the node object says of it); then the pod's
 * bands from the node's OS up. The pod's own machine and hypervisor bands, read from the node
 * object, give way to what the engine reports of the machine it really runs on.
 */
export function standOnNodeContainer(pod: Stack, node: { stack: Stack; engine: string }): Stack {
  const name = node.stack.name;
  const beneath = node.stack.layers
    .filter((layer) => BENEATH_CONTAINER.has(layer.kind))
    .map((layer): Layer => (layer.kind === 'isolation' ? { ...layer, title: `Node container ${name} on ${node.engine}`, facts: [...nodeFacts(pod), ...layer.facts] } : layer));
  return { ...pod, layers: [...beneath, ...podAbove(pod, `Node OS: the userland of ${name} (the kernel is the machine’s)`)] };
}

/**
 * The pod's stack standing on its node VM's: the VM's bands up to its virtual hardware (which
 * carries what the node object says of it), then the pod's bands from the node's OS (the VM's
 * guest) up.
 */
export function standOnNodeVm(pod: Stack, node: { stack: Stack; hypervisor: string }): Stack {
  const name = node.stack.name;
  const beneath = node.stack.layers
    .filter((layer) => BENEATH_VM.has(layer.kind))
    .map((layer): Layer => (layer.kind === 'virtual-hardware' ? { ...layer, title: `Node VM ${name} on ${node.hypervisor}`, facts: [...nodeFacts(pod), ...layer.facts] } : layer));
  return { ...pod, layers: [...beneath, ...podAbove(pod, `Node OS: the guest of VM ${name} (its own kernel)`)] };
}

export interface NodeMachineLookup {
  listedWorkloads(): WorkloadSummary[];
  providerOf(id: string): WorkloadProvider | undefined;
}

/**
 * The pod's stack on its node container or VM when a root of this view lists one of that name;
 * the pod's own stack otherwise (the node is elsewhere, or its engine or hypervisor is not in this
 * view). One that cannot be read leaves the pod's bands as they were, and says why beside them.
 */
export async function withNodeMachine(pod: Stack, lookup: NodeMachineLookup): Promise<Stack> {
  const machine = nodeMachineName(pod);
  if (!machine) return pod;
  const listed = lookup.listedWorkloads().find((summary) => summary.ref.kind === machine.kind && summary.name === machine.name);
  const provider = listed && lookup.providerOf(listed.ref.providerId);
  if (!listed || !provider) return pod;
  try {
    const stack = await provider.inspectStack(listed.ref, { processes: false });
    return machine.kind === 'container' ? standOnNodeContainer(pod, { stack, engine: provider.label }) : standOnNodeVm(pod, { stack, hypervisor: provider.label });
  } catch (error) {
    const why = provider.explainError?.(error) ?? (error instanceof Error ? error.message : String(error));
    const what = machine.kind === 'container' ? 'container' : 'VM';
    const note: Fact = { key: 'node-machine-stack', label: 'Its own bands', value: `not drawn: the ${what} ${machine.name} could not be read (${why})`, source: `${provider.label}: inspect ${machine.name}` };
    return { ...pod, layers: pod.layers.map((layer) => (layer.kind === 'hypervisor' ? { ...layer, facts: [...layer.facts, note] } : layer)) };
  }
}
