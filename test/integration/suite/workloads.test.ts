// The extension inside real VS Code (code-server), against the private engine the harness passes
// in DOCKER_HOST: the tree, its live updates, the panel, and the commands.
import * as assert from 'assert';
import Dockerode from 'dockerode';
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../../src/api';
import type { EngineNode, MessageNode, TreeNode, WorkloadNode } from '../../../src/tree/nodes';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'workload-stacks.workload-stacks';
const TEST_LABEL = 'workload-stacks.test';
/** A secret every test container carries; the runner checks the extension's log never holds it. */
const SECRET_CANARY = process.env.WS_TEST_SECRET_CANARY ?? 'ws-secret-canary';

function engineClient(): Dockerode {
  const host = process.env.DOCKER_HOST;
  if (!host?.startsWith('unix://')) throw new Error(`The integration suite needs DOCKER_HOST=unix://<private dockerd socket>, got '${host}'.`);
  return new Dockerode({ socketPath: host.slice('unix://'.length) });
}

function name(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

describe('Workload Stacks in VS Code', function () {
  this.timeout(60_000);
  let api: WorkloadStacksApi;
  let docker: Dockerode;
  const created: Dockerode.Container[] = [];

  async function run(containerName: string, labels: Record<string, string> = {}, start = true): Promise<Dockerode.Container> {
    const container = await docker.createContainer({
      name: containerName,
      Image: 'local/busybox:latest',
      Cmd: ['sleep', '3600'],
      Env: [`API_TOKEN=${SECRET_CANARY}`],
      Labels: { [TEST_LABEL]: '1', ...labels },
      HostConfig: { Init: true },
    });
    created.push(container);
    if (start) await container.start();
    return container;
  }

  async function engineNode(): Promise<EngineNode> {
    const roots = await api.tree.getChildren();
    const engine = roots.find((n): n is EngineNode => n.type === 'engine' && n.id === 'docker');
    assert.ok(engine, 'the Docker engine row is shown');
    return engine;
  }

  async function allWorkloadRows(): Promise<WorkloadNode[]> {
    const rows: WorkloadNode[] = [];
    const walk = async (nodes: TreeNode[]) => {
      for (const node of nodes) {
        if (node.type === 'workload') rows.push(node);
        else if (node.type === 'group') await walk(await api.tree.getChildren(node));
      }
    };
    await walk(await api.tree.getChildren(await engineNode()));
    return rows;
  }

  async function row(id: string): Promise<WorkloadNode | undefined> {
    return (await allWorkloadRows()).find((r) => r.summary.ref.id === id);
  }

  before(async () => {
    docker = engineClient();
    const extension = vscode.extensions.getExtension<WorkloadStacksApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    await vscode.commands.executeCommand('workbench.view.extension.workloadStacks');
  });

  after(async () => {
    await Promise.all(created.map((c) => c.remove({ force: true }).catch(() => undefined)));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers every command it contributes', async () => {
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, []);
    for (const required of ['workloadStacks.refresh', 'workloadStacks.openStack', 'workloadStacks.inspect', 'workloadStacks.copyId', 'workloadStacks.container.logs', 'workloadStacks.container.shell', 'workloadStacks.container.openPort']) {
      assert.ok(contributed.includes(required), `${required} is contributed`);
    }
  });

  it('shows containers grouped by Compose project, with state in the contextValue', async () => {
    const web = await run(name('web'), { 'com.docker.compose.project': 'itest', 'com.docker.compose.service': 'web' });
    const loose = await run(name('loose'), {}, false);
    await api.catalog.refresh();
    const engineChildren = await api.tree.getChildren(await engineNode());
    const group = engineChildren.find((n) => n.type === 'group' && n.project === 'itest');
    assert.ok(group, 'the Compose project has its own row');
    const members = (await api.tree.getChildren(group)) as WorkloadNode[];
    assert.deepStrictEqual(members.map((m) => m.summary.ref.id), [web.id]);
    const webItem = api.tree.getTreeItem(members[0]);
    assert.strictEqual(webItem.contextValue, 'container.running');
    assert.match(String(webItem.description), /^web · local\/busybox:latest · Up/);
    const looseRow = engineChildren.find((n): n is WorkloadNode => n.type === 'workload' && n.summary.ref.id === loose.id);
    assert.ok(looseRow, 'a container without a project sits directly under the engine');
    assert.strictEqual(api.tree.getTreeItem(looseRow).contextValue, 'container.created');
    assert.strictEqual(api.tree.getTreeItem(looseRow).tooltip, undefined, 'the tooltip waits for a hover');
    const tooltip = api.tree.resolveTreeItem(api.tree.getTreeItem(looseRow), looseRow).tooltip as vscode.MarkdownString;
    assert.ok(tooltip.value.includes(loose.id.slice(0, 12)), 'the tooltip carries the short id');
    assert.strictEqual(tooltip.isTrusted, false);
  });

  it('follows engine events: a stop from outside shows within a second, firing only that row', async () => {
    const container = await run(name('live'));
    await api.catalog.refresh();
    const node = await waitFor('the row', () => row(container.id));
    const fired: (TreeNode | TreeNode[] | undefined)[] = [];
    const listener = api.tree.onDidChangeTreeData((e) => fired.push(e));
    try {
      const started = Date.now();
      await container.stop({ t: 0 });
      await waitFor('the row to say exited', () => (node.summary.state === 'exited' ? true : undefined), 3000);
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 1000, `the tree changed ${elapsed} ms after the stop`);
      const flat = fired.flatMap((e) => (Array.isArray(e) ? e : [e]));
      assert.ok(flat.includes(node), 'the changed row itself was announced');
      assert.ok(!flat.includes(undefined), 'the whole tree was not redrawn');
    } finally {
      listener.dispose();
    }
  });

  it('shows the state an event reports before the list answers, and a list begun earlier does not undo it', async () => {
    const container = await run(name('early'));
    await api.catalog.refresh();
    const node = await waitFor('the row', () => row(container.id));
    // Each list reads the engine at once but answers only when the test lets it, as a slow engine
    // would: a list begun before the stop still says "running" when it answers.
    const provider = api.catalog.sources.find((p) => p.id === 'docker');
    assert.ok(provider);
    const list = provider.list.bind(provider);
    let release!: () => void;
    const answers = new Promise<void>((resolve) => (release = resolve));
    let listsRead = 0;
    let listsAnswered = 0;
    provider.list = async () => {
      const result = await list();
      listsRead++;
      await answers;
      listsAnswered++;
      return result;
    };
    const seen: string[] = [];
    const listener = api.tree.onDidChangeTreeData(() => seen.push(node.summary.state));
    try {
      const early = api.catalog.refresh('docker');
      await waitFor('a list to have read the running container', () => (listsRead >= 1 ? true : undefined), 5000);
      await container.stop({ t: 0 });
      await waitFor('the row to say exited', () => (node.summary.state === 'exited' ? true : undefined), 5000);
      assert.strictEqual(listsAnswered, 0, 'no list had answered yet: the event said it');
      assert.match(node.summary.status, /^Exited \(\d+\)/);
      release();
      await early;
      // The list begun before the stop answered "running"; the one the events folded into after it settles it.
      await waitFor('two lists to answer', () => (listsAnswered >= 2 ? true : undefined), 8000);
      await waitFor('the lists to settle', () => (api.refresher.isQuiet && !api.catalog.isListing ? true : undefined), 8000);
      assert.strictEqual(node.summary.state, 'exited');
      assert.ok(!seen.slice(seen.indexOf('exited')).includes('running'), `the row never went back to running: ${seen.join(' → ')}`);
    } finally {
      release();
      provider.list = list;
      listener.dispose();
    }
  });

  it('runs container actions from commands with a row as argument', async () => {
    const container = await run(name('acted'));
    await api.catalog.refresh();
    const node = await waitFor('the row', () => row(container.id));
    await vscode.commands.executeCommand('workloadStacks.container.pause', node);
    await waitFor('paused', async () => ((await container.inspect()).State.Paused ? true : undefined));
    await waitFor('the paused row', () => (node.summary.state === 'paused' ? true : undefined));
    assert.strictEqual(api.tree.getTreeItem(node).contextValue, 'container.paused');
    await vscode.commands.executeCommand('workloadStacks.container.unpause', node);
    await waitFor('running again', () => (node.summary.state === 'running' ? true : undefined));
  });

  it('opens the stack diagram in a panel titled after the container, then says when it is removed', async () => {
    const containerName = name('drawn');
    const container = await run(containerName);
    await api.catalog.refresh();
    const node = await waitFor('the row', () => row(container.id));
    await vscode.commands.executeCommand('workloadStacks.openStack', node);
    const panel = await waitFor('the panel', () => api.panels.find(node.summary.ref));
    const stack = await waitFor('the stack', () => panel.snapshot.stack);
    assert.strictEqual(panel.panel.title, `Stack: ${containerName}`);
    assert.deepStrictEqual(
      stack.layers.map((l) => l.kind).filter((k) => k !== 'hypervisor'),
      ['hardware', 'host-os', 'engine', 'isolation', 'libraries', 'app'],
    );
    await waitFor('the panel as an editor tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === `Stack: ${containerName}`),
    );
    await container.remove({ force: true });
    await waitFor('the removed status', () => (panel.snapshot.status.kind === 'removed' ? true : undefined), 5000);
  });

  it('compares two containers side by side over the layers they share', async () => {
    const first = await run(name('left'));
    const second = await run(name('right'));
    await api.catalog.refresh();
    const a = await waitFor('the first row', () => row(first.id));
    const b = await waitFor('the second row', () => row(second.id));
    await vscode.commands.executeCommand('workloadStacks.compare', a, [a, b]);
    const panel = await waitFor('the compare panel', () => api.panels.comparePanels.at(-1));
    const message = await waitFor('the compare model', () => panel.snapshot.model);
    assert.strictEqual(message.type, 'compare');
    if (message.type !== 'compare') return;
    const sharedKinds = message.model.shared.map((l) => l.kind);
    for (const kind of ['hardware', 'host-os', 'engine'] as const) assert.ok(sharedKinds.includes(kind), `${kind} is shared: ${sharedKinds.join(',')}`);
    assert.deepStrictEqual(message.model.columns.map((c) => c.workload.id), [first.id, second.id]);
    for (const column of message.model.columns) {
      assert.deepStrictEqual(column.layers.map((l) => l.kind), ['isolation', 'libraries', 'app']);
      assert.strictEqual(column.kernel.shared, true);
    }
  });

  it('shows raw inspect JSON in a read-only editor, and copies the id', async () => {
    const container = await run(name('inspected'));
    await api.catalog.refresh();
    const node = await waitFor('the row', () => row(container.id));
    await vscode.commands.executeCommand('workloadStacks.inspect', node);
    const editor = await waitFor('the inspect editor', () =>
      vscode.window.activeTextEditor?.document.uri.scheme === 'workload-stacks' ? vscode.window.activeTextEditor : undefined,
    );
    const parsed = JSON.parse(editor.document.getText()) as { Id: string };
    assert.strictEqual(parsed.Id, container.id);
    assert.strictEqual(editor.document.languageId, 'json');
    await vscode.commands.executeCommand('workloadStacks.copyId', node);
    assert.strictEqual(await vscode.env.clipboard.readText(), container.id);
  });

  it("copies a fact's value from the diagram's context menu, and nothing for a secret", async () => {
    // What VS Code passes from a right-clicked fact's data-vscode-context (webview-ui/src/facts.ts).
    const value = 'bridge <b>not markup</b> 10.214.138.2';
    await vscode.commands.executeCommand('workloadStacks.copyValue', { webviewSection: 'fact', factLabel: 'Networks', factValue: value });
    assert.strictEqual(await vscode.env.clipboard.readText(), value);
    await vscode.commands.executeCommand('workloadStacks.copyValue', { webviewSection: 'fact', factLabel: 'WS_SECRET' });
    assert.strictEqual(await vscode.env.clipboard.readText(), value, 'a secret has no value to copy: the clipboard is left alone');
  });

  it('opens log and shell terminals named after the container', async () => {
    const containerName = name('termed');
    const container = await run(containerName);
    await api.catalog.refresh();
    const node = await waitFor('the row', () => row(container.id));
    await vscode.commands.executeCommand('workloadStacks.container.logs', node);
    await vscode.commands.executeCommand('workloadStacks.container.shell', node);
    const names = () => vscode.window.terminals.map((t) => t.name);
    await waitFor('both terminals', () => (names().includes(`Logs: ${containerName}`) && names().includes(`Shell: ${containerName}`) ? true : undefined));
    for (const terminal of vscode.window.terminals) terminal.dispose();
  });

  it('asks with a QuickPick when a command comes from the palette without a row', async () => {
    const container = await run(name('picked'));
    await api.catalog.refresh();
    await vscode.env.clipboard.writeText('');
    let finished = false;
    const running = Promise.resolve(vscode.commands.executeCommand('workloadStacks.copyId')).finally(() => (finished = true));
    // The API cannot type into the pick: the first item is accepted and must be a listed workload
    // (this machine, a container or a VM). Accepting before the pick shows does nothing, so it is
    // accepted until the command has finished.
    await waitFor('the command to finish after its pick was accepted', async () => {
      if (!finished) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return finished ? true : undefined;
    }, 15_000);
    await running;
    const copied = await vscode.env.clipboard.readText();
    const listed = api.catalog.listedWorkloads().map((w) => w.ref.id);
    assert.ok(listed.includes(copied), `the copied id ${copied} belongs to a listed workload`);
    assert.ok(listed.includes(container.id));
  });

  it('hides stopped containers by setting, and narrows by filter without listing again', async () => {
    const running = await run(name('shown'));
    const stopped = await run(name('hidden'), { tier: 'batch' }, false);
    await api.catalog.refresh();
    await waitFor('both rows', async () => ((await row(running.id)) && (await row(stopped.id)) ? true : undefined));
    const config = vscode.workspace.getConfiguration('workloadStacks');
    await config.update('tree.hideStopped', true, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the stopped row to go', async () => (!(await row(stopped.id)) ? true : undefined));
      assert.ok(await row(running.id), 'the running container stays');
    } finally {
      await config.update('tree.hideStopped', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the stopped row to come back', async () => ((await row(stopped.id)) ? true : undefined));
    const { parseWorkloadFilter } = await import('../../../src/tree/workloadFilter');
    api.tree.setView({ filter: parseWorkloadFilter('label:tier=batch'), hideStopped: false });
    try {
      const rows = await allWorkloadRows();
      assert.deepStrictEqual(rows.map((r) => r.summary.ref.id), [stopped.id]);
      const description = String(api.tree.getTreeItem(await engineNode()).description);
      assert.match(description, /^1 of \d+ containers/);
    } finally {
      api.tree.setView({ filter: parseWorkloadFilter(''), hideStopped: false });
    }
  });

  it('shows a diagnosis row with fix-its when the engine cannot be reached, and recovers', async () => {
    const config = vscode.workspace.getConfiguration('workloadStacks');
    await config.update('docker.host', 'unix:///tmp/workload-stacks-itest-missing.sock', vscode.ConfigurationTarget.Global);
    try {
      const diagnosis = await waitFor('the diagnosis row', async () => {
        await api.catalog.refresh();
        const children = await api.tree.getChildren(await engineNode());
        return children.find((n): n is MessageNode => n.type === 'message' && n.tone === 'error');
      });
      assert.match(diagnosis.label, /workload-stacks-itest-missing\.sock/);
      const fixIts = (await api.tree.getChildren(diagnosis)) as MessageNode[];
      assert.deepStrictEqual(fixIts.map((f) => f.command?.command), ['workloadStacks.retryConnection', 'workbench.action.openSettings']);
    } finally {
      await config.update('docker.host', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the containers to come back', async () => {
      await api.catalog.refresh();
      return (await allWorkloadRows()).length > 0 ? true : undefined;
    });
  });
});
