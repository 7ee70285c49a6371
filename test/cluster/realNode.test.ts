// A pod on the real node (kubelet v1.37.2 and containerd on this machine, joined to the private
// cluster beside kwok's nodes): its containers are processes here, and its diagram reads their
// cgroups, namespaces and limits on this machine, beside what the API says of the node.
import * as assert from 'assert';
import * as fs from 'fs';
import { discoverClusters } from '../../src/providers/kubernetes/clusterDiscovery';
import { KubernetesProvider } from '../../src/providers/kubernetes/kubernetesProvider';
import { execCapture } from '../../src/providers/kubernetes/podProbe';
import { KubeClient } from '../../src/providers/kubernetes/client';
import { runLab, type LabSettings } from '../../src/overhead/overheadLab';
import { measuredMetric, probeFor } from '../overheadHelpers';
import type { Layer, LiveStats, Stack } from '../../src/shared/model';
import { adminRequest, cluster, quietLog } from '../clusterFixture';

const POD = 'real-pod';

function provider(): KubernetesProvider {
  const [found] = discoverClusters({ files: [cluster.kubeconfig()], look: false });
  return new KubernetesProvider({ cluster: found, namespaces: () => [], timeoutMs: () => 10_000, log: quietLog });
}

function factOf(stack: Stack, kind: Layer['kind'], key: string): string {
  const value = stack.layers.find((layer) => layer.kind === kind)?.facts.find((fact) => fact.key === key)?.value;
  assert.ok(value !== undefined, `${kind} has ${key}: ${JSON.stringify(stack.layers.find((layer) => layer.kind === kind)?.facts.map((fact) => fact.key))}`);
  return value;
}

