// End to end with a Kubernetes cluster: the packaged VSIX in code-server, the private control plane
// (kube-apiserver, etcd, kwok built from their modules) added through
// workloadStacks.kubernetes.kubeconfigs as a user would. The cluster's root, its nodes and pods,
// a Kata pod's diagram with the node's machine and the runtime's VM, and a pod that changes phase.
import assert from 'node:assert';
import Dockerode from 'dockerode';
import { populateTestCluster } from '../../scripts/harness/clusterObjects.mjs';
import { startPrivateCluster } from '../../scripts/harness/kubernetes.mjs';
import { chooseContextMenuItem, compareFromTree, factValue, findTreeRow, findTreeRowByLabel, openActivity, openDiagramFromTree, screenshot, screenshotIfFailed, treeRows } from '../../scripts/harness/workbench.mjs';
import { openSession, required } from './session.mjs';

const CONTEXT = 'ws-e2e-cluster';

describe('Workload Stacks end to end with a Kubernetes cluster', function () {
  this.timeout(300_000);
  let cluster;
  let session;
  let page;
  let nodeContainer;

  before(async () => {
    cluster = await startPrivateCluster({ label: 'e2e', contextName: CONTEXT });
    await populateTestCluster(cluster);
    // The container that kind would run as the node kind-control-plane, on the engine the tree shows.
    const docker = new Dockerode({ socketPath: required('WS_TEST_DOCKER_HOST').replace(/^unix:\/\//, '') });
    nodeContainer = await docker.createContainer({ name: 'kind-control-plane', Image: 'local/busybox:latest', Cmd: ['sleep', '3600'], Labels: { 'workload-stacks.test': '1' }, HostConfig: { Init: true } });
    await nodeContainer.start();
    session = await openSession({ prefix: 'ws-e2e-cluster-', settings: { 'workloadStacks.kubernetes.kubeconfigs': [cluster.kubeconfig] } });
    page = session.page;
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    await session?.close();
    await nodeContainer?.remove({ force: true });
    await cluster?.stop();
  });

  it("shows the cluster as a root, its nodes as groups and each pod's phase, readiness and restarts", async () => {
    const root = await findTreeRowByLabel(page, CONTEXT, { timeout: 60_000 });
    assert.match((await root.textContent()) ?? '', /\d+ pods · https:\/\/127\.0\.0\.1:\d+/);
    const node = await findTreeRowByLabel(page, 'aws-node', { timeout: 60_000 });
    assert.match((await node.textContent()) ?? '', /Node · 2\/3 pods running/, 'the crash-looping pod is restarting, not running');
    await findTreeRow(page, 'web-guaranteed', { timeout: 30_000 });
    const crash = await findTreeRow(page, 'crashloop', { timeout: 30_000 });
    assert.match((await crash.textContent()) ?? '', /default · CrashLoopBackOff · 0\/1 ready · 7 restarts/);
    await findTreeRowByLabel(page, '(not scheduled)', { timeout: 30_000 });
    // A kind node is a container of a local engine: its row names the engine root that lists it.
    await treeRows(page).filter({ has: page.locator('.label-name', { hasText: /^kind-control-plane$/ }) }).filter({ hasText: /Node · 1\/1 pods running · container on Docker/ }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'e2e-cluster-tree');
  });

  it("draws a Kata pod's stack: the AWS instance and its hypervisor, the node's OS and runtime, the sandbox and the pod's own VM", async () => {
    const frame = await openDiagramFromTree(page, 'web-guaranteed', /Stack: web-guaranteed/);
    for (const band of ['hardware', 'hypervisor', 'host-os', 'engine', 'isolation', 'virtual-hardware', 'guest-os', 'libraries', 'app']) {
      await frame.locator(`[data-layer="${band}"]`).waitFor({ timeout: 30_000 });
    }
    assert.strictEqual(await factValue(frame, 'instance-type'), 'm5.large');
    assert.strictEqual(await factValue(frame, 'platform'), 'AWS EC2');
    assert.strictEqual(await factValue(frame, 'runtime-class'), 'kata');
    assert.strictEqual(await factValue(frame, 'vmm'), 'QEMU');
    assert.strictEqual(await factValue(frame, 'qos'), 'Guaranteed');
    // A pod is not stopped or restarted like a container, and its live usage is not read yet: said, not left waiting.
    assert.strictEqual(await frame.locator('[data-action="stop"]').isVisible(), false, 'no Stop for a pod');
    assert.strictEqual(await frame.locator('[data-action="restart"]').isVisible(), false, 'no Restart for a pod');
    await frame.locator('.live-read-at', { hasText: /^not available: .*metrics API/ }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'e2e-cluster-kata-pod');
    await openActivity(page, 'Workload Stacks', { timeout: 60_000 });
  });

  it("compares two pods and a container: the kernel each one talks to, a pod's containers on its one sandbox", async () => {
    const frame = await compareFromTree(page, ['web-guaranteed', 'with-init', 'limited-box']);
    const kernels = frame.locator('.compare-column .kernel-note');
    await kernels.first().waitFor({ timeout: 30_000 });
    // with-init's two containers (its init container first) are columns of their own.
    assert.deepStrictEqual(await frame.locator('.compare-column').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label'))), ['web-guaranteed', 'with-init/migrate', 'with-init/app', 'limited-box']);
    const texts = await kernels.allTextContents();
    assert.strictEqual(texts[0], 'Own kernel: the guest kernel of the pod’s own VM (Kata Containers)');
    assert.strictEqual(texts[1], 'Shares the node’s kernel: 6.6.56+', 'with-init runs on the GCE node with runc');
    assert.strictEqual(texts[2], texts[1]);
    assert.match(texts[3], /^Shares the host kernel: /);
    const sandbox = frame.locator('section[data-shared="some"][data-layer="isolation"]');
    assert.strictEqual(await sandbox.getAttribute('data-shared-by'), 'with-init/migrate\nwith-init/app', 'one sandbox block under both');
    await screenshot(page, 'e2e-cluster-compare');
    await openActivity(page, 'Workload Stacks', { timeout: 60_000 });
  });

  it("groups the cluster's pods by namespace from its row's context menu, and back by node", async () => {
    await (await findTreeRowByLabel(page, CONTEXT)).click({ button: 'right' });
    await chooseContextMenuItem(page, 'Group Pods by Namespace');
    const team = await findTreeRowByLabel(page, 'team-b', { timeout: 30_000 });
    assert.match((await team.textContent()) ?? '', /Namespace · 1\/1 pods running/);
    await screenshot(page, 'e2e-cluster-by-namespace');
    await (await findTreeRowByLabel(page, CONTEXT)).click({ button: 'right' });
    await chooseContextMenuItem(page, 'Group Pods by Node');
    await findTreeRowByLabel(page, 'aws-node', { timeout: 30_000 });
  });

  it("opens a pod into its containers; a pod on a kind node stands on the node container; logs and shell from its diagram", async () => {
    const crash = await findTreeRow(page, 'crashloop', { timeout: 30_000 });
    await crash.locator('.monaco-tl-twistie').click();
    await treeRows(page).filter({ has: page.locator('.label-name', { hasText: /^app$/ }) }).filter({ hasText: 'registry.example/web:1.4.2 · Waiting: CrashLoopBackOff · 7 restarts' }).first().waitFor({ timeout: 30_000 });
    await crash.locator('.monaco-tl-twistie').click();
    const frame = await openDiagramFromTree(page, 'kind-app', /Stack: kind-app/);
    // Its node is the container kind-control-plane of the engine in this view: the pod stands on it.
    await frame.locator('.band-title', { hasText: /^Node container kind-control-plane on / }).waitFor({ timeout: 30_000 });
    await frame.locator('.band-title', { hasText: /^Node OS: the userland of kind-control-plane/ }).waitFor({ timeout: 30_000 });
    assert.strictEqual(await frame.locator('[data-layer="engine"]').count(), 2, 'the engine under the node container, and the runtime and kubelet in it');
    const panel = page.locator('#workbench\\.parts\\.panel');
    for (const [action, tab] of [
      ['logs', /Logs: kind-app/],
      ['shell', /Shell: kind-app/],
    ]) {
      await frame.locator(`[data-action="${action}"]`).click();
      await panel.filter({ hasText: tab }).waitFor({ timeout: 30_000 });
    }
    await screenshot(page, 'e2e-cluster-logs-shell');
    await openActivity(page, 'Workload Stacks', { timeout: 60_000 });
  });

  it('follows the cluster: a pod created and run by kwok appears by watch, and its row says Running', async () => {
    await cluster.create('/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'arrives-later' },
      spec: { nodeName: 'metal-node', terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'registry.example/web:1.4.2' }] },
    });
    await treeRows(page).filter({ hasText: 'arrives-later' }).filter({ hasText: /Running · 1\/1 ready/ }).first().waitFor({ timeout: 30_000 });
  });
});
