// A pod on a kind node stands on the node container's own bands: the recorded kind-app pod and
// its node (from the tests' private cluster) over a container stack from recorded Docker answers.
import { strict as assert } from 'assert';
import { nodeMachineName, standOnNodeContainer } from '../../src/catalog/nodeMachineStack';
import { buildPodStack } from '../../src/providers/kubernetes/podStack';
import { buildContainerStack } from '../../src/providers/docker/stackMapper';
import { compareStacks } from '../../src/shared/compare';
import type { Stack } from '../../src/shared/model';
import { readJsonFixture } from '../repoPaths';

const named = (file: string, name: string) => {
  const items = (readJsonFixture(`kubernetes/${file}`) as { items: { metadata: { name: string } }[] }).items;
  const found = items.find((item) => item.metadata.name === name);
  assert.ok(found, `${name} is in ${file}`);
  return found;
};

function podStack(pod: string, node: string): Stack {
  return buildPodStack({ providerId: 'cluster', pod: named('pods.json', pod), node: named('nodes.json', node), runtimeClass: undefined, readAt: '2026-12-05T00:00:00Z' });
}

function nodeContainer(): Stack {
  const stack = buildContainerStack({
    providerId: 'docker',
    info: readJsonFixture('docker/engine-20.10/info.json'),
    version: readJsonFixture('docker/engine-20.10/version.json'),
    container: readJsonFixture('docker/engine-20.10/inspect-plain.json'),
    image: readJsonFixture('docker/engine-20.10/image-busybox.json'),
    history: readJsonFixture('docker/engine-20.10/history-busybox.json'),
    readAt: '2026-12-05T00:00:00Z',
  });
  return { ...stack, name: 'kind-control-plane' };
}

const kinds = (stack: Stack) => stack.layers.map((layer) => layer.kind);

describe('a pod on a node that is a container of a listed engine', () => {
  it('names the node container only for a node a local tool runs as a container', () => {
    assert.deepEqual(nodeMachineName(podStack('kind-app', 'kind-control-plane')), { kind: 'container', name: 'kind-control-plane' });
    assert.equal(nodeMachineName(podStack('web-guaranteed', 'aws-node')), undefined);
  });

  it('draws this machine and the engine, the node container, then the node’s userland and runtime and the pod', () => {
    const pod = podStack('kind-app', 'kind-control-plane');
    const container = nodeContainer();
    const nested = standOnNodeContainer(pod, { stack: container, engine: 'Docker' });
    const beneath = container.layers.filter((layer) => ['hardware', 'hypervisor', 'host-os', 'engine', 'isolation'].includes(layer.kind));
    assert.deepEqual(kinds(nested), [...beneath.map((layer) => layer.kind), ...kinds(pod).filter((kind) => kind !== 'hardware' && kind !== 'hypervisor')]);
    // The machine is the engine's, not what the node object says of it.
    assert.deepEqual(nested.layers[0], container.layers[0]);
    const nodeBand = nested.layers.find((layer) => layer.title.startsWith('Node container'));
    assert.ok(nodeBand);
    assert.equal(nodeBand.kind, 'isolation');
    assert.equal(nodeBand.title, 'Node container kind-control-plane on Docker');
    assert.equal(nodeBand.facts.find((fact) => fact.key === 'node')?.value, 'kind-control-plane');
    assert.equal(nodeBand.facts.find((fact) => fact.key === 'node-container')?.value, 'kind-control-plane');
    const nodeOs = nested.layers.filter((layer) => layer.kind === 'host-os').at(-1);
    assert.equal(nodeOs?.title, 'Node OS: the userland of kind-control-plane (the kernel is the machine’s)');
    // The pod's own bands stay on top, unchanged.
    assert.deepEqual(nested.layers.at(-1), pod.layers.at(-1));
  });

  it('compares as it nests: a kind pod and a container of the same engine share the machine, its kernel and the engine', () => {
    const container = nodeContainer();
    const neighbour = { ...container, name: 'web', workload: { ...container.workload, id: 'web' } };
    const nested = standOnNodeContainer(podStack('kind-app', 'kind-control-plane'), { stack: container, engine: 'Docker' });
    const model = compareStacks([nested, neighbour], '2026-12-05T00:00:00Z');
    assert.deepEqual(model.shared.map((layer) => layer.kind), container.layers.filter((layer) => ['hardware', 'hypervisor', 'host-os', 'engine'].includes(layer.kind)).map((layer) => layer.kind));
    assert.equal(model.columns[0].layers[0].title, 'Node container kind-control-plane on Docker');
    assert.ok(model.columns[1].kernel.shared, model.columns[1].kernel.text);
  });
});
