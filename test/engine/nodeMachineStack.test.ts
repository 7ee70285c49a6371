// A pod on a kind node, drawn on the node container a real engine lists: the container is read
// from the private dockerd by its provider; an engine that is down leaves the pod's bands and
// says why beside them.
import { strict as assert } from 'assert';
import { withNodeMachine } from '../../src/catalog/nodeMachineStack';
import { buildPodStack } from '../../src/providers/kubernetes/podStack';
import type { Stack } from '../../src/shared/model';
import { readJsonFixture } from '../repoPaths';
import { engine, providerFor, removeTestContainers, runContainer, uniqueName } from './engineFixture';

function kindPod(nodeName: string): Stack {
  const items = (file: string) => (readJsonFixture(`kubernetes/${file}`) as { items: { metadata: { name: string }; spec?: { providerID?: string } }[] }).items;
  const pod = items('pods.json').find((item) => item.metadata.name === 'kind-app');
  const node = items('nodes.json').find((item) => item.metadata.name === 'kind-control-plane');
  assert.ok(pod && node);
  // The recorded kind node, renamed so that this test's container (unique per run) is the node.
  const renamed = { ...node, metadata: { ...node.metadata, name: nodeName }, spec: { ...node.spec, providerID: `kind://docker/kind/${nodeName}` } };
  return buildPodStack({ providerId: 'cluster', pod, node: renamed, runtimeClass: undefined, readAt: new Date().toISOString() });
}

describe('a pod on a node container of a real engine', function () {
  this.timeout(60_000);
  after(() => removeTestContainers(engine()));

  it('stands on the container the engine lists under the node’s name, read from that engine', async () => {
    const name = `${uniqueName('wsk')}-control-plane`;
    await runContainer(engine(), { name });
    const docker = providerFor(process.env.WS_TEST_DOCKER_HOST ?? '');
    const listed = await docker.list();
    assert.ok(listed.ok);
    const pod = kindPod(name);
    const nested = await withNodeMachine(pod, { listedWorkloads: () => listed.workloads, providerOf: (id) => (id === docker.id ? docker : undefined) });
    const engineBand = nested.layers.find((layer) => layer.kind === 'engine');
    assert.ok(engineBand && engineBand.facts.some((fact) => fact.key === 'engine-name' || /Docker/.test(fact.value)), `the engine band beneath is the engine's: ${JSON.stringify(engineBand?.title)}`);
    assert.ok(nested.layers.some((layer) => layer.title === `Node container ${name} on ${docker.label}`), nested.layers.map((layer) => layer.title).join(' | '));
    assert.equal(nested.layers.filter((layer) => layer.kind === 'engine').length, 2, 'the engine under the node container, and containerd and kubelet in it');

    // The same engine, unreachable: the pod's own bands, with the reason beside the node.
    const down = providerFor('unix:///nonexistent/docker.sock', 2_000);
    const failed = await withNodeMachine(pod, { listedWorkloads: () => listed.workloads.map((summary) => ({ ...summary, ref: { ...summary.ref, providerId: down.id } })), providerOf: () => down });
    assert.deepEqual(failed.layers.map((layer) => layer.kind), pod.layers.map((layer) => layer.kind));
    const why = failed.layers.find((layer) => layer.kind === 'hypervisor')?.facts.find((fact) => fact.key === 'node-machine-stack')?.value ?? '';
    assert.match(why, new RegExp(`^not drawn: the container ${name} could not be read \\(.+\\)$`));
  });
});
