// The bands under a pod that its node gives: the node's machine (hardware and what hypervisor or
// engine is under it), the node's OS and kernel, and the container runtime and kubelet on it.
import type { Fact, Layer } from '../../shared/model';
import { formatBytes } from '../../shared/units';
import { fact, listFact, UNKNOWN, unavailableReason } from '../docker/layers/facts';
import type { Parsed } from '../docker/jsonFields';
import type { KubeNode } from './contracts';
import { nodeMachine, type NodeMachine } from './nodeMachine';
import { parseQuantityBytes } from './quantity';

const nodeSource = (field: string) => `GET /api/v1/nodes/{name} → ${field}`;

function unreadable(kind: Layer['kind'], title: string, node: Parsed<KubeNode>, nodeName: string | undefined): Layer | undefined {
  if (node.ok) return undefined;
  const why = nodeName ? unavailableReason(`The node ${nodeName}`, 'GET /api/v1/nodes/{name}', node.error) : 'The pod is not scheduled on a node yet: there is no machine under it.';
  return { kind, title, facts: [], unavailable: why };
}

function memoryText(quantity: string | undefined): string {
  const bytes = quantity === undefined ? undefined : parseQuantityBytes(quantity);
  return bytes === undefined ? (quantity ?? UNKNOWN) : formatBytes(bytes);
}

export function hardwareLayer(node: Parsed<KubeNode>, nodeName: string | undefined): Layer {
  const title = `Node machine${nodeName ? `: ${nodeName}` : ''}`;
  const failed = unreadable('hardware', title, node, nodeName);
  if (failed || !node.ok) return failed!;
  const value = node.value;
  const machine = nodeMachine(value);
  const facts: Fact[] = [
    fact('node', 'Node', value.metadata.name, nodeSource('metadata.name')),
    fact('cpus', machine.kind === 'local-container' ? 'CPUs (of the engine the node container runs on)' : 'CPUs', value.capacity.cpu ?? UNKNOWN, nodeSource('status.capacity.cpu')),
    fact('memory', 'Memory', memoryText(value.capacity.memory), nodeSource('status.capacity.memory')),
    fact('architecture', 'Architecture', value.nodeInfo.architecture ?? UNKNOWN, nodeSource('status.nodeInfo.architecture')),
    fact('pods-capacity', 'Pods it may run', value.capacity.pods ?? UNKNOWN, nodeSource('status.capacity.pods')),
  ];
  if (machine.instanceType) facts.push(fact('instance-type', 'Instance type', machine.instanceType, nodeSource('metadata.labels[node.kubernetes.io/instance-type]')));
  if (machine.region) facts.push(fact('region', 'Region', machine.region, nodeSource('metadata.labels[topology.kubernetes.io/region]')));
  if (machine.zone) facts.push(fact('zone', 'Zone', machine.zone, machine.instanceId && value.providerID?.includes(machine.zone) ? nodeSource('spec.providerID') : nodeSource('metadata.labels[topology.kubernetes.io/zone]')));
  if (value.providerID) facts.push(fact('provider-id', 'Provider ID', value.providerID, nodeSource('spec.providerID')));
  return { kind: 'hardware', title, facts };
}

const MACHINE_WORDS: Record<NodeMachine['kind'], string> = {
  'cloud-vm': 'a VM of a cloud',
  'bare-metal': 'a physical server (bare metal): no hypervisor under the node',
  'local-container': 'a container of a local engine: the node shares that machine’s kernel',
  'local-vm': 'a VM on a local hypervisor',
  simulated: 'none: kwok simulates this node, no machine runs its pods',
  unknown: 'unknown',
};