describe('Kubernetes: a pod on a real node (kubelet and containerd on this machine)', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    const { name, image } = cluster.realNode();
    const created = await adminRequest('POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: POD },
      spec: {
        nodeName: name,
        // Pods get no network of their own here: no bridge or route is made on the test machine.
        hostNetwork: true,
        terminationGracePeriodSeconds: 0,
        containers: [
          { name: 'web', image, imagePullPolicy: 'Never', command: ['sleep', '3600'], resources: { limits: { memory: '64Mi', cpu: '250m' } } },
          { name: 'sidecar', image, imagePullPolicy: 'Never', command: ['sleep', '3600'] },
        ],
      },
    });
    assert.strictEqual(created.status, 201, JSON.stringify(created.json).slice(0, 300));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pod = (await adminRequest('GET', `/api/v1/namespaces/default/pods/${POD}`)).json as { status?: { phase?: string } };
      if (pod.status?.phase === 'Running') break;
      if (Date.now() > deadline) throw new Error(`the real node did not run ${POD} within 60 s: ${JSON.stringify(pod.status).slice(0, 500)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    stack = await provider().inspectStack({ kind: 'pod', providerId: cluster.context(), id: `default/${POD}` });
  });

  after(async () => {
    await adminRequest('DELETE', `/api/v1/namespaces/default/pods/${POD}?gracePeriodSeconds=0`);
  });

  it('says what the node is from the API: kubelet of the release, containerd, this machine’s kernel', () => {
    assert.strictEqual(factOf(stack, 'engine', 'kubelet'), 'v1.37.2');
    assert.match(factOf(stack, 'engine', 'runtime'), /^containerd \d+\.\d+/);
    assert.strictEqual(factOf(stack, 'host-os', 'kernel'), fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
  });

  it('finds each container’s process here, with the cgroup and the limits kubelet set', () => {
    const web = factOf(stack, 'isolation', 'here.web');
    const [, pid] = /^PID (\d+) /.exec(web) ?? [];
    assert.ok(pid, web);
    assert.strictEqual(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0], 'sleep', 'the PID is the container’s own process');
    assert.match(web, /cgroup \/kubepods\/(burstable\/)?pod[0-9a-f-]+\/[0-9a-f]{64} /);
    assert.match(web, / memory 64 MiB /);
    assert.match(web, / CPU 25000\/100000 µs /);
    assert.match(factOf(stack, 'isolation', 'here.sidecar'), /no memory limit · no CPU quota/);
    assert.match(factOf(stack, 'isolation', 'here.sandbox'), /^PID \d+$/);
  });

  it('says which namespaces a container has of its own, shares with its pod, and shares with this machine', () => {
    const web = factOf(stack, 'isolation', 'here.web');
    // hostNetwork: the network is this machine's; IPC is the pod's (the sandbox holds it); PID and mount are the container's own.
    assert.match(web, /own: [^;]*\bpid\b/);
    assert.match(web, /own: [^;]*\bmnt\b/);
    assert.match(web, /with the pod: [^;]*\bipc\b/);
    assert.match(web, /with this machine: [^;]*\bnet\b/);
  });

  it('measures the pod with the overhead probe, placed and run by exec through the API server, inside the pod’s cgroup, and leaves nothing', async () => {
    const kube = provider();
    const ref = { kind: 'pod' as const, providerId: cluster.context(), id: `default/${POD}` };
    const settings: LabSettings = { runs: 2, runMs: 150, metrics: ['cpu.int.one', 'sys.syscall', 'fs.fsync'], provisioningRuns: 0 };
    const [measured] = await runLab([{ ref, name: POD, kind: 'pod', target: kube.probeTarget(ref) }], settings, { probeFor, onProgress: () => undefined });
    assert.strictEqual(measured.error, undefined, JSON.stringify(measured.error));
    for (const id of settings.metrics) measuredMetric(measured, id);
    // The probe read the CPU quota of the cgroup it ran in: the web container's (250m).
    assert.match(measured.system?.cpuMax ?? '', /^25000 100000/, JSON.stringify(measured.system));
    const client = new KubeClient({ files: [cluster.kubeconfig()], context: cluster.context(), timeoutMs: () => 10_000, log: quietLog });
    const listing = await execCapture(client, { namespace: 'default', pod: POD, container: 'web', onThisMachinesNetwork: false }, ['ls', '-a', '/tmp'], { timeoutMs: 10_000 });
    assert.strictEqual(listing.exitCode, 0, listing.stderr);
    assert.ok(!listing.stdout.includes('.ws-probe'), `the probe's folder is still there:\n${listing.stdout}`);
  });

  it('streams the pod’s live CPU and memory from its node’s kubelet (no metrics-server here), and a kwok pod’s stream ends saying why', async () => {
    const kube = provider();
    const readings: LiveStats[] = [];
    let ended: Error | undefined;
    const stream = kube.streamStats({ kind: 'pod', providerId: cluster.context(), id: `default/${POD}` }, (stats) => readings.push(stats), (error) => (ended = error));
    try {
      const deadline = Date.now() + 20_000;
      while (readings.length < 2 && !ended && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.strictEqual(ended, undefined, String(ended));
      assert.ok(readings.length >= 2, 'a reading, then the next one');
      assert.ok((readings[0].memoryBytes ?? 0) > 0, JSON.stringify(readings[0]));
      assert.ok(readings[0].cpuPercent !== null && readings[0].cpuPercent >= 0, JSON.stringify(readings[0]));
      assert.strictEqual(readings[0].memoryLimitBytes, null, 'the sidecar has no memory limit, so the pod has none');
    } finally {
      stream.close();
    }
    const simulated = await new Promise<Error | undefined>((resolve) => {
      const other = kube.streamStats({ kind: 'pod', providerId: cluster.context(), id: 'default/web-guaranteed' }, () => resolve(undefined), (error) => resolve(error));
      setTimeout(() => other.close(), 20_000);
    });
    assert.match(String(simulated), /metrics API \(metrics\.k8s\.io\): the cluster serves none.*kubelet: /);
  });
});
