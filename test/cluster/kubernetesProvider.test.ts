// The Kubernetes provider against a real control plane (etcd, kube-apiserver and kwok, built from
// their Go modules and started by the `cluster` stage): the tree's pods in one list, each pod's
// stack from its node and RuntimeClass, the watch, RBAC, and the faults a user meets.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { Layer, Stack } from '../../src/shared/model';
import { KubeClient } from '../../src/providers/kubernetes/client';
import { discoverClusters } from '../../src/providers/kubernetes/clusterDiscovery';
import { KubernetesProvider } from '../../src/providers/kubernetes/kubernetesProvider';
import { PodInformer } from '../../src/providers/kubernetes/podInformer';
import type { KnownState, WorkloadSummary } from '../../src/providers/provider';
import { adminRequest, cluster, quietLog } from '../clusterFixture';

function providerFor(files: string[], namespaces: string[] = [], groupBy: 'node' | 'namespace' = 'node'): KubernetesProvider {
  const [found] = discoverClusters({ files, look: false });
  assert.ok(found, `a cluster is found in ${files.join(', ')}`);
  return new KubernetesProvider({ cluster: found, namespaces: () => namespaces, groupBy: () => groupBy, timeoutMs: () => 10_000, log: quietLog });
}

async function listed(provider: KubernetesProvider): Promise<WorkloadSummary[]> {
  const result = await provider.list();
  assert.ok(result.ok, `the list must succeed: ${JSON.stringify(result)}`);
  return result.workloads;
}

function layer(stack: Stack, kind: Layer['kind']): Layer {
  const found = stack.layers.find((candidate) => candidate.kind === kind);
  assert.ok(found, `the ${kind} band is drawn: ${stack.layers.map((band) => band.kind).join(', ')}`);
  return found;
}

function factOf(stack: Stack, kind: Layer['kind'], key: string): string {
  const fact = layer(stack, kind).facts.find((candidate) => candidate.key === key);
  assert.ok(fact, `${kind} has the fact ${key}: ${layer(stack, kind).facts.map((candidate) => candidate.key).join(', ')}`);
  return fact.value;
}

async function stackOf(provider: KubernetesProvider, id: string): Promise<Stack> {
  return provider.inspectStack({ kind: 'pod', providerId: provider.id, id });
}