export function hypervisorLayer(node: Parsed<KubeNode>, nodeName: string | undefined): Layer {
  const failed = unreadable('hypervisor', 'Under the node', node, nodeName);
  if (failed || !node.ok) return failed!;
  const machine = nodeMachine(node.value);
  const title = machine.kind === 'local-container' ? 'Node container' : machine.kind === 'simulated' ? 'Simulated node' : machine.kind === 'bare-metal' ? 'No hypervisor (bare metal)' : 'Hypervisor';
  const facts: Fact[] = [fact('node-machine', 'The node is', MACHINE_WORDS[machine.kind], machine.evidence)];
  if (machine.platform) facts.push(fact('platform', 'Platform', machine.platform, machine.evidence));
  if (machine.hypervisor) facts.push(fact('hypervisor', 'Hypervisor', machine.hypervisor, `${machine.evidence} (the platform’s documented hypervisor)`));
  if (machine.instanceId) facts.push(fact('instance-id', 'Instance', machine.instanceId, nodeSource('spec.providerID')));
  if (machine.containerName) facts.push(fact('node-container', 'Node container', machine.containerName, machine.evidence));
  if (machine.vmName) facts.push(fact('node-vm', 'Node VM', machine.vmName, `${machine.evidence} (minikube names the VM after the node)`));
  if (machine.simulatedBy) facts.push(fact('simulated-by', 'Simulated by', `${machine.simulatedBy}: the node reports what its object says; no machine runs its pods`, nodeSource('metadata.annotations[kwok.x-k8s.io/node]')));
  const layer: Layer = { kind: 'hypervisor', title, facts };
  if (machine.kind === 'unknown') layer.unavailable = `What runs this node cannot be told from the API (${machine.evidence}).`;
  return layer;
}

export function hostOsLayer(node: Parsed<KubeNode>, nodeName: string | undefined): Layer {
  const failed = unreadable('host-os', 'Node OS', node, nodeName);
  if (failed || !node.ok) return failed!;
  const { nodeInfo, addresses } = node.value;
  return {
    kind: 'host-os',
    title: 'Node OS',
    facts: [
      fact('os', 'OS image', nodeInfo.osImage ?? UNKNOWN, nodeSource('status.nodeInfo.osImage')),
      fact('kernel', 'Kernel', nodeInfo.kernelVersion ?? UNKNOWN, nodeSource('status.nodeInfo.kernelVersion')),
      fact('os-type', 'Operating system', nodeInfo.operatingSystem ?? UNKNOWN, nodeSource('status.nodeInfo.operatingSystem')),
      listFact('addresses', 'Addresses', addresses.map((address) => `${address.address} (${address.type})`), nodeSource('status.addresses')),
    ],
  };
}

/** `containerd://1.7.22` → containerd 1.7.22. */
function runtimeText(version: string | undefined): string {
  if (!version) return UNKNOWN;
  const match = /^([a-z0-9-]+):\/\/(.+)$/i.exec(version);
  return match ? `${match[1]} ${match[2]}` : version;
}

export function engineLayer(node: Parsed<KubeNode>, nodeName: string | undefined): Layer {
  const failed = unreadable('engine', 'Container runtime and kubelet', node, nodeName);
  if (failed || !node.ok) return failed!;
  const { nodeInfo, conditions, taints, unschedulable } = node.value;
  const ready = conditions.find((condition) => condition.type === 'Ready');
  const pressure = conditions.filter((condition) => condition.type !== 'Ready' && condition.status === 'True').map((condition) => condition.type);
  return {
    kind: 'engine',
    title: 'Container runtime and kubelet',
    facts: [
      fact('runtime', 'Container runtime', runtimeText(nodeInfo.containerRuntimeVersion), nodeSource('status.nodeInfo.containerRuntimeVersion')),
      fact('kubelet', 'Kubelet', nodeInfo.kubeletVersion ?? UNKNOWN, nodeSource('status.nodeInfo.kubeletVersion')),
      fact('node-ready', 'Node ready', ready ? (ready.status === 'True' ? 'yes' : `no (${ready.status})`) : UNKNOWN, nodeSource('status.conditions[Ready]')),
      listFact('node-pressure', 'Node conditions', pressure, nodeSource('status.conditions'), 'no pressure'),
      fact('schedulable', 'Schedulable', unschedulable ? 'no (cordoned)' : 'yes', nodeSource('spec.unschedulable')),
      listFact('taints', 'Taints', taints, nodeSource('spec.taints')),
    ],
  };
}
