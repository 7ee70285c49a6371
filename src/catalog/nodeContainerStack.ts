// A pod whose node is a container of an engine this view lists (kind, k3d, minikube's Docker
// driver) stands on that container. Its diagram then draws, bottom up: this machine and the engine
// (the container's own bands, read from the engine), the node container, the node's userland and
// runtime (from the node object), and the pod: the nesting as it is, not as each API tells it.
import type { Fact, Layer, Stack } from '../shared/model';
import type { WorkloadProvider, WorkloadSummary } from '../providers/provider';

/** The bands a container's stack gives below what runs in it. */
const BENEATH = new Set<Layer['kind']>(['hardware', 'hypervisor', 'host-os', 'engine', 'isolation']);

/** The name of the container a pod's node is, as the pod's stack says (kind, k3d, minikube). */
export function nodeContainerName(pod: Stack): string | undefined {
  if (pod.workload.kind !== 'pod') return undefined;
  return pod.layers.find((layer) => layer.kind === 'hypervisor')?.facts.find((fact) => fact.key === 'node-container')?.value;
}

/**
 * The pod's stack standing on its node container's: the container's bands up to its isolation,
 * which becomes the node container's band (with what the node object says of it); then the pod's
 * bands from the node's OS up. The pod's own machine and hypervisor bands, read from the node
 * object, give way to what the engine reports of the machine it really runs on.
 */
export function standOnNodeContainer(pod: Stack, node: { stack: Stack; engine: string }): Stack {
  const name = node.stack.name;
  const podBand = (kind: Layer['kind']) => pod.layers.find((layer) => layer.kind === kind);
  const nodeFacts: Fact[] = [
    ...(podBand('hardware')?.facts.filter((fact) => fact.key === 'node' || fact.key === 'pods-capacity') ?? []),
    ...(podBand('hypervisor')?.facts ?? []),
  ];
  const beneath = node.stack.layers
    .filter((layer) => BENEATH.has(layer.kind))
    .map((layer): Layer => (layer.kind === 'isolation' ? { ...layer, title: `Node container ${name} on ${node.engine}`, facts: [...nodeFacts, ...layer.facts] } : layer));
  const above = pod.layers
    .filter((layer) => layer.kind !== 'hardware' && layer.kind !== 'hypervisor')
    .map((layer): Layer => (layer === podBand('host-os') ? { ...layer, title: `Node OS: the userland of ${name} (the kernel is the machine’s)` } : layer));
  return { ...pod, layers: [...beneath, ...above] };
}

export interface NodeContainerLookup {
  listedWorkloads(): WorkloadSummary[];
  providerOf(id: string): WorkloadProvider | undefined;
}

/**
 * The pod's stack on its node container when an engine root lists a container of that name; the
 * pod's own stack otherwise (the node is elsewhere, or its engine is not in this view). A node
 * container that cannot be read leaves the pod's bands as they were, and says why beside them.
 */
export async function withNodeContainer(pod: Stack, lookup: NodeContainerLookup): Promise<Stack> {
  const name = nodeContainerName(pod);
  if (!name) return pod;
  const container = lookup.listedWorkloads().find((summary) => summary.ref.kind === 'container' && summary.name === name);
  const provider = container && lookup.providerOf(container.ref.providerId);
  if (!container || !provider) return pod;
  try {
    const stack = await provider.inspectStack(container.ref, { processes: false });
    return standOnNodeContainer(pod, { stack, engine: provider.label });
  } catch (error) {
    const why = provider.explainError?.(error) ?? (error instanceof Error ? error.message : String(error));
    const note: Fact = { key: 'node-container-stack', label: 'Its own bands', value: `not drawn: the container ${name} could not be read (${why})`, source: `${provider.label}: inspect ${name}` };
    return { ...pod, layers: pod.layers.map((layer) => (layer.kind === 'hypervisor' ? { ...layer, facts: [...layer.facts, note] } : layer)) };
  }
}
