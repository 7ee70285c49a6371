// Kubernetes objects as a real API server answered them (test/fixtures/kubernetes, recorded by
// scripts/harness/recordClusterFixtures.mjs from the tests' private cluster) -> tree rows and
// stacks; plus what no cluster here can give: other clouds' provider IDs, quantities, handlers,
// garbage, and kubeconfig files merged as kubectl merges them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { discoverClusters } from '../../src/providers/kubernetes/clusterDiscovery';
import { type KubeNode, parseList, parseNode, parseRuntimeClass, parseWatchEvent } from '../../src/providers/kubernetes/contracts';
import { parsePod, parsePodRow } from '../../src/providers/kubernetes/podContracts';
import { MASK, maskPodSecrets } from '../../src/providers/kubernetes/maskPod';
import { nodeMachine } from '../../src/providers/kubernetes/nodeMachine';
import { podRuntime } from '../../src/providers/kubernetes/podRuntime';
import { buildPodStack } from '../../src/providers/kubernetes/podStack';
import { parsePodRefId, toPodSummary } from '../../src/providers/kubernetes/podSummary';
import { parseQuantity, parseQuantityBytes } from '../../src/providers/kubernetes/quantity';
import { fixturesDir } from '../repoPaths';

const recorded = (file: string): { items: Record<string, unknown>[] } => JSON.parse(fs.readFileSync(path.join(fixturesDir, 'kubernetes', file), 'utf8'));
const named = (file: string, name: string) => {
  const item = recorded(file).items.find((candidate) => (candidate.metadata as { name: string }).name === name);
  assert.ok(item, `${name} is in ${file}`);
  return item;
};

function node(name: string): KubeNode {
  const parsed = parseNode(named('nodes.json', name));
  assert.ok(parsed.ok);
  return parsed.value;
}

