// Three real engines at once: the suite's private dockerd, a second one (behind a proxy, so the
// test can stall it and take it away) and a private Podman, the last two added by hand through
// workloadStacks.engines. Each is its
// own root with its own containers; one that stalls or goes away never delays or hides the other.
import * as assert from 'assert';
import Dockerode from 'dockerode';
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
});
