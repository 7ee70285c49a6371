// What machine a node is, told from what the API says of it: the cloud provider's ID
// (spec.providerID), the well-known labels kubelet and the cloud controllers set, and the marks
// local cluster tools leave (kind, k3d, minikube, kwok). Only what those say: where the API does
// not tell, the machine is unknown and the band says so.
import type { KubeNode } from './contracts';

export type NodeMachineKind =
  /** A VM of a cloud: providerID names the cloud and the instance. */
  | 'cloud-vm'
  /** A server with no hypervisor under it (Equinix Metal, a bare-metal cloud instance type). */
  | 'bare-metal'
  /** A container of a local engine that is the node (kind, k3d, minikube's docker driver). */
  | 'local-container'
  /** A VM on this or another machine that is the node (minikube's VM drivers). */
  | 'local-vm'
  /** No machine at all: kwok answers for it. */
  | 'simulated'
  | 'unknown';

export interface NodeMachine {
  kind: NodeMachineKind;
  /** The cloud or tool, as people name it: `AWS EC2`, `kind`, `kwok`. */
  platform?: string;
  /** The hypervisor under the node, where the platform documents one. */
  hypervisor?: string;
  instanceId?: string;
  instanceType?: string;
  region?: string;
  zone?: string;
  /** For a node that is a local container: the container's name on its engine (kind and k3d name it after the node). */
  containerName?: string;
  /** For a node that is a local VM: the VM's name on its hypervisor (minikube names it after the node). */
  vmName?: string;
  /** Which field or label told it. */
  evidence: string;
  /** Set when kwok answers for the node: whatever it says of its machine, none runs its pods. */
  simulatedBy?: string;
}

const LABELS = {
  instanceType: ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'],
  region: ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'],
  zone: ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'],
};

function label(node: KubeNode, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = node.metadata.labels[key];
    if (value) return value;
  }
  return undefined;
}

/** The clouds whose providerID scheme says the node is one of their VMs, with the hypervisor they document. */
const CLOUDS: Record<string, { platform: string; hypervisor: string }> = {
  aws: { platform: 'AWS EC2', hypervisor: 'AWS Nitro (KVM-based) on current instance types; Xen on older ones' },
  gce: { platform: 'Google Compute Engine', hypervisor: 'KVM (Google’s own VMM)' },
  azure: { platform: 'Azure Virtual Machines', hypervisor: 'Hyper-V (the Azure hypervisor)' },
  digitalocean: { platform: 'DigitalOcean Droplet', hypervisor: 'KVM' },
  hcloud: { platform: 'Hetzner Cloud', hypervisor: 'KVM' },
  linode: { platform: 'Linode (Akamai)', hypervisor: 'KVM' },
  openstack: { platform: 'OpenStack Nova', hypervisor: 'the Nova compute driver (KVM in most clouds)' },
  vsphere: { platform: 'VMware vSphere', hypervisor: 'VMware ESXi' },
  oci: { platform: 'Oracle Cloud Infrastructure', hypervisor: 'KVM' },
  ibm: { platform: 'IBM Cloud VPC', hypervisor: 'KVM' },
  alicloud: { platform: 'Alibaba Cloud ECS', hypervisor: 'KVM (X-Dragon)' },
  exoscale: { platform: 'Exoscale', hypervisor: 'KVM' },
};

/** aws:///us-east-1a/i-0abc, gce://project/zone/name, azure:///subscriptions/.../virtualMachines/name. */
function cloudIds(scheme: string, rest: string): Pick<NodeMachine, 'instanceId' | 'zone'> {
  const parts = rest.split('/').filter(Boolean);
  if (scheme === 'aws') return { zone: parts.length > 1 ? parts.at(-2) : undefined, instanceId: parts.at(-1) };
  if (scheme === 'gce') return { zone: parts[1], instanceId: parts[2] };
  return { instanceId: parts.at(-1) };
}

export function nodeMachine(node: KubeNode): NodeMachine {
  const machine = machineOf(node);
  // kwok's nodes may carry any providerID (the tests give them several clouds'): what they say is kept, and that nothing runs under them.
  return node.metadata.annotations['kwok.x-k8s.io/node'] === 'fake' && machine.kind !== 'simulated' ? { ...machine, simulatedBy: 'kwok' } : machine;
}

function machineOf(node: KubeNode): NodeMachine {
  const instanceType = label(node, LABELS.instanceType);
  const region = label(node, LABELS.region);
  const zone = label(node, LABELS.zone);
  const sizes = { ...(instanceType ? { instanceType } : {}), ...(region ? { region } : {}), ...(zone ? { zone } : {}) };
  const providerID = node.providerID;
  if (!providerID && node.metadata.annotations['kwok.x-k8s.io/node'] === 'fake') {
    return { kind: 'simulated', platform: 'kwok', evidence: 'annotation kwok.x-k8s.io/node=fake', ...sizes };
  }
  const match = providerID ? /^([a-z][a-z0-9-]*):\/\/(.*)$/i.exec(providerID) : null;
  if (match) {
    const scheme = match[1].toLowerCase();
    const rest = match[2];
    const evidence = `spec.providerID ${providerID}`;
    if (scheme === 'kind') {
      // kind://<engine>/<cluster>/<node>: the node is a container of that name on a local engine.
      const [engine, cluster] = rest.split('/').filter(Boolean);
      return { kind: 'local-container', platform: `kind (cluster ${cluster ?? '?'} on ${engine ?? 'a local engine'})`, containerName: node.metadata.name, evidence, ...sizes };
    }
    if (scheme === 'k3s' && node.metadata.name.startsWith('k3d-')) {
      return { kind: 'local-container', platform: 'k3d (k3s in a container)', containerName: node.metadata.name, evidence: `${evidence} and the k3d- name`, ...sizes };
    }
    if (scheme === 'equinixmetal' || scheme === 'packet') return { kind: 'bare-metal', platform: 'Equinix Metal', evidence, ...cloudIds(scheme, rest), ...sizes };
    const cloud = CLOUDS[scheme];
    if (cloud) {
      const metal = scheme === 'aws' && instanceType?.endsWith('.metal');
      if (metal) return { kind: 'bare-metal', platform: cloud.platform, evidence: `${evidence} and instance type ${instanceType}`, ...cloudIds(scheme, rest), ...sizes };
      return { kind: 'cloud-vm', platform: cloud.platform, hypervisor: cloud.hypervisor, evidence, ...cloudIds(scheme, rest), ...sizes };
    }
    return { kind: 'unknown', platform: scheme, evidence, ...sizes };
  }
  if (node.metadata.labels['minikube.k8s.io/name']) {
    // The driver is not in the API; the node's OS image says minikube's own ISO (a VM) or a kicbase container.
    const osImage = node.nodeInfo.osImage ?? '';
    const vm = /buildroot/i.test(osImage);
    return vm
      ? { kind: 'local-vm', platform: 'minikube (a VM driver)', vmName: node.metadata.name, evidence: `label minikube.k8s.io/name and OS image ${osImage}`, ...sizes }
      : { kind: 'local-container', platform: 'minikube (the docker or podman driver)', containerName: node.metadata.labels['minikube.k8s.io/name'], evidence: `label minikube.k8s.io/name and OS image ${osImage || 'unknown'}`, ...sizes };
  }
  return { kind: 'unknown', evidence: providerID ? `spec.providerID ${providerID}` : 'no spec.providerID and no label of a known tool', ...sizes };
}