describe('Kubernetes objects as the API server answers them', () => {
  it('parses every recorded pod into a tree row grouped by its node, with phase, readiness and restarts', () => {
    const pods = parseList(recorded('pods.json'), parsePodRow, 'pod');
    assert.ok(pods.ok);
    // The row parse (lists and watch events) reads a tenth of a pod: it must give the row the whole parse gives.
    const whole = parseList(recorded('pods.json'), parsePod, 'pod');
    assert.ok(whole.ok);
    assert.deepStrictEqual(pods.value.items.map((pod) => toPodSummary(pod, 'k')), whole.value.items.map((pod) => toPodSummary(pod, 'k')));
    assert.strictEqual(pods.value.items.length, recorded('pods.json').items.length, 'no recorded pod is left out');
    assert.ok(pods.value.resourceVersion, 'the list keeps the resourceVersion a watch starts from');
    const rows = new Map(pods.value.items.map((pod) => [pod.metadata.name, toPodSummary(pod, 'kubernetes:test')]));
    assert.deepStrictEqual(rows.get('web-guaranteed')?.ref, { kind: 'pod', providerId: 'kubernetes:test', id: 'default/web-guaranteed' });
    assert.deepStrictEqual(rows.get('api-burstable')?.group, { kind: 'node', project: 'gce-node' });
    assert.strictEqual(rows.get('crashloop')?.status, 'CrashLoopBackOff · 0/1 ready · 7 restarts');
    assert.strictEqual(rows.get('with-init')?.image, 'registry.example/web:1.4.2');
    assert.deepStrictEqual(rows.get('web-guaranteed')?.ports, [{ privatePort: 8080, protocol: 'tcp' }]);
    assert.strictEqual(rows.get('team-a-app')?.namespace, 'team-a');
    const byNamespace = toPodSummary(pods.value.items.find((pod) => pod.metadata.name === 'team-a-app')!, 'k', 'namespace');
    assert.deepStrictEqual(byNamespace.group, { kind: 'namespace', project: 'team-a' });
    // The pod's own labels, as the API server keeps them (it adds the node's topology labels, 1.33 on).
    assert.strictEqual(rows.get('team-a-app')?.labels?.app, 'team-a-app');
    assert.strictEqual(rows.get('team-a-app')?.labels?.['topology.kubernetes.io/zone'], 'us-east-1a');
    assert.ok((rows.get('web-guaranteed')?.created ?? 0) > 1_700_000_000, 'created is in Unix seconds');
  });

  it('draws every recorded pod without a throw, each band with facts or a reason, every fact with a source', () => {
    const nodes = new Map(recorded('nodes.json').items.map((item) => [(item.metadata as { name: string }).name, item]));
    const classes = new Map(recorded('runtimeclasses.json').items.map((item) => [(item.metadata as { name: string }).name, item]));
    for (const raw of recorded('pods.json').items) {
      const spec = raw.spec as { nodeName?: string; runtimeClassName?: string };
      const stack = buildPodStack({ providerId: 'p', pod: raw, node: spec.nodeName ? nodes.get(spec.nodeName) : undefined, runtimeClass: spec.runtimeClassName ? classes.get(spec.runtimeClassName) : undefined, readAt: '2026-12-05T00:00:00Z' });
      for (const layer of stack.layers) {
        assert.ok(layer.facts.length > 0 || layer.unavailable, `${stack.name}: ${layer.kind} has facts or says why not`);
        for (const fact of layer.facts) assert.ok(fact.source.length > 0 && typeof fact.value === 'string', `${stack.name}: ${fact.key} has a value and a source`);
      }
    }
  });

  it('a node or RuntimeClass that could not be read leaves its bands unknown with the reason, the pod’s own bands drawn', () => {
    const stack = buildPodStack({ providerId: 'p', pod: named('pods.json', 'web-guaranteed'), node: new Error('nodes "aws-node" is forbidden'), runtimeClass: new Error('timed out'), readAt: 'now' });
    assert.match(stack.layers[0].unavailable ?? '', /The node aws-node could not be read .*forbidden/);
    const isolation = stack.layers.find((layer) => layer.kind === 'isolation');
    assert.match(isolation?.unavailable ?? '', /RuntimeClass kata could not be read \(timed out\)/);
    assert.ok(stack.layers.some((layer) => layer.kind === 'app' && layer.facts.length > 0));
    assert.throws(() => buildPodStack({ providerId: 'p', pod: { kind: 'Status' }, readAt: 'now' }), /The pod could not be read/);
  });

  it('tells the machine under a node from its providerID and labels', () => {
    assert.deepStrictEqual(
      (({ kind, platform, instanceType, zone, instanceId, simulatedBy }) => ({ kind, platform, instanceType, zone, instanceId, simulatedBy }))(nodeMachine(node('aws-node'))),
      { kind: 'cloud-vm', platform: 'AWS EC2', instanceType: 'm5.large', zone: 'us-east-1a', instanceId: 'i-0a1b2c3d4e5f60718', simulatedBy: 'kwok' },
    );
    assert.strictEqual(nodeMachine(node('gce-node')).instanceId, 'gke-pool-1-abcd');
    assert.strictEqual(nodeMachine(node('azure-node')).hypervisor, 'Hyper-V (the Azure hypervisor)');
    assert.strictEqual(nodeMachine(node('kind-control-plane')).kind, 'local-container');
    assert.strictEqual(nodeMachine(node('metal-node')).kind, 'bare-metal');
    const base = node('aws-node');
    const withId = (providerID: string | undefined, extra: Partial<KubeNode['metadata']> = {}, osImage?: string): KubeNode => ({
      ...base,
      providerID,
      metadata: { ...base.metadata, annotations: {}, labels: {}, ...extra },
      nodeInfo: { ...base.nodeInfo, osImage },
    });
    assert.strictEqual(nodeMachine(withId('digitalocean://1234')).platform, 'DigitalOcean Droplet');
    assert.strictEqual(nodeMachine(withId('k3s://k3d-dev-server-0', { name: 'k3d-dev-server-0' })).kind, 'local-container');
    assert.strictEqual(nodeMachine(withId(undefined, { labels: { 'minikube.k8s.io/name': 'minikube' } }, 'Buildroot 2023.02.9')).kind, 'local-vm');
    assert.strictEqual(nodeMachine(withId(undefined, { labels: { 'minikube.k8s.io/name': 'minikube' } }, 'Ubuntu 22.04.4 LTS')).kind, 'local-container');
    assert.strictEqual(nodeMachine(withId(undefined, { annotations: { 'kwok.x-k8s.io/node': 'fake' } })).kind, 'simulated');
    assert.strictEqual(nodeMachine(withId('aws:///us-east-1a/i-1', { labels: { 'node.kubernetes.io/instance-type': 'm7i.metal-24xl' } })).kind, 'cloud-vm', 'only .metal sizes are bare metal');
    assert.strictEqual(nodeMachine(withId('aws:///us-east-1a/i-1', { labels: { 'node.kubernetes.io/instance-type': 'c5.metal' } })).kind, 'bare-metal');
    assert.strictEqual(nodeMachine(withId(undefined)).kind, 'unknown');
    assert.strictEqual(nodeMachine(withId('somecloud://x')).kind, 'unknown');
  });

  it('names what a RuntimeClass handler runs the pod in', () => {
    assert.strictEqual(podRuntime(undefined).kind, 'shared-kernel');
    assert.strictEqual(podRuntime('crun').kind, 'shared-kernel');
    assert.strictEqual(podRuntime('runsc').kind, 'user-space-kernel');
    assert.strictEqual(podRuntime('gvisor').kind, 'user-space-kernel');
    assert.deepStrictEqual(podRuntime('kata-clh'), { kind: 'vm', name: 'Kata Containers (handler kata-clh)', vmm: 'Cloud Hypervisor' });
    assert.strictEqual(podRuntime('kata-fc').vmm, 'Firecracker');
    assert.strictEqual(podRuntime('kata').vmm, 'QEMU (Kata’s default)');
    const kata = parseRuntimeClass(named('runtimeclasses.json', 'kata'));
    assert.ok(kata.ok);
    assert.deepStrictEqual(kata.value.overhead, { cpu: '250m', memory: '160Mi' });
  });

  it('reads quantities as Kubernetes writes them', () => {
    assert.strictEqual(parseQuantityBytes('16393984Ki'), 16393984 * 1024);
    assert.strictEqual(parseQuantityBytes('160Mi'), 160 * 2 ** 20);
    assert.strictEqual(parseQuantityBytes('1.5G'), 1.5e9);
    assert.strictEqual(parseQuantity('250m'), 0.25);
    assert.strictEqual(parseQuantity('2'), 2);
    assert.strictEqual(parseQuantity('1e3'), 1000);
    for (const bad of ['', 'Gi', '12 Gi', '1.2.3', 'lots']) assert.strictEqual(parseQuantity(bad), undefined, bad);
  });

  it('refuses garbage at the boundary without a throw', () => {
    for (const garbage of [null, 42, 'pods', [], {}, { items: 'x' }, { metadata: {} }]) {
      assert.strictEqual(parsePod(garbage).ok, false);
      assert.strictEqual(parseNode(garbage).ok, false);
      assert.ok(!parseList(garbage, parsePod, 'pod').ok || Array.isArray((garbage as { items?: unknown }).items));
      assert.strictEqual(parseWatchEvent(garbage), undefined);
    }
    const list = parseList({ items: [null, { metadata: { name: 'ok' } }, { metadata: { name: 7 } }] }, parsePod, 'pod');
    assert.ok(list.ok);
    assert.deepStrictEqual(list.value.items.map((pod) => pod.metadata.name), ['ok'], 'one bad item is left out, not the list');
    assert.deepStrictEqual(parseWatchEvent({ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } }), { type: 'ERROR', code: 410, reason: undefined, message: 'too old resource version' });
    assert.deepStrictEqual(parseWatchEvent({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '42' } } }), { type: 'BOOKMARK', resourceVersion: '42' });
    assert.deepStrictEqual(parsePodRefId('a/b'), { namespace: 'a', name: 'b' });
    for (const bad of ['', 'a', '/b', 'a/', 'a/b/c']) assert.strictEqual(parsePodRefId(bad), undefined, bad);
  });

  it('hides environment values and the last-applied annotation from the inspect editor until revealed', () => {
    const raw = {
      metadata: { name: 'p', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"env":[{"name":"PASSWORD","value":"hunter2"}]}', other: 'kept' } },
      spec: { containers: [{ name: 'app', env: [{ name: 'PASSWORD', value: 'hunter2' }, { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] },
    };
    const masked = JSON.stringify(maskPodSecrets(raw));
    assert.ok(!masked.includes('hunter2'), masked);
    assert.ok(masked.includes(MASK) && masked.includes('secretKeyRef') && masked.includes('kept'));
    assert.ok(JSON.stringify(raw).includes('hunter2'), 'the answer itself is not changed');
  });
});

describe('kubeconfig files as kubectl reads them', () => {
  let dir: string;
  const config = (context: string, server: string) =>
    `apiVersion: v1\nkind: Config\nclusters:\n- name: ${context}\n  cluster:\n    server: ${server}\nusers:\n- name: ${context}\n  user:\n    token: t\ncontexts:\n- name: ${context}\n  context:\n    cluster: ${context}\n    user: ${context}\n    namespace: ns-${context}\ncurrent-context: ${context}\n`;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-kubeconfig-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every file of KUBECONFIG, the first to name a context wins, and a broken file is a root of its own', () => {
    const first = path.join(dir, 'first');
    const second = path.join(dir, 'second');
    const broken = path.join(dir, 'broken');
    fs.writeFileSync(first, config('dev', 'https://dev.example:6443'));
    fs.writeFileSync(second, config('dev', 'https://other.example:6443').replace(/ns-dev/, 'ns-other'));
    fs.writeFileSync(path.join(dir, 'third'), config('prod', 'https://prod.example:6443'));
    fs.writeFileSync(broken, 'clusters: [ {');
    const found = discoverClusters({ files: [], look: true, env: { KUBECONFIG: [first, second, path.join(dir, 'third'), broken, path.join(dir, 'absent')].join(path.delimiter) }, home: dir });
    assert.deepStrictEqual(found.map((cluster) => cluster.id), [`kubernetes-file:${broken}`, 'kubernetes:dev', 'kubernetes:prod']);
    assert.strictEqual(found[1].context?.server, 'https://dev.example:6443', 'the first file wins');
    assert.strictEqual(found[1].context?.namespace, 'ns-dev');
    assert.ok(found[0].problem?.startsWith(broken));
    assert.deepStrictEqual(found[2].files, [first, second, path.join(dir, 'third')], 'credentials may come from any readable file');
  });

  it('reads ~/.kube/config when KUBECONFIG is unset, and nothing of the machine when looking is off', () => {
    fs.mkdirSync(path.join(dir, '.kube'));
    fs.writeFileSync(path.join(dir, '.kube', 'config'), config('home', 'https://home.example'));
    assert.deepStrictEqual(discoverClusters({ files: [], look: true, env: {}, home: dir }).map((cluster) => cluster.label), ['home']);
    assert.deepStrictEqual(discoverClusters({ files: [], look: false, env: { KUBECONFIG: path.join(dir, '.kube', 'config') }, home: dir }), []);
    const named = path.join(dir, 'named');
    fs.writeFileSync(named, config('named', 'https://named.example'));
    assert.deepStrictEqual(discoverClusters({ files: [named, '~/.kube/config'], look: false, env: {}, home: dir }).map((cluster) => cluster.label), ['named', 'home']);
    const exec = config('exec', 'https://exec.example').replace('    token: t', '    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws-iam-authenticator\n      args: [token]');
    fs.writeFileSync(named, exec);
    assert.strictEqual(discoverClusters({ files: [named], look: false, env: {}, home: dir })[0].context?.execCommand, 'aws-iam-authenticator', 'Restricted Mode knows the context runs a program');
  });
});
