// Three real engines at once: the suite's private dockerd, a second one (behind a proxy, so the
// test can stall it and take it away) and a private Podman, the last two added by hand through
// workloadStacks.engines. Each is its
// own root with its own containers; one that stalls or goes away never delays or hides the other.
import * as assert from 'assert';
import Dockerode from 'dockerode';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../../src/api';
import type { EngineNode, MessageNode, TreeNode, WorkloadNode } from '../../../src/tree/nodes';
import { EngineProxy } from './engineProxy';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'workload-stacks.workload-stacks';
const TEST_LABEL = 'workload-stacks.test';
const LIST = 'GET /containers/json';
const SECOND_NAME = 'Second engine';
const PODMAN_NAME = 'Podman';

function socketOf(variable: string): string {
  const host = process.env[variable];
  if (!host?.startsWith('unix://')) throw new Error(`The engines suite needs ${variable}=unix://<private dockerd socket>, got '${host}'.`);
  return host.slice('unix://'.length);
}

type Window = { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };

describe('Several engines at once', function () {
  this.timeout(90_000);
  let api: WorkloadStacksApi;
  let proxy: EngineProxy;
  const containers: Dockerode.Container[] = [];
  const config = () => vscode.workspace.getConfiguration('workloadStacks');
  let previous: unknown;
  let secondId: string;
  let podmanId: string;

  async function roots(): Promise<EngineNode[]> {
    return (await api.tree.getChildren()).filter((node): node is EngineNode => node.type === 'engine');
  }

  async function rowsUnder(engineId: string): Promise<TreeNode[]> {
    const engine = (await roots()).find((node) => node.id === engineId);
    assert.ok(engine, `the root ${engineId} is shown`);
    const walk = async (nodes: TreeNode[]): Promise<TreeNode[]> =>
      (await Promise.all(nodes.map(async (node) => (node.type === 'group' ? walk(await api.tree.getChildren(node)) : [node])))).flat();
    return walk(await api.tree.getChildren(engine));
  }

  const workloadIds = async (engineId: string) =>
    (await rowsUnder(engineId)).filter((node): node is WorkloadNode => node.type === 'workload').map((node) => node.summary.ref.id);

  async function run(socketPath: string, name: string, image = 'local/busybox:latest'): Promise<Dockerode.Container> {
    const docker = new Dockerode({ socketPath });
    // No network on Podman: its bridge would change this machine's firewall.
    const hostConfig = image.startsWith('localhost/') ? { NetworkMode: 'none' } : { Init: true };
    const container = await docker.createContainer({ name, Image: image, Cmd: ['sleep', '3600'], Labels: { [TEST_LABEL]: '1' }, HostConfig: hostConfig });
    containers.push(container);
    await container.start();
    return container;
  }

  before(async () => {
    const extension = vscode.extensions.getExtension<WorkloadStacksApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    await vscode.commands.executeCommand('workbench.view.extension.workloadStacks');
    proxy = await EngineProxy.start(socketOf('WS_TEST_SECOND_DOCKER_HOST'));
    previous = config().inspect('engines')?.globalValue;
    const podmanHost = `unix://${socketOf('WS_TEST_PODMAN_DOCKER_HOST')}`;
    await config().update('engines', [{ host: proxy.endpoint, name: SECOND_NAME }, { host: podmanHost, name: PODMAN_NAME }], vscode.ConfigurationTarget.Global);
    secondId = (await waitFor('the second root', () => api.catalog.sources.find((source) => source.label === SECOND_NAME), 10_000)).id;
    podmanId = (await waitFor('the Podman root', () => api.catalog.sources.find((source) => source.label === PODMAN_NAME), 10_000)).id;
  });

  after(async () => {
    await config().update('engines', previous, vscode.ConfigurationTarget.Global);
    await proxy?.close();
    await Promise.all(containers.map((container) => container.remove({ force: true }).catch(() => undefined)));
  });

  it('shows each engine as its own root, named by the setting, with only its own containers', async () => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const onFirst = await run(socketOf('DOCKER_HOST'), `engines-first-${suffix}`);
    const onSecond = await run(socketOf('WS_TEST_SECOND_DOCKER_HOST'), `engines-second-${suffix}`);
    await api.catalog.refresh();
    await waitFor('both containers listed', async () => ((await workloadIds('docker')).includes(onFirst.id) && (await workloadIds(secondId)).includes(onSecond.id) ? true : undefined), 15_000);
    assert.ok(!(await workloadIds('docker')).includes(onSecond.id), "the second engine's container is not under the first");
    assert.ok(!(await workloadIds(secondId)).includes(onFirst.id), "the first engine's container is not under the second");
    const second = (await roots()).find((node) => node.id === secondId);
    assert.ok(second);
    const item = api.tree.getTreeItem(second);
    assert.strictEqual(item.label, SECOND_NAME);
    assert.match(String(item.description), new RegExp(proxy.socketPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the root says where the engine is');
  });

  it('lists one engine at once while the other stalls, and keeps it whole while the other is down, without a dialog', async () => {
    const window = vscode.window as Window;
    const original = window.showErrorMessage;
    const dialogs: string[] = [];
    window.showErrorMessage = ((message: string) => (dialogs.push(message), Promise.resolve(undefined))) as typeof window.showErrorMessage;
    try {
      const firstBefore = await workloadIds('docker');
      assert.ok(firstBefore.length > 0, 'the first engine lists containers');

      proxy.delay(LIST, 5_000);
      const stalled = api.catalog.refresh(secondId);
      await waitFor('the stalled list to reach the second engine', () => (proxy.statsOf(LIST).inFlight === 1 ? true : undefined), 5_000);
      const started = Date.now();
      await api.catalog.refresh('docker');
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 2_000, `the first engine listed in ${elapsed} ms while the second stalled`);
      assert.deepStrictEqual((await workloadIds('docker')).sort(), firstBefore.sort());
      proxy.delay(LIST, 0);
      await stalled;

      await proxy.down();
      await api.catalog.refresh(secondId);
      const diagnosis = (await rowsUnder(secondId)).find((node): node is MessageNode => node.type === 'message' && node.tone === 'error');
      assert.ok(diagnosis, 'the second root says its engine cannot be reached');
      assert.ok(diagnosis.label.includes(proxy.socketPath), diagnosis.label);
      await api.catalog.refresh('docker');
      assert.deepStrictEqual((await workloadIds('docker')).sort(), firstBefore.sort(), 'the first engine is untouched');
      assert.ok(!(await rowsUnder('docker')).some((node) => node.type === 'message' && node.tone === 'error'), 'no error row under the first engine');

      await proxy.up();
      await vscode.commands.executeCommand('workloadStacks.retryConnection', secondId);
      await waitFor('the second engine listed again', async () => ((await workloadIds(secondId)).length > 0 ? true : undefined), 15_000);
      assert.deepStrictEqual(dialogs, [], 'an engine going away raised no dialog');
    } finally {
      window.showErrorMessage = original;
      proxy.delay(LIST, 0);
      await proxy.up();
    }
  });

  it('shows a Podman container under the Podman root, drawn on the Podman engine', async () => {
    const container = await run(socketOf('WS_TEST_PODMAN_DOCKER_HOST'), `engines-podman-${Math.random().toString(36).slice(2, 8)}`, 'localhost/local/busybox:latest');
    await api.catalog.refresh(podmanId);
    const node = await waitFor('the Podman container listed', async () =>
      (await rowsUnder(podmanId)).find((candidate): candidate is WorkloadNode => candidate.type === 'workload' && candidate.summary.ref.id === container.id),
    15_000);
    assert.strictEqual(node.summary.ref.providerId, podmanId);
    assert.ok(!(await workloadIds('docker')).includes(container.id), 'not under the Docker root');
    await vscode.commands.executeCommand('workloadStacks.openStack', node);
    const panel = await waitFor('the panel', () => api.panels.find(node.summary.ref));
    const stack = await waitFor('the stack', () => panel.snapshot.stack, 20_000);
    const engineName = stack.layers.find((layer) => layer.kind === 'engine')?.facts.find((fact) => fact.key === 'engine-name')?.value;
    assert.strictEqual(engineName, 'Podman Engine');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("groups a Podman pod under the Podman root: a pod row, its infra container marked", async () => {
    const podName = `engines-pod-${Math.random().toString(36).slice(2, 8)}`;
    const podman = new Dockerode({ socketPath: socketOf('WS_TEST_PODMAN_DOCKER_HOST') });
    // Podman's own API makes the pod and puts a container in it (the compatible API knows no pods).
    const libpod = (path: string, body: object) =>
      new Promise<{ Id: string }>((resolve, reject) =>
        podman.modem.dial({ path: `/v4.0.0/libpod${path}`, method: 'POST', options: body, statusCodes: { 200: true, 201: true, 204: true, 500: 'server error', 409: 'conflict', 404: 'not found' } } as never, (error: unknown, data: unknown) => (error ? reject(error) : resolve(data as { Id: string }))),
      );
    const pod = await libpod('/pods/create', { name: podName, netns: { nsmode: 'none' }, labels: { [TEST_LABEL]: '1' } });
    try {
      const member = await libpod('/containers/create', { name: `${podName}-app`, image: 'localhost/local/busybox:latest', command: ['sleep', '3600'], pod: pod.Id, labels: { [TEST_LABEL]: '1' } });
      await libpod(`/pods/${pod.Id}/start`, {});
      await api.catalog.refresh(podmanId);
      const engine = (await roots()).find((node) => node.id === podmanId);
      assert.ok(engine);
      const group = await waitFor('the pod row', async () => (await api.tree.getChildren(engine)).find((node) => node.type === 'group' && node.kind === 'pod' && node.project === podName), 15_000);
      const item = api.tree.getTreeItem(group);
      assert.deepStrictEqual([item.label, item.description, item.contextValue], [podName, 'Pod · 2/2 running', 'podmanPod']);
      const members = (await api.tree.getChildren(group)).filter((node): node is WorkloadNode => node.type === 'workload');
      assert.deepStrictEqual(members.map((node) => node.summary.ref.id === member.Id || Boolean(node.summary.group?.infra)), [true, true], members.map((node) => node.summary.name).join(', '));
      const infra = members.find((node) => node.summary.group?.infra);
      assert.ok(infra, 'the infra container is one of the rows');
      assert.match(String(api.tree.getTreeItem(infra).description), /^infra · localhost\/podman-pause/);
    } finally {
      await new Promise((resolve) => podman.modem.dial({ path: `/v4.0.0/libpod/pods/${pod.Id}?force=true`, method: 'DELETE', statusCodes: { 200: true, 404: true, 500: true } } as never, resolve));
    }
  });

  it('shows an engine reached a second way (a link to its socket) once, under the first root', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ws-engines-link-'));
    const linked = path.join(dir, 'docker.sock');
    await fs.symlink(socketOf('DOCKER_HOST'), linked);
    const engines = config().inspect('engines')?.globalValue as object[];
    try {
      await config().update('engines', [...engines, { host: `unix://${linked}`, name: 'Same engine again' }], vscode.ConfigurationTarget.Global);
      const again = await waitFor('the linked source', () => api.catalog.sources.find((source) => source.label === 'Same engine again'), 10_000);
      await api.catalog.refresh();
      assert.strictEqual(api.catalog.duplicateOf(again.id)?.id, 'docker');
      await waitFor('the second way left out of the roots', async () => ((await roots()).some((node) => node.id === again.id) ? undefined : true), 10_000);
      assert.ok((await roots()).some((node) => node.id === 'docker'), 'the first way stays');
    } finally {
      await config().update('engines', engines, vscode.ConfigurationTarget.Global);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
