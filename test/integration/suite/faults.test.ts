// The extension against a hostile engine: a proxy socket in front of the private engine that stalls
// lists, floods the event stream and goes away while a panel is open. The tree must stay responsive,
// requests must not pile up, memory must not grow, and an outage must heal by itself, quietly.
import * as assert from 'assert';
import Dockerode from 'dockerode';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../../src/api';
import type { EngineNode, MessageNode, TreeNode, WorkloadNode } from '../../../src/tree/nodes';
import { EngineProxy } from './engineProxy';
import { sleep, waitFor } from './waitFor';

const EXTENSION_ID = 'workload-stacks.workload-stacks';
const TEST_LABEL = 'workload-stacks.test';
const LIST = 'GET /containers/json';

function engineSocket(): string {
  const host = process.env.DOCKER_HOST;
  if (!host?.startsWith('unix://')) throw new Error(`The integration suite needs DOCKER_HOST=unix://<private dockerd socket>, got '${host}'.`);
  return host.slice('unix://'.length);
}

/** A full collection, when this Node lets a running process turn `gc` on. */
function collector(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

describe('Workload Stacks against a faulty engine', function () {
  this.timeout(60_000);
  let api: WorkloadStacksApi;
  let docker: Dockerode;
  let proxy: EngineProxy;
  let container: Dockerode.Container;
  const config = () => vscode.workspace.getConfiguration('workloadStacks');
  let previousHost: string | undefined;

  async function engineNode(): Promise<EngineNode> {
    const roots = await api.tree.getChildren();
    const engine = roots.find((n): n is EngineNode => n.type === 'engine' && n.id === 'docker');
    assert.ok(engine, 'the Docker engine row is shown');
    return engine;
  }

  async function row(id: string): Promise<WorkloadNode | undefined> {
    const walk = async (nodes: TreeNode[]): Promise<WorkloadNode | undefined> => {
      for (const node of nodes) {
        if (node.type === 'workload' && node.summary.ref.id === id) return node;
        if (node.type === 'group') {
          const found = await walk(await api.tree.getChildren(node));
          if (found) return found;
        }
      }
      return undefined;
    };
    return walk(await api.tree.getChildren(await engineNode()));
  }

  before(async () => {
    docker = new Dockerode({ socketPath: engineSocket() });
    const extension = vscode.extensions.getExtension<WorkloadStacksApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    await vscode.commands.executeCommand('workbench.view.extension.workloadStacks');
    container = await docker.createContainer({
      name: `faults-${Math.random().toString(36).slice(2, 8)}`,
      Image: 'local/busybox:latest',
      Cmd: ['sleep', '3600'],
      Env: [`API_TOKEN=${process.env.WS_TEST_SECRET_CANARY ?? 'ws-secret-canary'}`],
      Labels: { [TEST_LABEL]: '1' },
      HostConfig: { Init: true },
    });
    await container.start();
    proxy = await EngineProxy.start(engineSocket());
    previousHost = config().inspect<string>('docker.host')?.globalValue;
    await config().update('docker.host', proxy.endpoint, vscode.ConfigurationTarget.Global);
    // The extension now lists and follows events through the proxy.
    await waitFor('the container listed through the proxy', async () => {
      await api.catalog.refresh('docker');
      return proxy.statsOf(LIST).total > 0 && (await row(container.id)) ? true : undefined;
    }, 10_000);
    await waitFor('the event stream through the proxy', () => (proxy.eventStreamCount >= 1 ? true : undefined), 10_000);
  });

  after(async () => {
    await config().update('docker.host', previousHost, vscode.ConfigurationTarget.Global);
    await proxy?.close();
    await container?.remove({ force: true }).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('holds exactly one event stream after the endpoint setting changed', async () => {
    // A settings change restarts the stream twice (provider reconnect, scheduler restart): an open
    // superseded while in progress must be dropped, not left delivering every event a second time.
    // Settled: the stream is up, and every open that reached the engine has its answer (a superseded
    // one still opening would be in flight without being a stream yet).
    await waitFor('the event opens to settle', () => {
      const opens = proxy.statsOf('GET /events');
      return !api.catalog.isReconnecting('docker') && opens.inFlight === proxy.eventStreamCount && proxy.eventStreamCount >= 1 ? true : undefined;
    }, 10_000);
    assert.strictEqual(proxy.eventStreamCount, 1);
  });

  it('keeps the tree responsive while the engine stalls a list, and folds 20 refreshes into one list at a time', async () => {
    const engine = await engineNode();
    proxy.delay(LIST, 2000);
    proxy.resetStats();
    try {
      const refreshes = Array.from({ length: 20 }, () => api.catalog.refresh('docker'));
      await waitFor('the stalled list to reach the engine', () => (proxy.statsOf(LIST).inFlight === 1 ? true : undefined), 1000);
      // While the list is stalled the tree answers from what it has.
      const started = Date.now();
      const roots = await api.tree.getChildren();
      const children = await api.tree.getChildren(engine);
      api.tree.getTreeItem(engine);
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 500, `getChildren took ${elapsed} ms while a list was stalled`);
      assert.ok(roots.includes(engine), 'the engine row is still there');
      assert.ok(children.some((n) => n.type === 'workload' || n.type === 'group'), 'the rows listed before are still there');
      assert.strictEqual(proxy.statsOf(LIST).inFlight, 1, 'still one list in flight');
      await Promise.all(refreshes);
      const stats = proxy.statsOf(LIST);
      assert.strictEqual(stats.maxInFlight, 1, 'never more than one list in flight');
      console.log(`  stall: getChildren ${elapsed} ms, 20 refreshes -> ${stats.total} lists, at most ${stats.maxInFlight} in flight`);
      assert.ok(stats.total >= 1 && stats.total <= 3, `20 refreshes folded into ${stats.total} list request(s)`);
    } finally {
      proxy.delay(LIST, 0);
    }
  });

  it('takes 100 events a second for 10 s with bounded lists and no memory growth', async function () {
    this.timeout(40_000);
    const gc = collector();
    const heap = () => {
      gc?.();
      return process.memoryUsage().heapUsed;
    };
    // A first burst warms up code paths, so the measured one compares like with like.
    const burst = async (durationMs: number) => {
      const started = Date.now();
      let sent = 0;
      while (Date.now() - started < durationMs) {
        const due = Math.floor((Date.now() - started) / 10);
        for (; sent < due; sent++) {
          proxy.injectEvent({
            Type: 'container',
            Action: 'start',
            Actor: { ID: container.id, Attributes: { name: 'injected' } },
            scope: 'local',
            time: Math.floor(Date.now() / 1000),
            timeNano: Date.now() * 1_000_000,
          });
        }
        await sleep(10);
      }
      return sent;
    };
    // Settled: no event left to fold into a refresh, and no list running (the trailing one done).
    const settled = () => waitFor('the throttle and the lists to settle', () => (api.refresher.isQuiet && !api.catalog.isListing ? true : undefined), 10_000);
    await burst(500);
    await settled();
    const heapBefore = heap();
    proxy.resetStats();
    const sent = await burst(10_000);
    await settled();
    const lists = proxy.statsOf(LIST);
    const heapAfter = heap();
    const growthMb = (heapAfter - heapBefore) / 1024 / 1024;
    console.log(`  burst: ${sent} events, ${lists.total} lists, heap ${(heapBefore / 1048576).toFixed(1)} -> ${(heapAfter / 1048576).toFixed(1)} MB${gc ? '' : ' (no gc available)'}`);
    assert.ok(sent >= 950, `injected ${sent} events`);
    assert.strictEqual(proxy.eventStreamCount, 1, 'one event stream carried the burst');
    assert.ok(lists.total >= 20, `the events reached the tree: ${lists.total} lists followed them`);
    assert.ok(lists.total <= 110, `${lists.total} lists for 10 s of events (the throttle allows about one per 100 ms)`);
    assert.strictEqual(lists.maxInFlight, 1, 'never more than one list in flight');
    assert.ok(growthMb < (gc ? 4 : 16), `heap grew by ${growthMb.toFixed(1)} MB across the burst`);
    const node = await row(container.id);
    assert.strictEqual(node?.summary.state, 'running', 'the row still shows what the engine says');
  });

  it('marks an open panel stale and the tree reconnecting while the engine is down, and heals by itself', async function () {
    this.timeout(40_000);
    const node = await waitFor('the row', () => row(container.id));
    await vscode.commands.executeCommand('workloadStacks.openStack', node);
    const panel = await waitFor('the panel', () => api.panels.find(node.summary.ref));
    await waitFor('the live panel', () => (panel.snapshot.status.kind === 'live' ? true : undefined), 10_000);

    const window = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    const original = { error: window.showErrorMessage, warning: window.showWarningMessage };
    const dialogs: string[] = [];
    window.showErrorMessage = ((message: string) => (dialogs.push(`error: ${message}`), Promise.resolve(undefined))) as typeof window.showErrorMessage;
    window.showWarningMessage = ((message: string) => (dialogs.push(`warning: ${message}`), Promise.resolve(undefined))) as typeof window.showWarningMessage;
    try {
      await proxy.down();
      await waitFor('the stale panel', () => (panel.snapshot.status.kind === 'stale' ? true : undefined), 5000);
      const engine = await engineNode();
      // Reconnecting, or (if a list ran meanwhile, e.g. the safety poll) already the diagnosis.
      await waitFor('the engine row to say it is reconnecting', () => {
        const item = api.tree.getTreeItem(engine);
        return /reconnecting/.test(String(item.description)) || item.contextValue === 'engine.error' ? true : undefined;
      }, 5000);
      // A list now fails: the tree shows the diagnosis as a row.
      await api.catalog.refresh('docker');
      const diagnosis = (await api.tree.getChildren(engine)).find((n): n is MessageNode => n.type === 'message' && n.tone === 'error');
      assert.ok(diagnosis, 'a diagnosis row says the engine cannot be reached');
      assert.ok(diagnosis.label.includes(proxy.socketPath), `the diagnosis names the endpoint: ${diagnosis.label}`);
      assert.deepStrictEqual(dialogs, [], 'the outage itself raised no dialog');
      // The spy sees the extension's dialogs: an inspect the user asks for during the outage does say it failed.
      await vscode.commands.executeCommand('workloadStacks.inspect', node);
      await waitFor('the inspect failure message', () => (dialogs.length > 0 ? true : undefined), 5000);
      dialogs.length = 0;
      // Down until two reconnects have failed (the backoff grew), which the engine row says.
      await waitFor('two failed reconnects', () => (api.catalog.failedReconnects('docker') >= 2 ? true : undefined), 10_000);
      const trying = api.tree.getTreeItem(engine);
      assert.ok(trying.contextValue === 'engine.error' || /reconnecting… \(\d+ tries failed\)/.test(String(trying.description)), `the row says it keeps trying: ${String(trying.description)}`);

      await proxy.up();
      // Nobody refreshes: the event stream's backoff reconnects, the panel and tree recover.
      await waitFor('the live panel again', () => (panel.snapshot.status.kind === 'live' ? true : undefined), 20_000);
      await waitFor('the container row again', async () => ((await row(container.id)) ? true : undefined), 5000);
      const description = String(api.tree.getTreeItem(engine).description);
      assert.doesNotMatch(description, /reconnecting/);
      assert.ok(!(await api.tree.getChildren(engine)).some((n) => n.type === 'message' && n.tone === 'error'), 'the diagnosis row is gone');
      assert.deepStrictEqual(dialogs, [], 'recovering raised no dialog');
    } finally {
      window.showErrorMessage = original.error;
      window.showWarningMessage = original.warning;
      await proxy.up();
    }
  });
});
