// What the tests (and the demo) put in a private cluster: kwok nodes standing for the machines
// people run Kubernetes on (cloud VMs of three clouds, a kind node container, a bare-metal
// server), the RuntimeClasses runc, gVisor and Kata, and pods of each QoS class, a crash-looping
// pod, a pod with an init container, and pods with hostile labels and annotations.

/** kwok runs the pods of nodes that carry this annotation. */
const FAKE = { 'kwok.x-k8s.io/node': 'fake' };

function node(name, providerID, { labels = {}, osImage, kernel, runtime = 'containerd://1.7.22', cpu = '4', memory = '16393984Ki' } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, annotations: FAKE, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...labels } },
    spec: providerID ? { providerID } : {},
    status: {
      capacity: { cpu, memory, pods: '110', 'ephemeral-storage': '101430960Ki' },
      allocatable: { cpu, memory, pods: '110' },
      nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', osImage, kernelVersion: kernel, containerRuntimeVersion: runtime, kubeletVersion: 'v1.37.2', kubeProxyVersion: 'v1.37.2' },
    },
  };
}

export const NODES = [
  node('aws-node', 'aws:///us-east-1a/i-0a1b2c3d4e5f60718', {
    labels: { 'node.kubernetes.io/instance-type': 'm5.large', 'topology.kubernetes.io/region': 'us-east-1', 'topology.kubernetes.io/zone': 'us-east-1a' },
    osImage: 'Amazon Linux 2023.6.20241212',
    kernel: '6.1.119-129.201.amzn2023.x86_64',
    cpu: '2',
    memory: '7934460Ki',
  }),
  node('gce-node', 'gce://ws-project/europe-west1-b/gke-pool-1-abcd', {
    labels: { 'node.kubernetes.io/instance-type': 'e2-standard-4', 'topology.kubernetes.io/zone': 'europe-west1-b' },
    osImage: 'Container-Optimized OS from Google',
    kernel: '6.6.56+',
  }),
  node('azure-node', 'azure:///subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-pool/virtualMachines/0', {
    labels: { 'node.kubernetes.io/instance-type': 'Standard_D4s_v5', 'topology.kubernetes.io/zone': 'westeurope-1' },
    osImage: 'Ubuntu 22.04.5 LTS',
    kernel: '5.15.0-1075-azure',
  }),
  node('kind-control-plane', 'kind://docker/kind/kind-control-plane', { osImage: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.8.0-49-generic' }),
  node('metal-node', 'equinixmetal://c3d4e5f6', { labels: { 'node.kubernetes.io/instance-type': 'c3.small.x86' }, osImage: 'Ubuntu 24.04.1 LTS', kernel: '6.8.0-49-generic' }),
];

export const RUNTIME_CLASSES = [
  { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'runc' }, handler: 'runc' },
  { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'gvisor' }, handler: 'runsc' },
  { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata' }, handler: 'kata-qemu', overhead: { podFixed: { cpu: '250m', memory: '160Mi' } } },
];

export const NAMESPACES = ['team-a', 'team-b'];

function pod(name, nodeName, { namespace = 'default', runtimeClassName, resources, labels = {}, annotations = {}, initContainers, containers } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: name, ...labels }, annotations },
    spec: {
      nodeName,
      ...(runtimeClassName ? { runtimeClassName } : {}),
      ...(initContainers ? { initContainers } : {}),
      containers: containers ?? [{ name: 'app', image: 'registry.example/web:1.4.2', command: ['/bin/web'], args: ['--port=8080'], ports: [{ containerPort: 8080, name: 'http' }], ...(resources ? { resources } : {}) }],
      // kwok removes no pod by itself; an immediate delete keeps the teardown short.
      terminationGracePeriodSeconds: 0,
    },
  };
}

const HTML = '<img src=x onerror="document.body.dataset.pwned=1">';

