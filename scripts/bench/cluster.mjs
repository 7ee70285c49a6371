// Step `cluster` of `npm run bench`: a private control plane (scripts/harness/kubernetes.mjs, its
// watch cache on, as real clusters run) with 50 kwok nodes and 5000 pods in 10 namespaces, all
// Running. The suite (test/bench/cluster.ts) measures the extension against the API server's raw
// lists; this side fills the cluster and stops it.
import { startPrivateCluster } from '../harness/kubernetes.mjs';
import { waitForNodesReady } from '../harness/clusterObjects.mjs';

const NODES = 50;
const PODS = 5000;
const NAMESPACES = 10;
const CONCURRENCY = 16;

async function inParallel(count, work) {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

export async function measureCluster({ runPhase }) {
  const cluster = await startPrivateCluster({ label: 'bench', contextName: 'bench-cluster' });
  try {
    const started = performance.now();
    const names = Array.from({ length: NODES }, (_, index) => `bench-node-${String(index).padStart(2, '0')}`);
    await inParallel(NODES, (index) =>
      cluster.create('/api/v1/nodes', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: names[index], annotations: { 'kwok.x-k8s.io/node': 'fake' }, labels: { 'node.kubernetes.io/instance-type': 'm5.xlarge' } },
        spec: { providerID: `aws:///us-east-1a/i-${String(index).padStart(17, '0')}` },
        status: { capacity: { cpu: '4', memory: '16Gi', pods: '200' }, nodeInfo: { kubeletVersion: 'v1.37.2', containerRuntimeVersion: 'containerd://1.7.22', osImage: 'Amazon Linux 2023', kernelVersion: '6.1.119' } },
      }),
    );
    await waitForNodesReady(cluster, names);
    for (let index = 0; index < NAMESPACES; index++) await cluster.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `bench-${index}` } });
    await inParallel(PODS, (index) =>
      cluster.create(`/api/v1/namespaces/bench-${index % NAMESPACES}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod-${String(index).padStart(4, '0')}`, labels: { app: `app-${index % 25}` } },
        spec: { nodeName: names[index % NODES], terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'registry.example/web:1.4.2', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
      }),
    );
    const createMs = performance.now() - started;
    // Every pod Running before anything is timed: kwok's own work must not be in the figures.
    const deadline = Date.now() + 300_000;
    for (;;) {
      const pending = await cluster.request('GET', '/api/v1/pods?fieldSelector=status.phase!%3DRunning&limit=1');
      if (pending.status === 200 && pending.json.items.length === 0) break;
      if (Date.now() > deadline) throw new Error(`kwok did not run all ${PODS} pods within 300 s.\n${cluster.logTails()}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const runningMs = performance.now() - started;
    console.log(`[bench] ${NODES} nodes and ${PODS} pods created in ${(createMs / 1000).toFixed(1)} s, all Running after ${(runningMs / 1000).toFixed(1)} s`);
    const pki = `${cluster.dir}/pki`;
    const raw = await runPhase({
      WS_BENCH_PHASE: 'cluster',
      WS_BENCH_KUBECONFIG: cluster.kubeconfig,
      WS_BENCH_KUBE: JSON.stringify({ server: cluster.server, context: cluster.contextName, ca: `${pki}/ca.crt`, cert: `${pki}/admin.crt`, key: `${pki}/admin.key`, namespaces: NAMESPACES, pods: PODS }),
    });
    return [
      ...raw,
      { id: 'cluster-create', measure: `create ${NODES} kwok nodes and ${PODS} pods, ${CONCURRENCY} at a time, until all Running`, unit: 'ms', samples: [runningMs], note: `created in ${(createMs / 1000).toFixed(1)} s` },
    ];
  } finally {
    await cluster.stop();
  }
}