describe('Kubernetes: a real control plane (kube-apiserver, etcd and kwok built from their modules)', function () {
  this.timeout(60_000);
  let provider: KubernetesProvider;

  before(() => {
    provider = providerFor([cluster.kubeconfig()]);
  });

  it('shows the context as a root and lists every pod of every namespace in one list call, grouped by node', async () => {
    assert.strictEqual(provider.label, cluster.context());
    const pods = await listed(provider);
    const byId = new Map(pods.map((pod) => [pod.ref.id, pod]));
    for (const id of ['default/web-guaranteed', 'default/crashloop', 'team-a/team-a-app', 'team-b/team-b-app', 'default/unscheduled']) assert.ok(byId.has(id), `${id} is listed: ${[...byId.keys()].join(', ')}`);
    assert.deepStrictEqual(byId.get('default/web-guaranteed')?.group, { kind: 'node', project: 'aws-node' });
    assert.deepStrictEqual(byId.get('default/unscheduled')?.group, { kind: 'node', project: '(not scheduled)' });
    assert.strictEqual(byId.get('default/web-guaranteed')?.state, 'running');
    assert.match(byId.get('default/web-guaranteed')?.status ?? '', /^Running · 1\/1 ready$/);
    assert.strictEqual(byId.get('default/unscheduled')?.state, 'created');
    const counts = provider.informerCounts();
    assert.deepStrictEqual(Object.keys(counts), ['*'], 'one scope: the whole cluster');
    assert.strictEqual(counts['*'].lists, 1, 'one list (of every page), no request per pod');
  });

  it('groups the pods under their namespace instead, when asked', async () => {
    const pods = await listed(providerFor([cluster.kubeconfig()], [], 'namespace'));
    const groups = new Map(pods.map((pod) => [pod.ref.id, pod.group]));
    assert.deepStrictEqual(groups.get('team-b/team-b-app'), { kind: 'namespace', project: 'team-b' });
    assert.deepStrictEqual(groups.get('default/unscheduled'), { kind: 'namespace', project: 'default' });
  });

  it('says what a crash-looping pod says: CrashLoopBackOff, its restarts, and the OOM kill before it', async () => {
    const crash = (await listed(provider)).find((pod) => pod.ref.id === 'default/crashloop');
    assert.strictEqual(crash?.state, 'restarting');
    assert.strictEqual(crash?.status, 'CrashLoopBackOff · 0/1 ready · 7 restarts');
    assert.strictEqual(crash?.health, 'unhealthy');
    const stack = await stackOf(provider, 'default/crashloop');
    assert.match(factOf(stack, 'app', 'state.app'), /^waiting: CrashLoopBackOff/);
    assert.match(factOf(stack, 'app', 'last-state.app'), /^terminated: OOMKilled, exit code 137/);
    assert.strictEqual(factOf(stack, 'app', 'restarts.app'), '7');
    assert.match(factOf(stack, 'libraries', 'image-id.app'), /@sha256:4f2d/);
  });

  it('draws a Kata pod on an AWS node bottom up: the instance, Nitro, the node OS, containerd and kubelet, the sandbox, its own VM and guest kernel', async () => {
    const stack = await stackOf(provider, 'default/web-guaranteed');
    assert.deepStrictEqual(
      stack.layers.map((band) => band.kind),
      ['hardware', 'hypervisor', 'host-os', 'engine', 'isolation', 'virtual-hardware', 'guest-os', 'libraries', 'app'],
    );
    assert.strictEqual(factOf(stack, 'hardware', 'instance-type'), 'm5.large');
    assert.strictEqual(factOf(stack, 'hardware', 'zone'), 'us-east-1a');
    assert.strictEqual(factOf(stack, 'hardware', 'cpus'), '2');
    assert.strictEqual(factOf(stack, 'hardware', 'memory'), '7.6 GiB');
    assert.strictEqual(factOf(stack, 'hypervisor', 'platform'), 'AWS EC2');
    assert.match(factOf(stack, 'hypervisor', 'hypervisor'), /Nitro/);
    assert.strictEqual(factOf(stack, 'hypervisor', 'instance-id'), 'i-0a1b2c3d4e5f60718');
    assert.strictEqual(factOf(stack, 'host-os', 'os'), 'Amazon Linux 2023.6.20241212');
    assert.strictEqual(factOf(stack, 'host-os', 'kernel'), '6.1.119-129.201.amzn2023.x86_64');
    assert.strictEqual(factOf(stack, 'engine', 'runtime'), 'containerd 1.7.22');
    assert.strictEqual(factOf(stack, 'engine', 'kubelet'), 'v1.37.2');
    assert.strictEqual(factOf(stack, 'engine', 'node-ready'), 'yes', 'kwok reports the node Ready');
    assert.strictEqual(factOf(stack, 'isolation', 'qos'), 'Guaranteed');
    assert.strictEqual(factOf(stack, 'isolation', 'runtime-class'), 'kata');
    assert.match(factOf(stack, 'isolation', 'kernel'), /guest kernel of the pod’s own/);
    assert.strictEqual(factOf(stack, 'isolation', 'runtime-overhead'), 'cpu 250m, memory 160Mi');
    assert.strictEqual(factOf(stack, 'virtual-hardware', 'vmm'), 'QEMU');
    assert.strictEqual(factOf(stack, 'app', 'pod-ip').startsWith('10.0.0.'), true, 'kwok gave it an address');
    assert.ok(layer(stack, 'hypervisor').facts.every((fact) => fact.source.length > 0), 'every fact names its source');
  });

  it('tells gVisor (a user-space kernel), runc on a bare-metal server, and a kind node that is a container', async () => {
    const gvisor = await stackOf(provider, 'default/api-burstable');
    assert.strictEqual(factOf(gvisor, 'isolation', 'qos'), 'Burstable');
    assert.match(factOf(gvisor, 'isolation', 'runtime'), /^gVisor \(runsc\)/);
    assert.match(factOf(gvisor, 'isolation', 'kernel'), /user space/);
    assert.strictEqual(factOf(gvisor, 'hypervisor', 'platform'), 'Google Compute Engine');
    assert.ok(!gvisor.layers.some((band) => band.kind === 'guest-os'), 'gVisor brings no guest OS band');

    const metal = await stackOf(provider, 'default/metal-app');
    assert.strictEqual(layer(metal, 'hypervisor').title, 'No hypervisor (bare metal)');
    assert.match(factOf(metal, 'isolation', 'kernel'), /^the node’s kernel, shared/);
    assert.strictEqual(factOf(metal, 'isolation', 'qos'), 'BestEffort');

    const kind = await stackOf(provider, 'default/kind-app');
    assert.strictEqual(layer(kind, 'hypervisor').title, 'Node container');
    assert.strictEqual(factOf(kind, 'hypervisor', 'node-container'), 'kind-control-plane');
    assert.match(factOf(kind, 'hypervisor', 'platform'), /^kind \(cluster kind on docker\)/);

    const azure = await stackOf(provider, 'default/batch-besteffort');
    assert.match(factOf(azure, 'hypervisor', 'hypervisor'), /Hyper-V/);
  });

  it('lists init containers and keeps hostile labels and annotations as text, with a 250 KiB annotation and a 1 MiB argument', async () => {
    const init = await stackOf(provider, 'default/with-init');
    assert.strictEqual(factOf(init, 'app', 'command.migrate'), '/bin/migrate up');
    assert.match(layer(init, 'app').title, /and 1 init/);
    const hostile = (await listed(provider)).find((pod) => pod.ref.id === 'default/hostile');
    assert.strictEqual(hostile?.labels?.['evil.example/html'], 'x');
    const raw = (await provider.inspectRaw({ kind: 'pod', providerId: provider.id, id: 'default/hostile' })) as { metadata: { annotations: Record<string, string> } };
    assert.strictEqual(raw.metadata.annotations['evil.example/big'].length, 250 * 1024);
    assert.strictEqual(raw.metadata.annotations['evil.example/html'], '<img src=x onerror="document.body.dataset.pwned=1">');
    const stack = await stackOf(provider, 'default/hostile');
    assert.strictEqual(stack.name, 'hostile');
    const command = factOf(stack, 'app', 'command.app');
    assert.ok(command.startsWith('/bin/sh -c <img src=x onerror="document.body.dataset.pwned=1"> BBBB'), 'the command is kept as text, the HTML in it too');
    assert.strictEqual(command.length, '/bin/sh -c '.length + 51 + 1 + 1024 * 1024);
  });

  it('an unscheduled pod has no machine yet, and says so in the node bands', async () => {
    const stack = await stackOf(provider, 'default/unscheduled');
    assert.match(layer(stack, 'hardware').unavailable ?? '', /not scheduled/);
    assert.strictEqual(factOf(stack, 'app', 'phase'), 'Pending');
  });

  it('follows the cluster by watch: a change reaches the row with its state, and lists are answered from the cache', async () => {
    const changes: { id?: string; known?: KnownState }[] = [];
    let connected = false;
    const watch = provider.watch(
      (ref, known) => changes.push({ id: ref?.id, known }),
      (state) => (connected = state),
    );
    try {
      for (const deadline = Date.now() + 20_000; !connected; await new Promise((resolve) => setTimeout(resolve, 20))) assert.ok(Date.now() < deadline, 'the watch opened within 20 s');
      const before = provider.informerCounts()['*'].lists;
      await listed(provider);
      await listed(provider);
      assert.strictEqual(provider.informerCounts()['*'].lists, before, 'lists while the watch is live make no request');
      const created = await adminRequest('POST', '/api/v1/namespaces/default/pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'watched' },
        spec: { nodeName: 'gce-node', terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'registry.example/web:1.4.2' }] },
      });
      assert.strictEqual(created.status, 201);
      for (const deadline = Date.now() + 20_000; !changes.some((change) => change.id === 'default/watched' && change.known?.state === 'running'); await new Promise((resolve) => setTimeout(resolve, 20))) {
        assert.ok(Date.now() < deadline, `the pod's Running state came by watch within 20 s: ${JSON.stringify(changes)}`);
      }
      const running = (await listed(provider)).find((pod) => pod.ref.id === 'default/watched');
      assert.strictEqual(running?.state, 'running', 'the cached list has it running');
      assert.strictEqual((await adminRequest('DELETE', '/api/v1/namespaces/default/pods/watched')).status, 200);
      for (const deadline = Date.now() + 20_000; (await listed(provider)).some((pod) => pod.ref.id === 'default/watched'); await new Promise((resolve) => setTimeout(resolve, 20))) {
        assert.ok(Date.now() < deadline, 'the deleted pod left the cached list within 20 s');
      }
    } finally {
      watch.close();
    }
    assert.strictEqual(provider.informerCounts()['*'].lists > 0, true);
  });

  it('deletes a pod (the command asks first), and says a pod is not stopped like a container', async () => {
    const created = await adminRequest('POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'to-delete' },
      spec: { nodeName: 'metal-node', terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'registry.example/web:1.4.2' }] },
    });
    assert.strictEqual(created.status, 201);
    const ref = { kind: 'pod' as const, providerId: provider.id, id: 'default/to-delete' };
    assert.deepStrictEqual(provider.actionsFor(), ['remove']);
    await assert.rejects(provider.runAction(ref, 'stop'), /not an action on pods/);
    await provider.runAction(ref, 'remove');
    for (const deadline = Date.now() + 20_000; (await adminRequest('GET', '/api/v1/namespaces/default/pods/to-delete')).status !== 404; await new Promise((resolve) => setTimeout(resolve, 50))) {
      assert.ok(Date.now() < deadline, 'the pod is gone within 20 s (kwok finishes the deletion)');
    }
    await assert.rejects(provider.runAction(ref, 'remove'), (error: Error) => error.name === 'WorkloadGoneError');
  });

  it('lists again when the watch expires (410 Gone), as a Kubernetes client must', async () => {
    const client = new KubeClient({ files: [cluster.kubeconfig()], context: cluster.context(), timeoutMs: () => 10_000, log: quietLog });
    let changes = 0;
    const informer = new PodInformer(client, 'default', { onChange: () => changes++, onStatus: () => undefined });
    await informer.list();
    // etcd forgets every revision before now, as its periodic compaction does: a watch from the
    // list's resourceVersion (or any before it) is then answered 410 Gone.
    const etcd = async (call: string, body: unknown) => (await fetch(`${cluster.etcd()}/v3/kv/${call}`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<{ header: { revision: string } }>;
    await adminRequest('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'moves-the-revision' } });
    const { header } = await etcd('range', { key: Buffer.from('/').toString('base64') });
    await etcd('compaction', { revision: header.revision, physical: true });
    (informer as unknown as { resourceVersion: string }).resourceVersion = '1';
    informer.start();
    try {
      for (const deadline = Date.now() + 20_000; informer.counts.relistsAfterGone === 0 || informer.cached() === undefined; await new Promise((resolve) => setTimeout(resolve, 20))) {
        assert.ok(Date.now() < deadline, `a 410 led to a new list within 20 s: ${JSON.stringify(informer.counts)}, ${informer.lastError?.message}`);
      }
      assert.strictEqual(informer.counts.lists, 2, 'the first list, then one after the 410');
      assert.ok(changes >= 1, 'the relist told the tree');
    } finally {
      informer.close();
    }
  });

  it('RBAC: a user who may read one namespace sees its pods and a row that says why the rest are missing', async () => {
    const viewer = providerFor([cluster.viewer().file]);
    const result = await viewer.list();
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepStrictEqual(result.workloads.map((pod) => pod.ref.id), ['team-a/team-a-app']);
    assert.strictEqual(result.notices?.[0]?.kind, 'permission-denied');
    assert.match(result.notices?.[0]?.message ?? '', /every namespace: showing namespace team-a/);

    const named = providerFor([cluster.viewer().file], ['team-a', 'team-b']);
    const both = await named.list();
    assert.ok(both.ok, JSON.stringify(both));
    assert.deepStrictEqual(both.workloads.map((pod) => pod.ref.id), ['team-a/team-a-app']);
    assert.match(both.notices?.[0]?.message ?? '', /^Namespace team-b: RBAC forbids it/);
  });

  it('an API server that goes away and comes back: a row says so, the watch tries again by itself, and the pods return', async () => {
    // A TCP relay on loopback in front of the API server, which the test closes and opens again on the same port.
    const upstream = new URL(cluster.server());
    const open = new Set<net.Socket>();
    const relay = () =>
      net.createServer((client) => {
        const server = net.connect(Number(upstream.port), upstream.hostname);
        const drop = () => {
          client.destroy();
          server.destroy();
        };
        for (const socket of [client, server]) {
          open.add(socket);
          socket.on('error', drop).on('close', () => {
            open.delete(socket);
            drop();
          });
        }
        client.pipe(server).pipe(client);
      });
    const listen = (server: net.Server, port: number) => new Promise<number>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
    let server = relay();
    const port = await listen(server, 0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-kube-relay-'));
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(file, fs.readFileSync(cluster.kubeconfig(), 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${port}`));
    const relayed = providerFor([file]);
    const statuses: boolean[] = [];
    const watch = relayed.watch(() => undefined, (connected) => statuses.push(connected));
    const until = async (what: string, check: () => boolean | Promise<boolean>) => {
      for (const deadline = Date.now() + 30_000; !(await check()); await new Promise((resolve) => setTimeout(resolve, 50))) assert.ok(Date.now() < deadline, `${what} within 30 s: ${JSON.stringify(statuses)}`);
    };
    try {
      await until('the watch opened', () => statuses.at(-1) === true);
      assert.ok((await relayed.list()).ok);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      await closed;
      await until('the watch said it lost the server', () => statuses.at(-1) === false);
      const down = await relayed.list();
      assert.ok(!down.ok, 'the list fails while the server is away');
      assert.strictEqual(down.diagnosis.kind, 'not-running');
      server = relay();
      await listen(server, port);
      await until('the watch came back by itself', () => statuses.at(-1) === true);
      const back = await relayed.list();
      assert.ok(back.ok && back.workloads.some((pod) => pod.ref.id === 'default/web-guaranteed'), 'the pods are listed again');
    } finally {
      watch.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an API server that is down, a token it refuses and a kubeconfig that is broken are diagnosis rows, not error dialogs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-kube-'));
    try {
      const down = path.join(dir, 'down');
      fs.writeFileSync(down, fs.readFileSync(cluster.kubeconfig(), 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1'));
      const result = await providerFor([down]).list();
      assert.ok(!result.ok);
      assert.strictEqual(result.diagnosis.kind, 'not-running');
      assert.match(result.diagnosis.message, /No API server answers at https:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);

      // A bearer token the API server does not accept, as an expired one is answered: 401.
      const expired = path.join(dir, 'expired');
      fs.writeFileSync(expired, fs.readFileSync(cluster.kubeconfig(), 'utf8').replace(/    client-certificate: .*\n    client-key: .*\n/, '    token: expired-token\n'));
      const refused = await providerFor([expired]).list();
      assert.ok(!refused.ok);
      assert.strictEqual(refused.diagnosis.kind, 'permission-denied');
      assert.match(refused.diagnosis.message, /did not accept the credentials .*\(401 Unauthorized\)/);
      assert.match(refused.diagnosis.hint, /Log in again .* then Retry/);

      const broken = path.join(dir, 'broken');
      fs.writeFileSync(broken, 'apiVersion: v1\nclusters: [ {name: x\n');
      const [found] = discoverClusters({ files: [broken], look: false });
      assert.ok(found.problem, 'the broken file is a root with its problem');
      const brokenResult = await new KubernetesProvider({ cluster: found, namespaces: () => [], timeoutMs: () => 5_000, log: quietLog }).list();
      assert.ok(!brokenResult.ok);
      assert.strictEqual(brokenResult.diagnosis.kind, 'context-broken');
      assert.match(brokenResult.diagnosis.message, /broken/);

      const missing = await providerFor([path.join(dir, 'missing')]).list();
      assert.ok(!missing.ok);
      assert.match(missing.diagnosis.message, /does not exist/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