/** The pods, with the hostile one's big values built here. */
export function testPods() {
  return [
    pod('web-guaranteed', 'aws-node', { runtimeClassName: 'kata', resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } } }),
    pod('api-burstable', 'gce-node', { runtimeClassName: 'gvisor', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } } }),
    pod('batch-besteffort', 'azure-node', { runtimeClassName: 'runc' }),
    pod('kind-app', 'kind-control-plane'),
    pod('metal-app', 'metal-node'),
    pod('crashloop', 'aws-node'),
    pod('with-init', 'gce-node', { initContainers: [{ name: 'migrate', image: 'registry.example/migrate:2', command: ['/bin/migrate', 'up'] }] }),
    // The API server refuses annotations above 256 KiB in all and label values above 63
    // characters; a megabyte fits in a container's arguments (an object may be 1.5 MiB).
    pod('hostile', 'azure-node', {
      labels: { 'evil.example/html': 'x' },
      annotations: { 'evil.example/html': HTML, 'evil.example/markdown': '[click](command:workbench.action.quit) `code` **bold**', 'evil.example/big': 'A'.repeat(250 * 1024) },
      containers: [{ name: 'app', image: `registry.example/${'x'.repeat(40)}:latest`, command: ['/bin/sh', '-c', HTML], args: ['B'.repeat(1024 * 1024)] }],
    }),
    pod('unscheduled', undefined),
    pod('team-a-app', 'aws-node', { namespace: 'team-a' }),
    pod('team-b-app', 'gce-node', { namespace: 'team-b' }),
  ];
}

/** What the crash-looping pod's status says once kwok has run it: the shape kubelet reports for an OOM kill. */
function crashLoopStatus(running) {
  return {
    status: {
      ...running.status,
      conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }, { type: 'PodScheduled', status: 'True' }],
      containerStatuses: [
        {
          name: 'app',
          image: 'registry.example/web:1.4.2',
          imageID: 'registry.example/web@sha256:4f2d3c1e0b9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c',
          containerID: 'containerd://0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
          ready: false,
          started: false,
          restartCount: 7,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=app pod=crashloop_default' } },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: '2026-12-05T10:00:00Z', finishedAt: '2026-12-05T10:00:03Z' } },
        },
      ],
    },
  };
}

/** Waits until kwok reports each node Ready (its node-initialize stage ran). */
export async function waitForNodesReady(cluster, names) {
  const deadline = Date.now() + 60_000;
  for (const name of names) {
    for (;;) {
      const answer = await cluster.request('GET', `/api/v1/nodes/${name}`);
      if (answer.json?.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`kwok did not make the node ${name} Ready within 60 s.\n${cluster.logTails()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Creates every object in `cluster` (from startPrivateCluster) and waits until kwok has run each
 * scheduled pod; the crash-looping pod's status is then written as kubelet would report it.
 * Also makes the user `viewer`, allowed to list and watch pods in team-a only (RBAC).
 */
export async function populateTestCluster(cluster) {
  for (const namespace of NAMESPACES) await cluster.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  for (const object of NODES) await cluster.create('/api/v1/nodes', object);
  for (const object of RUNTIME_CLASSES) await cluster.create('/apis/node.k8s.io/v1/runtimeclasses', object);
  // The pods come once kwok manages every node (it makes them Ready then), so each pod's first
  // event finds its node known rather than depending on kwok's sync of a node it just took up.
  await waitForNodesReady(cluster, NODES.map((object) => object.metadata.name));
  const pods = testPods();
  for (const object of pods) await cluster.create(`/api/v1/namespaces/${object.metadata.namespace}/pods`, object);
  const scheduled = pods.filter((object) => object.spec.nodeName);
  const deadline = Date.now() + 60_000;
  for (const object of scheduled) {
    const podPath = `/api/v1/namespaces/${object.metadata.namespace}/pods/${object.metadata.name}`;
    for (;;) {
      const answer = await cluster.request('GET', podPath);
      if (answer.json?.status?.phase === 'Running') break;
      if (Date.now() > deadline) throw new Error(`kwok did not run ${podPath} within 60 s (phase ${answer.json?.status?.phase}).\n${cluster.logTails()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const crash = await cluster.request('GET', '/api/v1/namespaces/default/pods/crashloop');
  const patched = await cluster.request('PATCH', '/api/v1/namespaces/default/pods/crashloop/status', crashLoopStatus(crash.json));
  if (patched.status !== 200) throw new Error(`patching the crash-looping pod's status: ${patched.status} ${patched.text.slice(0, 300)}`);
  await cluster.create('/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/roles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'pod-reader', namespace: 'team-a' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
  });
  await cluster.create('/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'viewer-reads-pods', namespace: 'team-a' },
    subjects: [{ kind: 'User', name: 'viewer', apiGroup: 'rbac.authorization.k8s.io' }],
    roleRef: { kind: 'Role', name: 'pod-reader', apiGroup: 'rbac.authorization.k8s.io' },
  });
  const viewer = await cluster.userKubeconfig('viewer', { namespace: 'team-a' });
  return { viewer, pods: pods.map((object) => `${object.metadata.namespace}/${object.metadata.name}`) };
}
