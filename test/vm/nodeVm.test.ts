// A pod on a minikube node that is a VM (a VM driver names the VM after the node) stands on that
// VM when a libvirt root lists it: the VM's bands read from real libvirt (the lab's guest), then
// the node's OS, runtime and kubelet, then the pod.
import * as assert from 'assert';
import { withNodeMachine } from '../../src/catalog/nodeMachineStack';
import { buildPodStack } from '../../src/providers/kubernetes/podStack';
import { LibvirtProvider } from '../../src/providers/libvirt/libvirtProvider';
import type { Logger } from '../../src/providers/provider';
import type { Stack } from '../../src/shared/model';
import { readJsonFixture } from '../repoPaths';

const quietLog: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through the libvirt lab (scripts/harness/libvirtLab.mjs startLibvirtLab()).`);
  return value;
}

/** The recorded kind-app pod on a node as minikube's VM drivers make it: its label, its Buildroot OS image. */
function minikubePod(nodeName: string): Stack {
  const items = (file: string) => (readJsonFixture(`kubernetes/${file}`) as { items: { metadata: { name: string; labels?: Record<string, string> }; spec?: Record<string, unknown>; status?: { nodeInfo?: Record<string, unknown> } }[] }).items;
  const pod = items('pods.json').find((item) => item.metadata.name === 'kind-app');
  const node = items('nodes.json').find((item) => item.metadata.name === 'kind-control-plane');
  assert.ok(pod && node);
  const minikube = {
    ...node,
    metadata: { ...node.metadata, name: nodeName, labels: { ...node.metadata.labels, 'minikube.k8s.io/name': nodeName }, annotations: {} },
    spec: {},
    status: { ...node.status, nodeInfo: { ...node.status?.nodeInfo, osImage: 'Buildroot 2023.02.9', kernelVersion: '5.10.207' } },
  };
  return buildPodStack({ providerId: 'cluster', pod, node: minikube, runtimeClass: undefined, readAt: new Date().toISOString() });
}

describe('a pod on a minikube node that is a VM of a real libvirt', function () {
  this.timeout(60_000);

  it('stands on the VM libvirt lists under the node’s name: its virtual hardware, then the node’s OS as its guest', async () => {
    const guest = requiredEnv('WS_TEST_LIBVIRT_GUEST');
    const libvirt = new LibvirtProvider({ uris: () => [requiredEnv('WS_TEST_LIBVIRT_URI')], timeoutMs: () => 20_000, log: quietLog });
    const listed = await libvirt.list();
    assert.ok(listed.ok, JSON.stringify(listed));
    const pod = minikubePod(guest);
    const nested = await withNodeMachine(pod, { listedWorkloads: () => listed.workloads, providerOf: (id) => (id === libvirt.id ? libvirt : undefined) });
    const titles = nested.layers.map((layer) => layer.title);
    const vmBand = nested.layers.find((layer) => layer.title === `Node VM ${guest} on ${libvirt.label}`);
    assert.ok(vmBand, titles.join(' | '));
    assert.strictEqual(vmBand.kind, 'virtual-hardware');
    assert.ok(vmBand.facts.some((fact) => fact.key === 'node-vm' && fact.value === guest), 'what the node object says of its VM is on the VM’s band');
    const kinds = nested.layers.map((layer) => layer.kind);
    assert.ok(kinds.indexOf('virtual-hardware') < kinds.lastIndexOf('host-os'), `the node's OS stands on the VM: ${kinds.join(', ')}`);
    assert.ok(titles.includes(`Node OS: the guest of VM ${guest} (its own kernel)`), titles.join(' | '));
    assert.strictEqual(kinds.at(-1), 'app');
  });
});
